package org.cropsgd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardizationTest {
    private static final double RELATIVE = 1e-12;
    private static final int LABELS = 3;
    private static final int FEATURES = 4;

    @Test
    void originalUnitsModelPredictsOnRawXWhatTheStandardizedModelPredictsOnZ() {
        Random random = new Random(20240601L);
        for (int trial = 0; trial < 50; trial++) {
            Standardization s = randomStandardization(random);
            LinearModel standardized = randomModel(random);
            LinearModel original = s.toOriginalUnits(standardized);
            double[] mean = s.mean();
            double[] scale = s.scale();
            for (int point = 0; point < 20; point++) {
                double[] x = new double[FEATURES];
                double[] z = new double[FEATURES];
                for (int j = 0; j < FEATURES; j++) {
                    x[j] = mean[j] + scale[j] * 3 * random.nextGaussian();
                    z[j] = (x[j] - mean[j]) / scale[j];
                }
                for (int k = 0; k < LABELS; k++) {
                    assertClose(predict(standardized, k, z), predict(original, k, x));
                }
            }
        }
    }

    @Test
    void toStandardizedUnitsIsTheInverseOfToOriginalUnits() {
        Random random = new Random(7L);
        for (int trial = 0; trial < 50; trial++) {
            Standardization s = randomStandardization(random);
            LinearModel model = randomModel(random);

            assertModelsClose(model, s.toStandardizedUnits(s.toOriginalUnits(model)));
            assertModelsClose(model, s.toOriginalUnits(s.toStandardizedUnits(model)));
        }
    }

    @Test
    void toOriginalUnitsDividesWeightsByScaleAndShiftsTheIntercept() {
        // W/σ = (2/4, 3/0.5) = (0.5, 6); b − Σ (W/σ)·μ = 1 − (0.5·2 + 6·(−1)) = 6.
        Standardization s = new Standardization(new double[] {2.0, -1.0}, new double[] {4.0, 0.5});
        LinearModel original = s.toOriginalUnits(new LinearModel(new double[][] {{2.0, 3.0}}, new double[] {1.0}));

        assertArrayEquals(new double[] {0.5, 6.0}, original.weights()[0]);
        assertEquals(6.0, original.bias(0));
    }

    @Test
    void ofReplacesAZeroStandardDeviationByOne() {
        Standardization s = Standardization.of(new double[] {1.0, 2.0, 3.0}, new double[] {0.0, 2.5, 0.0}, true);

        assertArrayEquals(new double[] {1.0, 2.5, 1.0}, s.scale());
        assertArrayEquals(new double[] {1.0, 2.0, 3.0}, s.mean());
    }

    @Test
    void ofWithoutCentringHasMeanZeroButKeepsTheScale() {
        Standardization s = Standardization.of(new double[] {1.0, -2.0}, new double[] {3.0, 0.5}, false);

        assertArrayEquals(new double[] {0.0, 0.0}, s.mean());
        assertArrayEquals(new double[] {3.0, 0.5}, s.scale());
    }

    @Test
    void constructorRejectsANonPositiveScale() {
        assertThrows(IllegalArgumentException.class,
                () -> new Standardization(new double[] {0.0}, new double[] {0.0}));
        assertThrows(IllegalArgumentException.class,
                () -> new Standardization(new double[] {0.0}, new double[] {Double.NaN}));
    }

    @Test
    void identityLeavesModelsUnchanged() {
        Standardization identity = Standardization.identity(FEATURES);
        LinearModel model = randomModel(new Random(3L));

        assertTrue(identity.isIdentity());
        assertArrayEquals(new double[FEATURES], identity.mean());
        assertArrayEquals(new double[] {1.0, 1.0, 1.0, 1.0}, identity.scale());
        assertModelsEqual(model, identity.toOriginalUnits(model));
        assertModelsEqual(model, identity.toStandardizedUnits(model));
    }

    @Test
    void aNonTrivialStandardizationIsNotIdentity() {
        assertFalse(new Standardization(new double[] {0.0, 1.0}, new double[] {1.0, 1.0}).isIdentity());
        assertFalse(new Standardization(new double[] {0.0, 0.0}, new double[] {1.0, 2.0}).isIdentity());
    }

    @Test
    void accessorsReturnCopies() {
        Standardization s = new Standardization(new double[] {1.0}, new double[] {2.0});
        s.mean()[0] = 99.0;
        s.scale()[0] = 99.0;

        assertArrayEquals(new double[] {1.0}, s.mean());
        assertArrayEquals(new double[] {2.0}, s.scale());
    }

    private static Standardization randomStandardization(Random random) {
        double[] mean = new double[FEATURES];
        double[] scale = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            mean[j] = 10 * random.nextGaussian();
            scale[j] = 0.1 + 5 * random.nextDouble();
        }
        return new Standardization(mean, scale);
    }

    private static LinearModel randomModel(Random random) {
        double[][] w = new double[LABELS][FEATURES];
        double[] b = new double[LABELS];
        for (int k = 0; k < LABELS; k++) {
            for (int j = 0; j < FEATURES; j++) {
                w[k][j] = random.nextGaussian();
            }
            b[k] = random.nextGaussian();
        }
        return new LinearModel(w, b);
    }

    private static double predict(LinearModel model, int label, double[] x) {
        double y = model.bias(label);
        for (int j = 0; j < x.length; j++) {
            y += model.weight(label, j) * x[j];
        }
        return y;
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, RELATIVE * Math.max(1.0, Math.abs(expected)));
    }

    private static void assertModelsClose(LinearModel expected, LinearModel actual) {
        for (int k = 0; k < LABELS; k++) {
            for (int j = 0; j < FEATURES; j++) {
                assertClose(expected.weight(k, j), actual.weight(k, j));
            }
            assertClose(expected.bias(k), actual.bias(k));
        }
    }

    private static void assertModelsEqual(LinearModel expected, LinearModel actual) {
        for (int k = 0; k < LABELS; k++) {
            assertArrayEquals(expected.weights()[k], actual.weights()[k]);
        }
        assertArrayEquals(expected.bias(), actual.bias());
    }
}
