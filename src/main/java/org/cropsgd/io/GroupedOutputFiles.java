package org.cropsgd.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.LabelMetrics;

/**
 * The files of a grouped training output ({@code --group-by}): {@code model.json} says what the models are
 * of and where they are, {@code models.jsonl} holds one JSON object per group (its key, rows, weights,
 * intercepts, metrics and coefficient statistics; Spark reads it with {@code spark.read.json}, pandas with
 * {@code read_json(lines=True)}), {@code metrics.json} the summary over the groups, {@code history.csv}
 * every group's losses ({@code group,epoch,loss}).
 */
public final class GroupedOutputFiles {
    public static final String MODELS = "models.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter LINE = MAPPER.writer();

    private GroupedOutputFiles() {}

    /**
     * {@code model.json} of a grouped output.
     *
     * @param groupBy    the key columns
     * @param keyTypes   each key column's Spark type (DDL), which scoring casts the input's key columns to
     * @param models     the file with one model per group
     * @param groups     how many groups have a model
     */
    @JsonPropertyOrder({"features", "labels", "group_by", "key_types", "models", "groups", "standardized", "config",
            "version"})
    public record ModelIndex(List<String> features, List<String> labels, @JsonProperty("group_by") List<String> groupBy,
                             @JsonProperty("key_types") Map<String, String> keyTypes, String models, int groups,
                             boolean standardized, Map<String, Object> config, String version) {}

    /**
     * One line of {@code models.jsonl}: a group's model. Scoring reads {@code key}, {@code weights} and
     * {@code bias}; the rest is how training went, left out (null) when a saved Spark ML model no longer knows it.
     */
    @JsonPropertyOrder({"key", "rows", "weights", "bias", "epochs", "stop_reason", "learning_rate", "loss",
            "per_label", "coefficient_statistics"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record GroupModel(JsonNode key, Long rows, double[][] weights, double[] bias, Integer epochs,
                             @JsonProperty("stop_reason") String stopReason,
                             @JsonProperty("learning_rate") Double learningRate, Double loss,
                             @JsonProperty("per_label") Map<String, LabelMetrics> perLabel,
                             @JsonProperty("coefficient_statistics")
                             Map<String, CoefficientStatistics.LabelStatistics> coefficientStatistics) {}

    /** A group left without a model, and why. */
    public record FailedGroup(JsonNode key, String reason) {}

    /** How one metric spreads over the groups, per label: the worst groups named. */
    @JsonPropertyOrder({"min", "median", "max", "worst"})
    public record Spread(double min, double median, double max, List<JsonNode> worst) {}

    /**
     * {@code metrics.json} of a grouped output.
     *
     * @param loss       the MSE of all trained groups' rows, each predicted by its group's model, over n·k
     * @param rows       the training rows of every group (without those dropped as invalid)
     * @param rowsScored those of the groups with a model: the rows of {@code loss} and {@code perLabel}
     * @param perLabel   the same rows' metrics per label (R² about the overall mean)
     * @param rmse       per label, how the groups' RMSE spreads
     * @param r2         per label, how the groups' R² spreads (groups with a constant label left out)
     */
    @JsonPropertyOrder({"groups", "groups_trained", "groups_failed", "loss", "rows", "rows_scored", "rows_dropped",
            "per_label",
            "group_rmse", "group_r2", "strategy", "data_passes", "train_seconds", "total_seconds", "warnings"})
    public record Metrics(int groups, @JsonProperty("groups_trained") int groupsTrained,
                          @JsonProperty("groups_failed") List<FailedGroup> groupsFailed, double loss, long rows,
                          @JsonProperty("rows_scored") long rowsScored,
                          @JsonProperty("rows_dropped") long rowsDropped,
                          @JsonProperty("per_label") Map<String, LabelMetrics> perLabel,
                          @JsonProperty("group_rmse") Map<String, Spread> rmse,
                          @JsonProperty("group_r2") Map<String, Spread> r2, String strategy,
                          @JsonProperty("data_passes") long dataPasses,
                          @JsonProperty("train_seconds") double trainSeconds,
                          @JsonProperty("total_seconds") double totalSeconds, List<String> warnings) {}

    /** One group's losses for {@code history.csv}. */
    public record History(String group, double[] loss) {}

    /** Writes the four files into {@code output} (not yet committed). */
    public static void write(AtomicOutputDirectory output, ModelIndex index, List<GroupModel> models,
            Metrics metrics, List<History> histories) {
        output.write(OutputFiles.MODEL, stream -> OutputFiles.JSON.writeValue(stream, index));
        output.write(MODELS, stream -> writeLines(stream, models));
        output.write(OutputFiles.METRICS, stream -> OutputFiles.JSON.writeValue(stream, metrics));
        output.write(OutputFiles.HISTORY, stream -> writeHistory(stream, histories));
    }

    /**
     * A grouped model's {@code model.json} and {@code models.jsonl} written straight into {@code directory} (a
     * Spark ML save's: Spark's writer has checked the path), readable as a train output's by {@code predict}.
     */
    public static void writeModel(String directory, ModelIndex index, List<GroupModel> models,
            org.apache.hadoop.conf.Configuration hadoopConf) {
        OutputFiles.writeNew(directory, OutputFiles.MODEL, hadoopConf, stream -> OutputFiles.JSON.writeValue(stream, index));
        OutputFiles.writeNew(directory, MODELS, hadoopConf, stream -> writeLines(stream, models));
    }

    /** {@code models.jsonl}: one compact JSON object per line. */
    private static void writeLines(OutputStream stream, List<GroupModel> models) throws IOException {
        for (GroupModel model : models) {
            stream.write(LINE.writeValueAsBytes(model));
            stream.write('\n');
        }
    }

    /** {@code group,epoch,loss}: the group as its key's JSON (quoted by the CSV writer). */
    private static void writeHistory(OutputStream stream, List<History> histories) throws IOException {
        CsvSchema schema = CsvSchema.builder().addColumn("group").addColumn("epoch").addColumn("loss").build()
                .withHeader();
        try (SequenceWriter rows = new CsvMapper().writer(schema).writeValues(stream)) {
            for (History history : histories) {
                for (int epoch = 0; epoch < history.loss().length; epoch++) {
                    rows.write(List.of(history.group(), epoch, history.loss()[epoch]));
                }
            }
        }
    }

    /** A group's value (the canonical JSON of its key) as a JSON object. */
    public static JsonNode key(String group) {
        try {
            return MAPPER.readTree(group);
        } catch (IOException e) {
            throw new UncheckedIOException("not a group key: " + group, e);
        }
    }
}
