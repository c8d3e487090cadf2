package org.cropsgd

import java.nio.file.Path

import org.apache.spark.ml.evaluation.RegressionEvaluator
import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions.{col, expr, lit}
import org.cropsgd.moments.SumsEngines
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * Sample weights (`--weight-col`, issue 12): every row's terms count w times and W = Σw takes n's place, in
 * both strategies, both engines and the metrics. Golden numbers come from src/test/reference/
 * weighted_gd_reference.py (float64, zero init, no standardization), whose `--check` first asserts that it
 * gives the numbers of ../shared/reference/gd_reference.py on the table with each row repeated w times;
 * `WREF` stands for `python3 src/test/reference/weighted_gd_reference.py sample-data/weighted-crops.csv
 * --labels apples,oranges --features temp,rainfall,humidity --weight area --lr 1e-5 --epochs 500 --history
 * --check`.
 */
class WeightsSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Tolerance = 1e-9
  private val Features = Seq("--features", "temp,rainfall,humidity", "--labels", "apples,oranges")

  private def withEngine[T](engine: String)(body: => T): T = {
    spark.conf.set(SumsEngines.ENGINE_KEY, engine)
    try body finally spark.conf.unset(SumsEngines.ENGINE_KEY)
  }

  private def train(input: String, args: String*): Path = {
    val output = newTempDir().resolve("model")
    cropsgdOk(Seq("train", "--input", input, "--output", output.toString) ++ args: _*)
    output
  }

  // The per-epoch Spark SQL engine (500 queries to plan here) is held to the rows-repeated property below instead.
  for ((strategy, engine) <- Seq(("per-epoch", "blocked"), ("sufficient-stats", "blocked"), ("sufficient-stats", "sql"))) {
    test(s"$strategy, $engine engine: weighted-crops.csv matches the weighted float64 reference") {
      val golden = Seq("--learning-rate", "1e-5", "--epochs", "500", "--init", "zeros", "--standardize", "false",
        "--strategy", strategy, "--weight-col", "area")
      val output = withEngine(engine)(train(sample("weighted-crops.csv"), Features ++ golden: _*))
      val model = readModel(output)
      // WREF: weights, bias, loss
      assertRelativelyClose(model.weights(0), Array(0.04309724087572609, 0.6511832852780469, 0.47775361715655795),
        Tolerance, "W apples")
      assertRelativelyClose(model.weights(1), Array(0.14480697540047213, 0.6500402952973756, 0.5999585186586385),
        Tolerance, "W oranges")
      assertRelativelyClose(model.bias, Array(0.001600102874579322, 0.003625564609603505), Tolerance, "b")
      val metrics = readJson(output.resolve("metrics.json"))
      assertRelativelyClose(metrics.get("loss").asDouble, 35.37011910331015, Tolerance, "loss")
      assert(metrics.get("rows").asLong == 5, "a row of weight 0 is still a row read")
      // WREF: history[0], [1], [250], [500]
      val history = readHistory(output)
      assertRelativelyClose(history(0), 11522.133333333333, Tolerance, "loss at epoch 0")
      assertRelativelyClose(history(1), 7430.139591658572, Tolerance, "loss at epoch 1")
      assertRelativelyClose(history(250), 58.93136468589856, Tolerance, "loss at epoch 250")
      assertRelativelyClose(history(500), 35.37011910331015, Tolerance, "loss at epoch 500")
    }
  }

  test("no intercept: weighted-crops.csv matches the weighted float64 reference") {
    val output = train(sample("weighted-crops.csv"), Features ++ Seq("--learning-rate", "1e-5", "--epochs", "500",
      "--init", "zeros", "--standardize", "false", "--weight-col", "area", "--no-intercept"): _*)
    // WREF --no-intercept
    val model = readModel(output)
    assertRelativelyClose(model.weights(0), Array(0.04311362693725488, 0.6511795706142182, 0.4777659610542425),
      Tolerance, "W apples")
    assertRelativelyClose(model.weights(1), Array(0.1448362164224243, 0.6500405203340096, 0.5999810494892267),
      Tolerance, "W oranges")
    assert(model.bias.toSeq == Seq(0.0, 0.0))
    assertRelativelyClose(readJson(output.resolve("metrics.json")).get("loss").asDouble, 35.36913583108706,
      Tolerance, "loss")
  }

  /** regional-crops.csv with a whole-number weight 0–3 per row, and the same rows each repeated w times. */
  private def weightedAndRepeated(): (String, String) = {
    val dir = newTempDir()
    val weighted = spark.read.option("header", "true").option("inferSchema", "true")
      .csv(sample("regional-crops.csv"))
      .withColumn("area", expr("pmod(hash(region, year), 4)").cast("double"))
    val repeated = weighted.withColumn("copy", expr("explode(array_repeat(1, cast(area AS int)))")).drop("copy", "area")
    weighted.repartition(3).write.parquet(dir.resolve("weighted").toString)
    repeated.repartition(3).write.parquet(dir.resolve("repeated").toString)
    (dir.resolve("weighted").toString, dir.resolve("repeated").toString)
  }

  for (strategy <- Seq("per-epoch", "sufficient-stats"); engine <- Seq("blocked", "sql")) {
    test(s"$strategy, $engine engine: whole-number weights train the model of the rows repeated w times") {
      val (weighted, repeated) = weightedAndRepeated()
      val options = Features ++ Seq("--strategy", strategy, "--epochs", "25")
      val (a, b) = withEngine(engine)((train(weighted, options ++ Seq("--weight-col", "area"): _*),
        train(repeated, options: _*)))
      val (ours, theirs) = (readModel(a), readModel(b))
      for (label <- 0 until 2) {
        assertRelativelyClose(ours.weights(label), theirs.weights(label), Tolerance, s"W $label")
      }
      assertRelativelyClose(ours.bias, theirs.bias, Tolerance, "b")
      assertRelativelyClose(readHistory(a).toArray, readHistory(b).toArray, Tolerance, "loss history")
      val (m, n) = (readJson(a.resolve("metrics.json")), readJson(b.resolve("metrics.json")))
      for (label <- Seq("apples", "oranges"); key <- Seq("mse", "mae", "r2")) {
        assertRelativelyClose(m.get("per_label").get(label).get(key).asDouble,
          n.get("per_label").get(label).get(key).asDouble, Tolerance, s"$label $key")
      }
      assert(m.get("rows").asLong == 4000 && n.get("rows").asLong < 8000)
    }
  }

  test("the weighted metrics are MLlib's RegressionEvaluator with weightCol on the same predictions") {
    val input = newTempDir().resolve("table.parquet").toString
    spark.read.option("header", "true").option("inferSchema", "true").csv(sample("regional-crops.csv"))
      .withColumn("area", expr("rand(7) * 5 + 0.01")).write.parquet(input)
    val output = train(input, Features ++ Seq("--weight-col", "area", "--epochs", "20"): _*)
    val model = readModel(output)
    val frame = spark.read.parquet(input)
    val metrics = readJson(output.resolve("metrics.json")).get("per_label")
    for ((label, k) <- Seq("apples", "oranges").zipWithIndex) {
      val prediction = Seq("temp", "rainfall", "humidity").zipWithIndex
        .map { case (f, j) => col(f) * lit(model.weights(k)(j)) }.reduce(_ + _) + lit(model.bias(k))
      val scored: DataFrame = frame.withColumn("prediction", prediction)
      def mllib(metric: String) = new RegressionEvaluator().setLabelCol(label).setPredictionCol("prediction")
        .setWeightCol("area").setMetricName(metric).evaluate(scored)
      assertRelativelyClose(metrics.get(label).get("mse").asDouble, mllib("mse"), Tolerance, s"$label mse")
      assertRelativelyClose(metrics.get(label).get("mae").asDouble, mllib("mae"), Tolerance, s"$label mae")
      assertRelativelyClose(metrics.get(label).get("rmse").asDouble, mllib("rmse"), Tolerance, s"$label rmse")
    }
  }

  test("evaluate --weight-col gives training's weighted metrics; a bad weight is exit 3 there too") {
    val (weighted, _) = weightedAndRepeated()
    val output = train(weighted, Features ++ Seq("--weight-col", "area", "--epochs", "20"): _*)
    val evaluation = newTempDir().resolve("evaluation")
    cropsgdOk("evaluate", "--model", output.toString, "--input", weighted, "--weight-col", "area", "--output",
      evaluation.toString)
    val (trained, evaluated) = (readJson(output.resolve("metrics.json")), readJson(evaluation.resolve("metrics.json")))
    for (label <- Seq("apples", "oranges"); key <- Seq("mse", "mae", "r2")) {
      assertRelativelyClose(evaluated.get("per_label").get(label).get(key).asDouble,
        trained.get("per_label").get(label).get(key).asDouble, 1e-12, s"$label $key")
    }
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", Weighted.replace("Sinnoh,102,43,37,22,37,2.0", "Sinnoh,102,43,37,22,37,-1"))
    assertOneLineError(cropsgd("evaluate", "--model", output.toString, "--input", input.toString, "--weight-col",
      "area"), 3, "weight column 'area'", "data row 4", "region=Sinnoh")
  }

  test("model.json records the weight column; predict needs no weights") {
    val output = train(sample("weighted-crops.csv"), Features ++ Seq("--weight-col", "area"): _*)
    assert(readModel(output).json.get("config").get("weight-col").asText == "area")
    val predictions = newTempDir().resolve("predictions")
    cropsgdOk("predict", "--model", output.toString, "--input", sample("crops.csv"), "--output", predictions.toString)
  }

  // ---- bad weights: exit 3 (2 for the command line), one line naming the column and the row, nothing written ----

  private lazy val Weighted = Crops.linesIterator.zipWithIndex
    .map { case (line, i) => line + (if (i == 0) ",area" else s",${i * 0.5}") }.mkString("", "\n", "\n")

  test("a negative weight: exit 3, names the column, the value and the row") {
    val result = failingTrain(3, Weighted.replace("Hoenn,87,134,58,119,133,1.5", "Hoenn,87,134,58,119,133,-2"),
      "--weight-col", "area")
    assert(result.err.contains("weight column 'area'") && result.err.contains("-2") &&
      result.err.contains("data row 3") && result.err.contains("region=Hoenn"), result.err)
  }

  test("a null, NaN or non-numeric weight: exit 3 even with --invalid skip, the first such row shown") {
    for ((bad, row) <- Seq(("", 2), ("NaN", 2), ("heavy", 2))) {
      val csv = Weighted.replace("Johto,91,88,64,81,101,1.0", s"Johto,91,88,64,81,101,$bad")
      val result = failingTrain(3, csv, "--weight-col", "area", "--invalid", "skip")
      assert(result.err.contains("weight column 'area'") && result.err.contains(s"data row $row"), result.err)
    }
  }

  test("weights that add up to 0: exit 3, says so") {
    val zero = Crops.linesIterator.zipWithIndex
      .map { case (line, i) => line + (if (i == 0) ",area" else ",0") }.mkString("", "\n", "\n")
    val result = failingTrain(3, zero, "--weight-col", "area")
    assert(result.err.contains("add up to 0"), result.err)
  }

  test("a weight column that is missing, or also a feature or label: exit 3 and 2, naming it") {
    val missing = failingTrain(3, Weighted, "--weight-col", "acreage")
    assert(missing.err.contains("weight column(s) [acreage]"), missing.err)
    val feature = failingTrain(2, Weighted, "--weight-col", "temp", "--features", "temp,rainfall")
    assert(feature.err.contains("'temp' is the --weight-col and also one of the --features"), feature.err)
  }

  test("without --features the weight column is left out of the default features, and the line says so") {
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", Weighted)
    val result = cropsgdOk("train", "--input", input.toString, "--output", dir.resolve("model").toString,
      "--labels", "apples,oranges", "--weight-col", "area")
    assert(result.out.contains("area (weight)"), result.out)
    assert(readModel(dir.resolve("model")).features == Seq("temp", "rainfall", "humidity"))
  }
}
