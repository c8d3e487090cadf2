package org.cropsgd.ml;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The README's Java example, verbatim between the markers; PipelineSuite runs it and checks the README holds it. */
public final class ReadmeJavaExample {
    private ReadmeJavaExample() {}

    /** Fits, shows, saves and loads the README's pipeline; returns the loaded one. */
    public static PipelineModel run(SparkSession spark, String csv, String saveTo) throws java.io.IOException {
        // README example begins
        Dataset<Row> crops = spark.read().option("header", true).option("inferSchema", true).csv(csv);
        VectorAssembler assembler = new VectorAssembler()
                .setInputCols(new String[] {"temp", "rainfall", "humidity"}).setOutputCol("features");
        CropSgdRegressor regressor = new CropSgdRegressor()
                .setLabelCols(new String[] {"apples", "oranges"})
                .setMaxIter(200);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, regressor});
        PipelineModel model = pipeline.fit(crops);
        model.transform(crops).select("region", "apples", "apples_predicted", "oranges", "oranges_predicted").show(3);
        model.write().overwrite().save(saveTo);
        PipelineModel loaded = PipelineModel.load(saveTo);
        // README example ends
        return loaded;
    }
}
