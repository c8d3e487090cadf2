package org.cropsgd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TrainConfigTest {

    /** A valid configuration, changed one setting at a time by the tests. */
    private static final class Builder {
        String input = "data/crops.csv";
        Optional<InputFormat> format = Optional.empty();
        Optional<CsvDelimiter> csvDelimiter = Optional.empty();
        List<String> features = List.of("rain", "temperature");
        List<String> labels = List.of("yield", "protein");
        String output = "out/model";
        boolean overwrite = false;
        int epochs = 100;
        double learningRate = 0.01;
        boolean autoLearningRate = false;
        InitMode init = InitMode.ZEROS;
        long seed = 7L;
        boolean intercept = true;
        boolean standardize = true;
        InvalidRowPolicy invalidRows = InvalidRowPolicy.ERROR;
        GradientStrategy strategy = GradientStrategy.AUTO;
        double l2 = 0;
        double tol = 0;
        int patience = 5;
        double validationFraction = 0;
        double batchFraction = 1;

        TrainConfig build() {
            TrainConfig.requirePaths(input, output);
            FitSettings fit = new FitSettings(features, labels, Optional.empty(), null, epochs,
                    OptimizerSettings.sgd(Double.isNaN(learningRate) && autoLearningRate ? OptionalDouble.empty()
                            : OptionalDouble.of(learningRate)),
                    init, seed, intercept, standardize, invalidRows, strategy, l2, tol, patience,
                    validationFraction, batchFraction, Optional.empty());
            return new TrainConfig(input, format, csvDelimiter, output, overwrite, Optional.empty(), fit);
        }
    }

    @Test
    void aValidConfigBuildsAndKeepsItsSettings() {
        TrainConfig config = new Builder().build();

        assertEquals("data/crops.csv", config.input());
        assertEquals(List.of("rain", "temperature"), config.fit().features());
        assertEquals(List.of("yield", "protein"), config.fit().labels());
        assertEquals(100, config.fit().epochs());
        assertEquals(OptionalDouble.of(0.01), config.fit().optimizer().learningRate());
    }

    @Test
    void nullFeaturesAndFormatBecomeEmpty() {
        Builder b = new Builder();
        b.features = null;
        b.format = null;
        TrainConfig config = b.build();

        assertEquals(List.of(), config.fit().features());
        assertEquals(Optional.empty(), config.format());
    }

    @Test
    void zeroEpochsIsAllowed() {
        Builder b = new Builder();
        b.epochs = 0;
        assertEquals(0, b.build().fit().epochs());
    }

    @Test
    void missingInputIsAUsageError() {
        Builder b = new Builder();
        b.input = null;
        assertUsageError(b, "--input");
        b.input = "  ";
        assertUsageError(b, "--input");
    }

    @Test
    void missingOutputIsAUsageError() {
        Builder b = new Builder();
        b.output = null;
        assertUsageError(b, "--output");
        b.output = "";
        assertUsageError(b, "--output");
    }

    @Test
    void missingOrEmptyLabelsIsAUsageError() {
        Builder b = new Builder();
        b.labels = null;
        assertUsageError(b, "--labels");
        b.labels = List.of();
        assertUsageError(b, "--labels");
    }

    @Test
    void duplicateLabelsAreAUsageError() {
        Builder b = new Builder();
        b.labels = List.of("yield", "protein", "yield");
        String message = assertUsageError(b, "--labels");
        assertTrue(message.contains("yield"), message);
    }

    @Test
    void aLabelListedAsAFeatureIsAUsageError() {
        Builder b = new Builder();
        b.features = List.of("rain", "yield");
        String message = assertUsageError(b, "--features");
        assertTrue(message.contains("--labels"), message);
        assertTrue(message.contains("yield"), message);
    }

    @Test
    void negativeEpochsIsAUsageError() {
        Builder b = new Builder();
        b.epochs = -1;
        String message = assertUsageError(b, "--epochs");
        assertTrue(message.contains("-1"), message);
    }

    @Test
    void learningRateZeroIsAUsageError() {
        Builder b = new Builder();
        b.learningRate = 0.0;
        assertUsageError(b, "--learning-rate");
    }

    @Test
    void negativeLearningRateIsAUsageError() {
        Builder b = new Builder();
        b.learningRate = -0.1;
        assertUsageError(b, "--learning-rate");
    }

    @Test
    void learningRateNaNIsAUsageError() {
        Builder b = new Builder();
        b.learningRate = Double.NaN;
        assertUsageError(b, "--learning-rate");
    }

    @Test
    void infiniteLearningRateIsAUsageError() {
        Builder b = new Builder();
        b.learningRate = Double.POSITIVE_INFINITY;
        assertUsageError(b, "--learning-rate");
    }

    @Test
    void formatComesFromTheExtension() {
        assertEquals(InputFormat.CSV, withInput("data/crops.csv").resolvedFormat());
        assertEquals(InputFormat.PARQUET, withInput("data/crops.parquet").resolvedFormat());
        assertEquals(InputFormat.ORC, withInput("hdfs://nn/data/crops.orc").resolvedFormat());
        assertEquals(InputFormat.CSV, withInput("DATA.CSV").resolvedFormat());
    }

    @Test
    void formatComesFromTheExtensionBeforeACompressionSuffix() {
        assertEquals(InputFormat.CSV, withInput("data.csv.gz").resolvedFormat());
    }

    @Test
    void formatComesFromTheExtensionOfADirectoryWithATrailingSlash() {
        assertEquals(InputFormat.PARQUET, withInput("x.parquet/").resolvedFormat());
    }

    @Test
    void anUnknownExtensionWithoutFormatIsAUsageErrorMentioningFormat() {
        TrainConfig config = withInput("data/crops.txt");
        CropSgdException e = assertThrows(CropSgdException.class, config::resolvedFormat);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--format"), e.getMessage());
        assertTrue(e.getMessage().contains("data/crops.txt"), e.getMessage());
    }

    @Test
    void anExplicitFormatWinsOverTheExtension() {
        Builder b = new Builder();
        b.input = "data/crops.csv";
        b.format = Optional.of(InputFormat.ORC);
        assertEquals(InputFormat.ORC, b.build().resolvedFormat());

        b.input = "data/crops.txt";
        b.format = Optional.of(InputFormat.PARQUET);
        assertEquals(InputFormat.PARQUET, b.build().resolvedFormat());
    }

    @Test
    void asOptionsHasTheSettingsByOptionName() {
        Map<String, Object> options = new Builder().build().asOptions();

        for (String key : List.of("input", "labels", "epochs", "learning-rate", "seed", "standardize")) {
            assertTrue(options.containsKey(key), "missing key " + key + " in " + options);
        }
        assertEquals("data/crops.csv", options.get("input"));
        assertEquals(List.of("yield", "protein"), options.get("labels"));
        assertEquals(100, options.get("epochs"));
        assertEquals(0.01, options.get("learning-rate"));
        assertEquals(7L, options.get("seed"));
        assertEquals(true, options.get("standardize"));
        assertEquals("csv", options.get("format"));
    }

    @Test
    void theCsvDelimiterIsSavedAsWrittenAndOnlyForCsv() {
        Builder b = new Builder();
        assertEquals(null, b.build().asOptions().get("csv-delimiter"));
        b.csvDelimiter = Optional.of(CsvDelimiter.parse("tab"));
        assertEquals("\\t", b.build().asOptions().get("csv-delimiter"));
        assertEquals(CsvDelimiter.parse("\\t"), b.build().csvDelimiter().orElseThrow());
        b.input = "data/crops.parquet";
        assertUsageError(b, "--csv-delimiter");
        assertThrows(CropSgdException.class, () -> CsvDelimiter.parse(";;"));
    }

    private static TrainConfig withInput(String input) {
        Builder b = new Builder();
        b.input = input;
        return b.build();
    }

    /** Asserts that building fails with a usage error whose message names {@code option}; returns it. */
    private static String assertUsageError(Builder builder, String option) {
        Executable build = builder::build;
        CropSgdException e = assertThrows(CropSgdException.class, build);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(option), "expected '" + option + "' in: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void anAutoLearningRateIsValidAndSavedAsAuto() {
        Builder b = new Builder();
        b.learningRate = Double.NaN;
        b.autoLearningRate = true;
        TrainConfig config = b.build();

        assertEquals(OptionalDouble.empty(), config.fit().optimizer().learningRate());
        assertEquals("auto", config.asOptions().get("learning-rate"));
        assertEquals("auto", config.asOptions().get("strategy"));
    }

    @Test
    void trainingOptionsOutOfRangeAreUsageErrors() {
        assertUsageError(b -> b.l2 = -1, "--l2");
        assertUsageError(b -> b.tol = -0.5, "--tol");
        assertUsageError(b -> b.patience = 0, "--patience");
        assertUsageError(b -> b.validationFraction = 1.0, "--validation-fraction");
        assertUsageError(b -> b.batchFraction = 0.0, "--batch-fraction");
        assertUsageError(b -> {
            b.batchFraction = 0.5;
            b.strategy = GradientStrategy.SUFFICIENT_STATS;
        }, "--batch-fraction");
    }

    @Test
    void formatIsTakenFromTheFileNameNotFromFolderNames() {
        Builder b = new Builder();
        b.input = "/data/run.csv.d/part.parquet";
        assertEquals(InputFormat.PARQUET, b.build().resolvedFormat());
    }

    private static void assertUsageError(java.util.function.Consumer<Builder> change, String option) {
        Builder b = new Builder();
        change.accept(b);
        CropSgdException e = assertThrows(CropSgdException.class, b::build);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(option), e.getMessage());
    }
}
