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
    void labelsThatDifferOnlyInCharactersAFileNameCannotHoldGetPicturesOfTheirOwn() {
        List<String> labels = List.of("a/b", "a_b", "a b", "apples");
        Map<String, LabelMetrics> metrics = new LinkedHashMap<>();
        labels.forEach(label -> metrics.put(label, new LabelMetrics(1, 1, 1, 0.5)));
        double[][] values = new double[labels.size()][2];
        RunPictures pictures = new RunPictures().loss(new double[] {2, 1}, null, null, -1)
                .fit(new ModelEvaluator.Sample(labels, values, values), metrics)
                .groups("rmse", "a_b", new double[] {1, 2}, List.of("north"));

        assertEquals(List.of("loss.png", "fit-a_b.png", "residuals-a_b.png", "fit-a_b-2.png", "residuals-a_b-2.png",
                "fit-a_b-3.png", "residuals-a_b-3.png", "fit-apples.png", "residuals-apples.png",
                "group-rmse-a_b-2.png"), pictures.names());
    }
}
