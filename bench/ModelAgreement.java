import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agreement check of bench/vs-mllib: do two fits of the same table give the same model?
 *
 * <p>Usage: {@code ModelAgreement CANDIDATE REFERENCE TOLERANCE}. Each side is either a cropsgd train output
 * directory (model.json's weights and bias; the training RMSE per label from metrics.json's
 * {@code per_label}) or a JSON file written by MllibLinearRegression (weights, bias, the summary's RMSE).
 * Labels and features are matched by name. Prints one line,
 * {@code rmse_rel=X coef_abs=Y agree=yes|no}: X is the largest relative difference of the training RMSEs,
 * |rmse_candidate − rmse_reference| / rmse_reference over the labels, Y the largest absolute difference of a
 * weight or intercept (original units); the models agree when X ≤ TOLERANCE. Plain Java (Jackson), no Spark.
 */
public final class ModelAgreement {
    /** One fitted model: per label, its training RMSE, intercept and weights by feature name. */
    record Fit(Map<String, Double> rmse, Map<String, Double> bias, Map<String, Map<String, Double>> weights) {
        static Fit read(File path) throws IOException {
            ObjectMapper json = new ObjectMapper();
            boolean cropsgd = path.isDirectory();
            JsonNode model = json.readTree(cropsgd ? new File(path, "model.json") : path);
            JsonNode metrics = cropsgd ? json.readTree(new File(path, "metrics.json")) : null;
            Map<String, Double> rmse = new LinkedHashMap<>();
            Map<String, Double> bias = new LinkedHashMap<>();
            Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
            for (int i = 0; i < model.get("labels").size(); i++) {
                String label = model.get("labels").get(i).asText();
                rmse.put(label, cropsgd
                        ? metrics.get("per_label").get(label).get("rmse").asDouble()
                        : model.get("rmse").get(i).asDouble());
                bias.put(label, model.get("bias").get(i).asDouble());
                Map<String, Double> row = new LinkedHashMap<>();
                Iterator<JsonNode> values = model.get("weights").get(i).elements();
                for (JsonNode feature : model.get("features")) {
                    row.put(feature.asText(), values.next().asDouble());
                }
                weights.put(label, row);
            }
            return new Fit(rmse, bias, weights);
        }
    }

    public static void main(String[] args) throws IOException {
        Fit candidate = Fit.read(new File(args[0]));
        Fit reference = Fit.read(new File(args[1]));
        double tolerance = Double.parseDouble(args[2]);
        if (!candidate.weights().keySet().equals(reference.weights().keySet())) {
            throw new IllegalArgumentException("different labels: " + candidate.weights().keySet()
                    + " and " + reference.weights().keySet());
        }
        double rmseRelative = 0;
        double coefficientAbsolute = 0;
        for (String label : reference.weights().keySet()) {
            double expected = reference.rmse().get(label);
            rmseRelative = Math.max(rmseRelative, Math.abs(candidate.rmse().get(label) - expected) / expected);
            coefficientAbsolute = Math.max(coefficientAbsolute,
                    Math.abs(candidate.bias().get(label) - reference.bias().get(label)));
            for (var weight : reference.weights().get(label).entrySet()) {
                Double other = candidate.weights().get(label).get(weight.getKey());
                if (other == null) {
                    throw new IllegalArgumentException("feature " + weight.getKey() + " missing in " + args[0]);
                }
                coefficientAbsolute = Math.max(coefficientAbsolute, Math.abs(other - weight.getValue()));
            }
        }
        System.out.printf("rmse_rel=%.3g coef_abs=%.3g agree=%s%n", rmseRelative, coefficientAbsolute,
                rmseRelative <= tolerance ? "yes" : "no");
    }
}
