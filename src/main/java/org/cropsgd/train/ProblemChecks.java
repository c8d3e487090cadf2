package org.cropsgd.train;

import java.util.ArrayList;
import java.util.List;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.OptimizerKind;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.OptionNames;
import org.cropsgd.errors.Errors;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.SymmetricEigen;

/**
 * What a run should warn about its least-squares problem before the first step: weights the data does not
 * determine (too few rows, collinear or constant features) and a step size that cannot make progress (an
 * ill-conditioned Hessian under {@code --learning-rate auto} without standardization). Everything but the
 * row count comes from the centred moments, so it is checked only when the run computed them anyway (for
 * standardization, the sufficient-statistics strategy or the automatic step size: every run but
 * per-epoch with {@code --standardize false} and a fixed learning rate).
 */
final class ProblemChecks {
    /** Above this condition number of the Hessian, steps of 1/λ barely move along its smallest directions. */
    static final double ILL_CONDITIONED = 1e8;

    private ProblemChecks() {}

    static void check(FitSettings config, TrainingSetup setup, RunWarnings warnings) {
        int d = setup.training().featureCount();
        int parameters = d + (config.intercept() ? 1 : 0);
        long rows = setup.training().rows();
        CentredMoments moments = setup.momentsInTrainingUnits();
        int undetermined = moments.undeterminedWeights(config.intercept());
        List<String> constant = new ArrayList<>();
        if (config.intercept()) {
            boolean[] isConstant = moments.constantFeatures();
            for (int j = 0; j < d; j++) {
                if (isConstant[j]) {
                    constant.add(setup.training().featureNames().get(j));
                }
            }
        }
        if (!constant.isEmpty()) {
            warnings.add(Errors.constantFeatures(constant, config.standardize()));
        }
        // Constant features are said above, with what becomes of their weights.
        if (rows < parameters) {
            warnings.add(Errors.notUnique(Errors.tooFewRows(rows, parameters), solution(config)));
        } else if (undetermined > constant.size()) {
            warnings.add(Errors.notUnique(Errors.collinearFeatures(undetermined), solution(config)));
        }
        if (!config.standardize() && config.optimizer().kind() == OptimizerKind.SGD
                && config.optimizer().learningRate().isEmpty()) {
            SymmetricEigen hessian = SymmetricEigen.valuesOf(moments.hessian(setup.training().labelCount(),
                    config.intercept()));
            // The smallest eigenvalues that are zero by collinearity are not slow directions, just flat ones.
            int flat = Math.min(undetermined, parameters - 1);
            double smallest = hessian.value(flat);
            double condition = smallest > 0 ? hessian.largest() / smallest : Double.POSITIVE_INFINITY;
            if (condition > ILL_CONDITIONED) {
                warnings.add(Errors.illConditioned(condition, ILL_CONDITIONED));
            }
        }
    }

    /** Which of the many least-squares solutions gradient descent reaches, as the options decide. */
    private static String solution(FitSettings config) {
        if (config.l2() > 0) {
            return Errors.ridgeSolution(OptionNames.flag(OptionNames.L2), config.l2());
        }
        if (config.optimizer().weightDecay() > 0) {
            return Errors.ridgeSolution(OptionNames.flag(OptionNames.WEIGHT_DECAY), config.optimizer().weightDecay());
        }
        if (config.optimizer().kind() == OptimizerKind.ADAM) {
            return Errors.adamSolution();
        }
        String units = config.standardize() ? "training units (standardized features)" : "the features' units";
        String start = config.warmStart().isPresent() ? OptionNames.flag(OptionNames.INIT_MODEL)
                : config.init() == InitMode.NORMAL ? OptionNames.flag(OptionNames.INIT) + " normal" : "";
        return Errors.minimumNormSolution(units, start);
    }
}
