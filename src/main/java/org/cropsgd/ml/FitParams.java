package org.cropsgd.ml;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.Grouping;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.config.OptimizerKind;
import org.cropsgd.config.OptimizerSettings;
import org.cropsgd.config.OptionNames;
import org.cropsgd.config.OptionValues;
import org.cropsgd.config.WarmStart;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.cropsgd.io.ModelFiles;

/**
 * A stage's params as the core's {@link FitSettings}: built by the same constructors the command line's
 * options go through, so every check and its message is the command line's, with the option named as the
 * param ({@link #forSpark}).
 */
final class FitParams {
    private FitParams() {}

    /** The settings of fitting {@code params} with the features {@code features}. */
    static FitSettings settings(CropSgdParams params, List<String> features, SparkSession spark) {
        try {
            // stepSize not set is the command line's --learning-rate auto.
            OptionalDouble learningRate = params.isSet(params.stepSize())
                    ? OptionalDouble.of((Double) params.getOrDefault(params.stepSize())) : OptionalDouble.empty();
            OptimizerSettings optimizer = new OptimizerSettings(
                    OptionValues.named(OptimizerKind.class, OptionNames.OPTIMIZER, params.getOrDefault(params.optimizer())),
                    learningRate,
                    (Double) params.getOrDefault(params.momentum()), (Boolean) params.getOrDefault(params.nesterov()),
                    (Double) params.getOrDefault(params.weightDecay()), (Double) params.getOrDefault(params.beta1()),
                    (Double) params.getOrDefault(params.beta2()), (Double) params.getOrDefault(params.eps()));
            Grouping.FailurePolicy onFailure = OptionValues.named(Grouping.FailurePolicy.class,
                    OptionNames.ON_GROUP_FAILURE, params.getOrDefault(params.onGroupFailure()));
            FitSettings settings = new FitSettings(features, params.getLabelCols(), params.getWeightCol(),
                    new Grouping(params.getGroupCols(), onFailure == Grouping.FailurePolicy.SKIP),
                    (Integer) params.getOrDefault(params.maxIter()), optimizer,
                    OptionValues.named(InitMode.class, OptionNames.INIT, params.getOrDefault(params.initMode())),
                    (Long) params.getOrDefault(params.seed()), (Boolean) params.getOrDefault(params.fitIntercept()),
                    (Boolean) params.getOrDefault(params.standardization()),
                    OptionValues.named(InvalidRowPolicy.class, OptionNames.INVALID,
                            params.getOrDefault(params.handleInvalid())),
                    OptionValues.strategy(params.getOrDefault(params.strategy())),
                    (Double) params.getOrDefault(params.regParam()), (Double) params.getOrDefault(params.tol()),
                    (Integer) params.getOrDefault(params.patience()),
                    (Double) params.getOrDefault(params.validationFraction()),
                    (Double) params.getOrDefault(params.batchFraction()), Optional.empty());
            if (params.isSet(params.initModel())) {
                String directory = params.getOrDefault(params.initModel());
                settings = settings.withWarmStart(new WarmStart(directory,
                        ModelFiles.read(directory, spark.sparkContext().hadoopConfiguration()).toModel()));
            }
            return settings;
        } catch (CropSgdException e) {
            throw forSpark(e);
        }
    }

    /**
     * A cropsgd error as Spark ML code reports one: the command line's message, with the option it is about
     * named as the param ("Invalid value '-1' for param maxIter (--epochs)"); a mistake (a usage error, bad
     * data, divergence) is an {@link IllegalArgumentException}, what a retry may fix stays as it is.
     */
    static RuntimeException forSpark(CropSgdException e) {
        CropSgdException named = e.option().filter(OptionNames.ML_PARAMS::containsKey)
                .map(option -> e.namingValueAs("param " + OptionNames.mlParam(option) + " (--" + option + ")"))
                .orElse(e);
        if (e.exitCode().worthRetry()) {
            return e;
        }
        return new IllegalArgumentException(named.getMessage(), e);
    }
}
