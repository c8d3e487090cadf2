package org.cropsgd

import java.nio.file.Path

import org.cropsgd.testing.{CropSgdFixtures, SavedModel, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The two gradient strategies give the same model, and the sufficient-statistics strategy reaches what the
 * float64 reference and least squares say. REF = python3 ../shared/reference/gd_reference.py.
 */
class StrategySuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {

  private def train(input: String, labels: String, strategy: String, args: String*): (SavedModel, Path) = {
    val output = newTempDir().resolve("model")
    cropsgdOk(Seq("train", "--input", input, "--labels", labels, "--output", output.toString,
      "--strategy", strategy) ++ args: _*)
    (readModel(output), output)
  }

  /** Every weight and intercept within `tolerance` relative to the largest of them (normwise). */
  private def assertSameModel(actual: SavedModel, expected: SavedModel, tolerance: Double, what: String): Unit = {
    def parameters(model: SavedModel): Seq[Double] = model.weights.toSeq.flatMap(_.toSeq) ++ model.bias.toSeq
    val scale = parameters(expected).map(v => math.abs(v)).max
    val worst = parameters(actual).zip(parameters(expected)).map { case (a, e) => math.abs(a - e) }.max
    assert(worst <= tolerance * scale, s"$what: models differ by ${worst / scale} relative (> $tolerance)")
  }

  private val cases = Seq(
    ("crops.csv", "apples,oranges", Seq("--learning-rate", "1e-5", "--standardize", "false", "--init", "zeros")),
    ("crops.csv", "apples,oranges", Seq("--standardize", "true")),
    ("crops.csv", "apples,oranges", Seq("--standardize", "true", "--no-intercept")),
    ("crops.csv", "apples,oranges", Seq("--learning-rate", "1e-5", "--standardize", "false", "--no-intercept")),
    ("line.csv", "y", Seq("--learning-rate", "0.01", "--standardize", "false")),
    ("two-features.csv", "y", Seq("--standardize", "true")),
    ("regional-crops.csv", "apples,oranges", Seq("--standardize", "true")),
    ("regional-crops.csv", "apples,oranges", Seq("--standardize", "true", "--no-intercept")),
    ("regional-crops.csv", "oranges", Seq("--features", "temp,rainfall", "--learning-rate", "1e-5",
      "--standardize", "false")))

  for ((input, labels, options) <- cases) {
    test(s"per-epoch and sufficient-stats agree to 1e-9 on $input ${options.mkString(" ")}") {
      val args = Seq("--epochs", "25") ++ options
      val (perEpoch, perEpochOut) = train(sample(input), labels, "per-epoch", args: _*)
      val (moments, momentsOut) = train(sample(input), labels, "sufficient-stats", args: _*)
      assertSameModel(moments, perEpoch, 1e-9, input)
      val perEpochMetrics = readJson(perEpochOut.resolve("metrics.json"))
      val momentsMetrics = readJson(momentsOut.resolve("metrics.json"))
      assert(perEpochMetrics.get("strategy").asText == "per-epoch")
      assert(momentsMetrics.get("strategy").asText == "sufficient-stats")
      // The moments come with the loading pass; the anchor pass only for a near-exact fit (MomentsPassSuite).
      assert(momentsMetrics.get("data_passes").asLong <= 1)
      // 26 gradient passes: 25 epochs and the final loss; and, for the coefficient statistics, the anchor pass
      // of the least-squares fit when the sufficient-stats run needs it too (a near-exact fit).
      assert(perEpochMetrics.get("data_passes").asLong == 26 + momentsMetrics.get("data_passes").asLong)
      // Losses agree to 1e-9 of the starting loss: near an exact fit, even the per-epoch pass can only
      // measure the loss to the rounding of its residuals, so relative agreement of tiny losses means little.
      val perEpochHistory = readHistory(perEpochOut)
      perEpochHistory.zip(readHistory(momentsOut)).foreach { case (a, b) =>
        assert(math.abs(a - b) <= 1e-9 * perEpochHistory.head, s"history: $b vs $a")
      }
    }
  }

  test("per-epoch and sufficient-stats agree to 1e-9 on a random table with 6 features and 3 labels") {
    val input = newTempDir().resolve("random.parquet").toString
    spark.range(0, 3000, 1, 4).selectExpr(
      "id", "randn(1) * 3 + 10 AS a", "randn(2) * 0.1 AS b", "randn(3) * 100 AS c", "randn(4) AS d",
      "rand(5) AS e", "randn(6) + 1000 AS f")
      .selectExpr("*", "2 * a - 3 * b + 0.01 * c + randn(7) AS y1", "a + b + c + d + e + f AS y2",
        "-a + 5 * e + randn(8) * 10 AS y3")
      .drop("id").write.parquet(input)
    val args = Seq("--epochs", "40", "--features", "a,b,c,d,e,f")
    val (perEpoch, _) = train(input, "y1,y2,y3", "per-epoch", args: _*)
    val (moments, _) = train(input, "y1,y2,y3", "sufficient-stats", args: _*)
    assertSameModel(moments, perEpoch, 1e-9, "random table")
  }

  test("the tutorial's million-epoch run ends where the float64 reference does") {
    val (model, output) = train(sample("two-features.csv"), "y", "sufficient-stats", "--no-intercept",
      "--learning-rate", "1e-4", "--epochs", "1000000", "--init", "zeros", "--standardize", "false")
    // REF sample-data/two-features.csv --labels y --no-intercept --lr 1e-4 --epochs 1000000
    assertRelativelyClose(model.weights(0), Array(10.000000078335518, 19.999999938158506), 1e-9, "w")
    assert(model.bias.sameElements(Array(0.0)))
    // The loss stays accurate near zero (REF loss 8.782294133230968e-16): no cancellation of raw moments.
    assertRelativelyClose(readHistory(output).last, 8.782294133230968e-16, 1e-3, "final loss")
  }

  test("--learning-rate auto with standardization reaches least squares on regional-crops.csv") {
    val (model, output) = train(sample("regional-crops.csv"), "apples,oranges", "auto", "--epochs", "1000")
    assert(model.features == Seq("year", "temp", "rainfall", "humidity"))
    // numpy: np.linalg.lstsq(np.c_[X, np.ones(n)], Y, rcond=None) on the same columns.
    val lstsqW = Array(
      Array(0.3429648923464373, -0.40365900073511796, 0.9005857904251577, 0.44859652532448724),
      Array(0.20621415603590276, -0.1952605365509772, 0.8991607007732185, 0.5512978416268356))
    val lstsqB = Array(-685.4976510899314, -412.88306746011415)
    val rows = spark.read.option("header", "true").option("inferSchema", "true")
      .csv(sample("regional-crops.csv")).collect()
    var worst = 0.0
    for (row <- rows; k <- 0 until 2) {
      val x = model.features.map(f => row.getAs[Number](f).doubleValue())
      val predicted = model.weights(k).zip(x).map { case (w, v) => w * v }.sum + model.bias(k)
      val expected = lstsqW(k).zip(x).map { case (w, v) => w * v }.sum + lstsqB(k)
      worst = math.max(worst, math.abs(predicted - expected) / math.abs(expected))
    }
    assert(worst < 1e-6, s"predictions differ from least squares by $worst relative")
    val metrics = readJson(output.resolve("metrics.json"))
    assert(metrics.get("strategy").asText == "sufficient-stats")
    assert(metrics.get("learning_rate").asDouble > 0)
  }

  test("the divergence error states the largest stable learning rate 2/λ") {
    val output = newTempDir().resolve("model")
    val result = cropsgd("train", "--input", sample("crops.csv"), "--labels", "apples,oranges", "--output",
      output.toString, "--learning-rate", "1e-3", "--standardize", "false", "--strategy", "per-epoch")
    assert(result.exitCode == 4)
    // 2/λ with λ the largest eigenvalue of 2/(n·k)·[X 1]ᵀ[X 1] on crops.csv (numpy eigvalsh: 1.11673e-4).
    assert(result.err.contains("2/λ = 0.000111673"), result.err)
    assertNothingWritten(output)
  }
}
