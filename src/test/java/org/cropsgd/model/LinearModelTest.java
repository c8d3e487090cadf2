package org.cropsgd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LinearModelTest {

    @Test
    void standardNormalIsReproducibleForTheSameSeed() {
        LinearModel a = LinearModel.standardNormal(3, 4, true, 42L);
        LinearModel b = LinearModel.standardNormal(3, 4, true, 42L);

        assertTrue(Arrays.deepEquals(a.weights(), b.weights()));
        assertArrayEquals(a.bias(), b.bias());
    }

    @Test
    void standardNormalDiffersForAnotherSeed() {
        LinearModel a = LinearModel.standardNormal(3, 4, true, 42L);
        LinearModel b = LinearModel.standardNormal(3, 4, true, 43L);

        assertFalse(Arrays.deepEquals(a.weights(), b.weights()));
        assertFalse(Arrays.equals(a.bias(), b.bias()));
    }

    @Test
    void standardNormalHasZeroInterceptsWithoutIntercept() {
        LinearModel withIntercept = LinearModel.standardNormal(3, 4, true, 42L);
        LinearModel without = LinearModel.standardNormal(3, 4, false, 42L);

        assertArrayEquals(new double[3], without.bias());
        assertFalse(Arrays.equals(new double[3], withIntercept.bias()));
        // The weights are drawn first, so leaving out the intercepts does not change them.
        assertTrue(Arrays.deepEquals(withIntercept.weights(), without.weights()));
    }

    @Test
    void standardNormalDrawsHaveMeanZeroAndVarianceOne() {
        double[] w = LinearModel.standardNormal(1, 20_000, false, 1L).weights()[0];
        double mean = Arrays.stream(w).average().orElseThrow();
        double variance = Arrays.stream(w).map(v -> (v - mean) * (v - mean)).average().orElseThrow();

        // Standard errors for n = 20 000: ~0.007 for the mean, ~0.01 for the variance.
        assertEquals(0.0, mean, 0.05);
        assertEquals(1.0, variance, 0.05);
    }

    @Test
    void zerosHasTheRequestedShape() {
        LinearModel zeros = LinearModel.zeros(2, 5);

        assertEquals(2, zeros.labelCount());
        assertEquals(5, zeros.featureCount());
        assertArrayEquals(new double[5], zeros.weights()[1]);
        assertArrayEquals(new double[2], zeros.bias());
    }

    @Test
    void mutatingReturnedArraysDoesNotChangeTheModel() {
        LinearModel model = new LinearModel(new double[][] {{1.0, 2.0}}, new double[] {3.0});

        model.weights()[0][1] = 99.0;
        model.bias()[0] = 99.0;

        assertEquals(2.0, model.weight(0, 1));
        assertEquals(3.0, model.bias(0));
    }

    @Test
    void mutatingTheArraysHandedInDoesNotChangeTheModel() {
        double[][] w = {{1.0, 2.0}};
        double[] b = {3.0};
        LinearModel model = new LinearModel(w, b);

        w[0][0] = 99.0;
        b[0] = 99.0;

        assertEquals(1.0, model.weight(0, 0));
        assertEquals(3.0, model.bias(0));
    }

    @Test
    void constructorRejectsMoreWeightRowsThanIntercepts() {
        assertThrows(IllegalArgumentException.class,
                () -> new LinearModel(new double[][] {{1.0}, {2.0}}, new double[] {0.0}));
    }

    @Test
    void constructorRejectsFewerWeightRowsThanIntercepts() {
        assertThrows(IllegalArgumentException.class,
                () -> new LinearModel(new double[][] {{1.0}}, new double[] {0.0, 0.0}));
    }

    @Test
    void constructorRejectsRaggedWeightRows() {
        assertThrows(IllegalArgumentException.class,
                () -> new LinearModel(new double[][] {{1.0, 2.0}, {3.0}}, new double[] {0.0, 0.0}));
    }
}
