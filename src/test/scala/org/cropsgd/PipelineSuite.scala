package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.apache.spark.ml.{Pipeline, PipelineModel, PipelineStage}
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.ml.regression.LinearRegression
import org.apache.spark.ml.tuning.{CrossValidator, CrossValidatorModel, ParamGridBuilder}
import org.apache.spark.sql.{DataFrame, SparkSession}
import org.apache.spark.sql.functions.col
import org.cropsgd.ml.{CropSgdRegressionModel, CropSgdRegressor, MultiLabelRegressionEvaluator, ReadmeJavaExample}
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * cropsgd inside Spark ML (issue 13): a Pipeline (VectorAssembler → CropSgdRegressor) fits, saves and loads
 * with bit-identical predictions, equal to `train` + `predict`'s to 1e-12; with enough sufficient-statistics
 * epochs each label's coefficients equal MLlib's normal-solver LinearRegression's to 1e-8; CrossValidator
 * tunes regParam with MultiLabelRegressionEvaluator; wrong columns and params fail naming them; the README's
 * Java and Scala examples run as written.
 */
class PipelineSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Features = Array("temp", "rainfall", "humidity")
  private val Labels = Array("apples", "oranges")
  private val Predictions = Labels.map(_ + "_predicted")

  private lazy val crops: DataFrame =
    spark.read.option("header", "true").option("inferSchema", "true").csv(sample("regional-crops.csv"))

  /** Every row's predictions, in an order that does not depend on partitioning. */
  private def predictionsOf(scored: DataFrame): Array[Array[Double]] =
    scored.orderBy(crops.columns.map(col): _*).select(Predictions.map(col): _*).collect()
      .map(row => Predictions.indices.map(row.getDouble).toArray)

  private def assembler = new VectorAssembler().setInputCols(Features).setOutputCol("features")

  private def assertClose(actual: Array[Array[Double]], expected: Array[Array[Double]], tolerance: Double,
      what: String): Unit = {
    assert(actual.length == expected.length, what)
    actual.zip(expected).zipWithIndex.foreach { case ((a, e), i) => assertRelativelyClose(a, e, tolerance, s"$what row $i") }
  }

  test("a Pipeline fits, saves and loads: the loaded model predicts bit for bit, and as train + predict to 1e-12") {
    val regressor = new CropSgdRegressor().setLabelCols(Labels).setMaxIter(200)
    val fitted = new Pipeline().setStages(Array[PipelineStage](assembler, regressor)).fit(crops)
    val path = newTempDir().resolve("pipeline").toString
    fitted.write.save(path)
    val loaded = PipelineModel.load(path)
    val before = predictionsOf(fitted.transform(crops))
    val after = predictionsOf(loaded.transform(crops))
    assert(before.map(_.toSeq).toSeq == after.map(_.toSeq).toSeq, "bit for bit after save and load")
    val model = loaded.stages(1).asInstanceOf[CropSgdRegressionModel]
    assert(model.featureNames.asScala == Features.toSeq, "the assembled columns' names")
    assert(model.getLabelCols.asScala == Labels.toSeq)

    // The command line on the same rows and settings.
    val output = newTempDir()
    cropsgdOk("train", "--input", sample("regional-crops.csv"), "--features", Features.mkString(","), "--labels",
      Labels.mkString(","), "--epochs", "200", "--output", output.resolve("model").toString)
    cropsgdOk("predict", "--model", output.resolve("model").toString, "--input", sample("regional-crops.csv"),
      "--output", output.resolve("predictions").toString)
    assertClose(before, predictionsOf(spark.read.parquet(output.resolve("predictions").toString)), 1e-12,
      "pipeline against train + predict")

    // A train output's model as a transformer of the plain columns.
    val fromTrain = CropSgdRegressionModel.fromModelJson(output.resolve("model").toString,
      spark.sparkContext.hadoopConfiguration)
    assertClose(predictionsOf(fromTrain.transform(crops)),
      predictionsOf(spark.read.parquet(output.resolve("predictions").toString)), 1e-15, "fromModelJson")

    // The saved stage's model.json is what predict reads: one model format.
    val stage = Files.list(Path.of(path, "stages")).iterator().asScala.find(_.getFileName.toString.startsWith("1_")).get
    assert(Files.isRegularFile(stage.resolve("model.json")))
    cropsgdOk("predict", "--model", stage.toString, "--input", sample("regional-crops.csv"), "--output",
      output.resolve("from-stage").toString)
    assertClose(predictionsOf(spark.read.parquet(output.resolve("from-stage").toString)), before, 1e-15,
      "predict --model <saved stage>")
  }

  test("inputCols (plain columns, no vector): the same model, its coefficients, intercepts and summary") {
    val byColumns = new CropSgdRegressor().setInputCols(Features).setLabelCols(Labels).setMaxIter(200).fit(crops)
    val byVector = new Pipeline().setStages(Array[PipelineStage](assembler,
      new CropSgdRegressor().setLabelCols(Labels).setMaxIter(200))).fit(crops)
    assertClose(predictionsOf(byColumns.transform(crops)), predictionsOf(byVector.transform(crops)), 1e-12,
      "inputCols against featuresCol")
    val coefficients = byColumns.coefficients
    assert(coefficients.numRows == 2 && coefficients.numCols == 3)
    val saved = byColumns.regressionModel.coefficients
    for (k <- 0 until 2; j <- 0 until 3) assert(coefficients(k, j) == saved.weight(k, j))
    assert(byColumns.intercepts.toArray.toSeq == saved.bias.toSeq)
    val summary = byColumns.summary
    assert(summary.lossHistory.length == 201 && summary.lossHistory.last < summary.lossHistory.head)
    assert(summary.metrics.keySet.asScala == Labels.toSet)
    assert(summary.coefficientStatistics.get("apples").terms.size == 4, "three weights and the intercept")
    // No UDF: the predictions are arithmetic on the columns.
    assert(!byColumns.transform(crops).queryExecution.analyzed.toString.contains("UDF"))
  }

  test("groupCols: one model per region as train --group-by fits it; saved, loaded and read by predict") {
    val regressor = new CropSgdRegressor().setLabelCols(Labels).setGroupCols(Array("region")).setMaxIter(100)
    val fitted = new Pipeline().setStages(Array[PipelineStage](assembler, regressor)).fit(crops)
    val model = fitted.stages(1).asInstanceOf[CropSgdRegressionModel]
    assert(model.isGrouped && model.groups.size == 8, model.groups)
    val kanto = """{"region":"Kanto"}"""
    assert(model.coefficients(kanto).numRows == 2 && model.summary(kanto).lossHistory.length == 101)
    intercept[IllegalStateException](model.coefficients)
    val before = predictionsOf(fitted.transform(crops))

    val output = newTempDir()
    cropsgdOk("train", "--input", sample("regional-crops.csv"), "--features", Features.mkString(","), "--labels",
      Labels.mkString(","), "--group-by", "region", "--epochs", "100", "--output", output.resolve("model").toString)
    cropsgdOk("predict", "--model", output.resolve("model").toString, "--input", sample("regional-crops.csv"),
      "--output", output.resolve("predictions").toString)
    assertClose(before, predictionsOf(spark.read.parquet(output.resolve("predictions").toString)), 1e-12,
      "grouped pipeline against train --group-by + predict")

    val path = newTempDir().resolve("pipeline").toString
    fitted.write.save(path)
    val loaded = PipelineModel.load(path)
    assert(predictionsOf(loaded.transform(crops)).map(_.toSeq).toSeq == before.map(_.toSeq).toSeq)
    val stage = Files.list(Path.of(path, "stages")).iterator().asScala.find(_.getFileName.toString.startsWith("1_")).get
    cropsgdOk("predict", "--model", stage.toString, "--input", sample("regional-crops.csv"), "--output",
      output.resolve("from-stage").toString)
    assertClose(predictionsOf(spark.read.parquet(output.resolve("from-stage").toString)), before, 1e-15,
      "predict --model <saved grouped stage>")

    // A region without a model gets null predictions; the other rows keep theirs, in order.
    val withOrre = crops.limit(3).union(crops.limit(1).withColumn("region", org.apache.spark.sql.functions.lit("Orre")))
    val scored = loaded.transform(withOrre).collect()
    assert(scored.length == 4 && scored.last.isNullAt(scored.last.fieldIndex("apples_predicted")))
    assert(!scored.head.isNullAt(scored.head.fieldIndex("apples_predicted")))
  }

  for ((standardization, intercept) <- Seq((true, true), (true, false))) {
    test(s"sufficient-stats coefficients equal MLlib's normal solver's to 1e-8 (standardization $standardization, " +
      s"intercept $intercept)") {
      val data = assembler.transform(crops)
      val model = new CropSgdRegressor().setLabelCols(Labels).setStrategy("sufficient-stats").setMaxIter(5000)
        .setStandardization(standardization).setFitIntercept(intercept).fit(data)
      for ((label, k) <- Labels.zipWithIndex) {
        val mllib = new LinearRegression().setSolver("normal").setLabelCol(label).setRegParam(0)
          .setStandardization(standardization).setFitIntercept(intercept).fit(data)
        assertRelativelyClose((0 until 3).map(j => model.coefficients().apply(k, j)).toArray, mllib.coefficients.toArray, 1e-8,
          s"$label weights")
        if (intercept) assertRelativelyClose(model.intercepts().apply(k), mllib.intercept, 1e-8, s"$label intercept")
        else assert(model.intercepts().apply(k) == 0.0)
      }
    }
  }

  test("CrossValidator tunes regParam with MultiLabelRegressionEvaluator (RMSE averaged over the labels)") {
    val regressor = new CropSgdRegressor().setLabelCols(Labels).setMaxIter(100)
    val pipeline = new Pipeline().setStages(Array[PipelineStage](assembler, regressor))
    val evaluator = new MultiLabelRegressionEvaluator().setLabelCols(Labels)
    val grid = new ParamGridBuilder().addGrid(regressor.regParam, Array(0.0, 1.0)).build()
    val cv = new CrossValidator().setEstimator(pipeline).setEvaluator(evaluator).setEstimatorParamMaps(grid)
      .setNumFolds(2).setSeed(7)
    val tuned = cv.fit(crops)
    assert(tuned.avgMetrics.length == 2)
    assert(tuned.avgMetrics(0) < tuned.avgMetrics(1), "no ridge fits these noisy-linear rows better")
    val best = tuned.bestModel.asInstanceOf[PipelineModel].stages(1).asInstanceOf[CropSgdRegressionModel]
    assert(best.getOrDefault(best.regParam) == 0.0)
    // The evaluator on the training rows: the mean of the labels' RMSE that the fit measured.
    val model = new Pipeline().setStages(Array[PipelineStage](assembler, regressor)).fit(crops)
    val fittedRmse = model.stages(1).asInstanceOf[CropSgdRegressionModel].summary.metrics.asScala.values.map(_.rmse)
    assertRelativelyClose(evaluator.evaluate(model.transform(crops)), fittedRmse.sum / 2, 1e-9, "mean RMSE")
    assert(!evaluator.isLargerBetter && new MultiLabelRegressionEvaluator().setMetricName("r2").isLargerBetter)
    // The whole tuned model saves and loads (the evaluator and the estimator are writable too).
    val path = newTempDir().resolve("cv").toString
    tuned.write.save(path)
    val reloaded = CrossValidatorModel.load(path)
    assert(predictionsOf(reloaded.transform(crops)).map(_.toSeq).toSeq ==
      predictionsOf(tuned.transform(crops)).map(_.toSeq).toSeq)
    assert(reloaded.getEvaluator.isInstanceOf[MultiLabelRegressionEvaluator])
  }

  test("the estimator saves and loads with its params (an unfitted Pipeline round-trips)") {
    val regressor = new CropSgdRegressor().setLabelCols(Labels).setStepSize(0.05).setOptimizer("adam")
      .setWeightCol("year")
    val path = newTempDir().resolve("pipeline").toString
    new Pipeline().setStages(Array[PipelineStage](assembler, regressor)).write.save(path)
    val loaded = Pipeline.load(path).getStages(1).asInstanceOf[CropSgdRegressor]
    assert(loaded.uid == regressor.uid)
    assert(loaded.getLabelCols.asScala == Labels.toSeq)
    assert(loaded.getOrDefault(loaded.stepSize) == 0.05 && loaded.getOrDefault(loaded.optimizer) == "adam")
    assert(loaded.getWeightCol.get == "year" && !loaded.isSet(loaded.inputCols))
  }

  test("wrong columns and params fail in transformSchema or fit, naming the column or param") {
    def failure(body: => Any): String = intercept[IllegalArgumentException](body).getMessage
    val data = assembler.transform(crops)
    val base = () => new CropSgdRegressor().setLabelCols(Labels)

    val missing = failure(new CropSgdRegressor().setLabelCols(Array("apples", "pears")).transformSchema(data.schema))
    assert(missing.contains("[pears]") && missing.contains("labelCols") && missing.contains("oranges"), missing)
    val notVector = failure(base().setFeaturesCol("region").fit(data))
    assert(notVector.contains("'region'") && notVector.contains("not a vector"), notVector)
    val textInput = failure(base().setInputCols(Array("temp", "region")).fit(crops))
    assert(textInput.contains("'region'") && textInput.contains("not numeric") && textInput.contains("inputCols"),
      textInput)
    val noWeight = failure(base().setWeightCol("area").fit(data))
    assert(noWeight.contains("[area]") && noWeight.contains("weightCol"), noWeight)
    val noLabels = failure(new CropSgdRegressor().fit(data))
    assert(noLabels.contains("labelCols is not set"), noLabels)
    val clash = failure(base().transformSchema(data.withColumn("apples_predicted", col("apples")).schema))
    assert(clash.contains("apples_predicted"), clash)

    val epochs = failure(base().setMaxIter(-1).fit(data))
    assert(epochs.contains("param maxIter (--epochs)") && epochs.contains("-1"), epochs)
    val strategy = failure(base().setStrategy("fastest").fit(data))
    assert(strategy.contains("param strategy (--strategy)") && strategy.contains("sufficient-stats"), strategy)

    val unknown = intercept[NoSuchElementException](base().getParam("maxIters")).getMessage
    assert(unknown.contains("maxIters"), unknown)
    val foreign = failure(base().set(new LinearRegression().maxIter, 5))
    assert(foreign.contains("does not belong to"), foreign)
    // A model asked for another number of features than it has.
    val model = base().setInputCols(Features).setMaxIter(5).fit(crops)
    val wrongWidth = failure(model.copy(new org.apache.spark.ml.param.ParamMap()).set(model.inputCols,
      Array("temp", "rainfall")).transform(crops))
    assert(wrongWidth.contains("3 features"), wrongWidth)
  }

  test("the README's Java and Scala examples run as written, and the README shows them verbatim") {
    val readme = Files.readString(projectHome.resolve("README.md"))
    def example(source: Path): Seq[String] = {
      val lines = Files.readAllLines(source).asScala.toSeq
      val body = lines.slice(lines.indexWhere(_.trim == "// README example begins") + 1,
        lines.indexWhere(_.trim == "// README example ends"))
      val indent = body.filter(_.trim.nonEmpty).map(_.takeWhile(_ == ' ').length).min
      body.map(_.drop(indent))
    }
    for (source <- Seq(projectHome.resolve("src/test/java/org/cropsgd/ml/ReadmeJavaExample.java"),
        projectHome.resolve("src/test/scala/org/cropsgd/PipelineSuite.scala"))) {
      val code = example(source)
      assert(code.size >= 8, source)
      assert(readme.contains(code.map("    " + _).mkString("\n")), s"README lacks the example of $source:\n" +
        code.mkString("\n"))
    }
    val java = ReadmeJavaExample.run(spark, sample("regional-crops.csv"), newTempDir().resolve("java").toString)
    val scala = PipelineSuite.readmeScalaExample(spark, sample("regional-crops.csv"),
      newTempDir().resolve("scala").toString)
    assert(predictionsOf(java.transform(crops)).map(_.toSeq).toSeq ==
      predictionsOf(scala.transform(crops)).map(_.toSeq).toSeq, "the two examples fit the same model")
  }
}

object PipelineSuite {
  /** The README's Scala example, verbatim between the markers. */
  def readmeScalaExample(spark: SparkSession, csv: String, saveTo: String): PipelineModel = {
    // README example begins
    val crops = spark.read.option("header", "true").option("inferSchema", "true").csv(csv)
    val assembler = new VectorAssembler()
      .setInputCols(Array("temp", "rainfall", "humidity")).setOutputCol("features")
    val regressor = new CropSgdRegressor()
      .setLabelCols(Array("apples", "oranges"))
      .setMaxIter(200)
    val pipeline = new Pipeline().setStages(Array(assembler, regressor))
    val model = pipeline.fit(crops)
    model.transform(crops).select("region", "apples", "apples_predicted", "oranges", "oranges_predicted").show(3)
    model.write.overwrite().save(saveTo)
    val loaded = PipelineModel.load(saveTo)
    // README example ends
    loaded
  }
}
