package org.cropsgd.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.junit.jupiter.api.Test;

class RunPicturesTest {
    @Test
    void labelsWhoseFileNamesWouldCoincideGetPicturesOfTheirOwn() {
        // a_b and a_b-2 are file names already and keep them; a/b and "a b" come out as a_b, so they are numbered
        // past every name taken.
        List<String> labels = List.of("a/b", "a_b", "a b", "a_b-2", "apples");
        Map<String, LabelMetrics> metrics = new LinkedHashMap<>();
        labels.forEach(label -> metrics.put(label, new LabelMetrics(1, 1, 1, 0.5)));
        double[][] values = new double[labels.size()][2];
        RunPictures pictures = new RunPictures(labels).loss(new double[] {2, 1}, null, null, -1)
                .fit(new ModelEvaluator.Sample(labels, values, values), metrics)
                .groups("rmse", "a b", new double[] {1, 2}, List.of("north"));

        assertEquals(List.of("loss.png", "fit-a_b-3.png", "residuals-a_b-3.png", "fit-a_b.png", "residuals-a_b.png",
                "fit-a_b-4.png", "residuals-a_b-4.png", "fit-a_b-2.png", "residuals-a_b-2.png", "fit-apples.png",
                "residuals-apples.png", "group-rmse-a_b-4.png"), pictures.names());
    }
}
