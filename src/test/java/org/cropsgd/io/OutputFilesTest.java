package org.cropsgd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.cropsgd.metrics.LabelMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    // Values chosen to need all 17 significant digits or an exponent, so a lossy format would show.
    private static final double[][] WEIGHTS = {
        {0.1, 1.0 / 3.0, -2.5e-7},
        {Math.PI, Double.MIN_VALUE, 1e300}};
    private static final double[] BIAS = {Math.nextUp(1.0), -123456.789012345678};
    private static final double[] HISTORY = {1.0 / 3.0, 0.1, 1e-300, Math.E, 0.0};

    @TempDir
    Path parent;

    private Path target;

    @BeforeEach
    void writeOutput() {
        target = parent.resolve("out");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("epochs", 4);
        config.put("learning-rate", 0.01);
        ModelFile model = new ModelFile(List.of("rain", "sun", "soil"), List.of("yield", "protein"), WEIGHTS,
                BIAS, true, config, "9.9.9-test");
        Map<String, LabelMetrics> perLabel = new LinkedHashMap<>();
        perLabel.put("yield", new LabelMetrics(0.25, 0.5, 0.375, 0.875));
        perLabel.put("protein", new LabelMetrics(0.0, 0.0, 0.0, null));   // constant label: R² undefined
        MetricsFile metrics = new MetricsFile(0.125, 0.0, null, 4, "max_epochs", 1000, 7, 0, perLabel, "per-epoch", 5, 0.25, 1.5, 2.5,
                java.util.List.of(), Map.of());

        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false,
                new Configuration())) {
            OutputFiles.write(output, model, metrics, new HistoryFile(HISTORY, null, null));
            output.commit();
        }
    }

    @Test
    void historyCsvHasAHeaderAndOneExactRowPerEpoch() throws IOException {
        List<String> lines = nonBlankLines(target.resolve(OutputFiles.HISTORY));

        assertEquals("epoch,loss", lines.get(0));
        assertEquals(HISTORY.length + 1, lines.size(), String.join("\n", lines));
        for (int epoch = 0; epoch < HISTORY.length; epoch++) {
            String[] cells = lines.get(epoch + 1).split(",");
            assertEquals(2, cells.length, lines.get(epoch + 1));
            assertEquals(epoch, Integer.parseInt(cells[0]));
            assertTrue(HISTORY[epoch] == Double.parseDouble(cells[1]),
                    "epoch " + epoch + ": wrote " + HISTORY[epoch] + ", read " + cells[1]);
        }
    }

    @Test
    void modelJsonHasItsKeysInOrderAndExactWeights() throws IOException {
        JsonNode model = JSON.readTree(target.resolve(OutputFiles.MODEL).toFile());

        assertEquals(List.of("features", "labels", "weights", "bias", "standardized", "config", "version"),
                fieldNames(model));
        assertEquals(List.of("rain", "sun", "soil"), JSON.treeToValue(model.get("features"), List.class));
        assertEquals(List.of("yield", "protein"), JSON.treeToValue(model.get("labels"), List.class));

        double[][] weights = JSON.treeToValue(model.get("weights"), double[][].class);
        assertEquals(WEIGHTS.length, weights.length);
        for (int k = 0; k < WEIGHTS.length; k++) {
            assertArrayEquals(WEIGHTS[k], weights[k], "weight row " + k);   // bit for bit
        }
        assertArrayEquals(BIAS, JSON.treeToValue(model.get("bias"), double[].class));
        assertTrue(model.get("standardized").booleanValue());
        assertEquals(4, model.get("config").get("epochs").intValue());
        assertEquals(0.01, model.get("config").get("learning-rate").doubleValue());
        assertEquals("9.9.9-test", model.get("version").textValue());
    }

    @Test
    void metricsJsonHasSnakeCaseKeysAndNullForAnUndefinedR2() throws IOException {
        JsonNode metrics = JSON.readTree(target.resolve(OutputFiles.METRICS).toFile());

        List<String> keys = fieldNames(metrics);
        for (String key : List.of("per_label", "train_seconds", "rows_dropped")) {
            assertTrue(keys.contains(key), "missing " + key + " in " + keys);
        }
        assertEquals(7, metrics.get("rows_dropped").longValue());
        assertEquals(1.5, metrics.get("train_seconds").doubleValue());

        JsonNode perLabel = metrics.get("per_label");
        assertEquals(List.of("yield", "protein"), fieldNames(perLabel));
        assertEquals(0.875, perLabel.get("yield").get("r2").doubleValue());
        assertTrue(perLabel.get("protein").has("r2"), "r2 must be present");
        assertTrue(perLabel.get("protein").get("r2").isNull(), perLabel.toString());
    }

    @Test
    void theCommittedDirectoryHasAllFilesAndTheSuccessMarker() {
        for (String name : List.of(OutputFiles.MODEL, OutputFiles.METRICS, OutputFiles.HISTORY,
                AtomicOutputDirectory.SUCCESS_MARKER)) {
            assertTrue(Files.isRegularFile(target.resolve(name)), name);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> nonBlankLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
    }
}
