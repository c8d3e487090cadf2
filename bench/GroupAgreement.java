import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The agreement check of bench/grouped-vs-mllib: for every region MLlib fitted, does cropsgd's model of that
 * region (models.jsonl of a {@code train --group-by region} output) match it?
 *
 * <p>Usage: {@code GroupAgreement CROPSGD_OUTPUT MLLIB.json TOLERANCE}. Prints one line,
 * {@code regions=N rmse_rel=X coef_abs=Y agree=yes|no}: X is the largest relative difference of a label's
 * training RMSE (cropsgd's per_label.rmse against MLlib's summary), Y the largest absolute difference of a
 * weight or intercept; the models agree when X ≤ TOLERANCE. Features are matched by name.
 */
public final class GroupAgreement {
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        File output = new File(args[0]);
        JsonNode index = json.readTree(new File(output, "model.json"));
        Map<String, JsonNode> ours = new HashMap<>();
        for (String line : Files.readAllLines(new File(output, "models.jsonl").toPath())) {
            JsonNode model = json.readTree(line);
            ours.put(model.get("key").get("region").asText(), model);
        }
        JsonNode theirs = json.readTree(new File(args[1])).get("models");
        double tolerance = Double.parseDouble(args[2]);
        double rmseRel = 0;
        double coefAbs = 0;
        int regions = 0;
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) theirs::fields) {
            JsonNode mllib = entry.getValue();
            JsonNode model = ours.get(entry.getKey());
            if (model == null) {
                System.out.println("regions=" + regions + " missing=" + entry.getKey() + " agree=no");
                System.exit(1);
            }
            regions++;
            for (int label = 0; label < index.get("labels").size(); label++) {
                String name = index.get("labels").get(label).asText();
                double a = model.get("per_label").get(name).get("rmse").asDouble();
                double b = mllib.get("rmse").get(label).asDouble();
                rmseRel = Math.max(rmseRel, Math.abs(a - b) / b);
                coefAbs = Math.max(coefAbs, Math.abs(model.get("bias").get(label).asDouble()
                        - mllib.get("bias").get(label).asDouble()));
                for (int j = 0; j < index.get("features").size(); j++) {
                    String feature = index.get("features").get(j).asText();
                    int at = -1;
                    for (int i = 0; i < mllib.get("features").size(); i++) {
                        if (mllib.get("features").get(i).asText().equals(feature)) {
                            at = i;
                        }
                    }
                    coefAbs = Math.max(coefAbs, Math.abs(model.get("weights").get(label).get(j).asDouble()
                            - mllib.get("weights").get(label).get(at).asDouble()));
                }
            }
        }
        System.out.printf("regions=%d rmse_rel=%.2e coef_abs=%.2e agree=%s%n", regions, rmseRel, coefAbs,
                rmseRel <= tolerance ? "yes" : "no");
    }
}
