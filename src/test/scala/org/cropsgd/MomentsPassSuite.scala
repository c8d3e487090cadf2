package org.cropsgd

import java.nio.file.Path

import scala.jdk.CollectionConverters._

import org.cropsgd.moments.SumsEngines
import org.cropsgd.testing.{CropSgdFixtures, SavedModel, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The one pass before the first step (issue 11): the loading pass gives the moments, so a sufficient-statistics
 * run makes no pass of its own unless the fit is near exact (the anchor pass) or the loading pass could not
 * cover the training rows (a validation split); both engines, the CPU one (blocked BLAS) and the Spark SQL one
 * that GPU runs use, train the same model at any width.
 */
class MomentsPassSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {

  private def train(engine: String, args: String*): (SavedModel, Path) = {
    spark.conf.set(SumsEngines.ENGINE_KEY, engine)
    try {
      val output = newTempDir().resolve("model")
      cropsgdOk(Seq("train", "--output", output.toString) ++ args: _*)
      (readModel(output), output)
    } finally spark.conf.unset(SumsEngines.ENGINE_KEY)
  }

  private def passes(output: Path): Long = readJson(output.resolve("metrics.json")).get("data_passes").asLong

  /** Largest difference of any weight or intercept, relative to the largest of them. */
  private def difference(a: SavedModel, b: SavedModel): Double = {
    def parameters(model: SavedModel): Seq[Double] = model.weights.toSeq.flatMap(_.toSeq) ++ model.bias.toSeq
    val scale = parameters(b).map(math.abs).max
    parameters(a).zip(parameters(b)).map { case (x, y) => math.abs(x - y) }.max / scale
  }

  test("a fit that is not near exact makes no pass over the rows besides loading and the final metrics") {
    // regional-crops.csv: R² 0.99 for both labels, far from exact (the least-squares residual is 1% of the spread).
    for (engine <- Seq("blocked", "sql")) {
      val (_, output) = train(engine, "--input", sample("regional-crops.csv"), "--labels", "apples,oranges",
        "--strategy", "sufficient-stats")
      assert(passes(output) == 0, engine)
    }
  }

  test("a near-exact fit on too few rows to fit an anchor to measures the anchor's residual sums by one pass") {
    // crops.csv: the oranges are fitted to R² 0.999996, a residual 4e-6 of their spread (< 1e-4); five rows
    // are fewer than twice the four parameters per label, so the loading pass fits no anchor.
    val (_, output) = train("blocked", "--input", sample("crops.csv"), "--labels", "apples,oranges",
      "--strategy", "sufficient-stats")
    assert(passes(output) == 1)
  }

  /**
   * 4,000 rows in one file: y0 = 3·f0 − 2·f1 + f2 + 5 + 1e-4·noise (a residual 1e-9 of its spread), y1 with
   * noise 1 (not near exact); f0 as {@code f0} says for the first 1,500 rows.
   */
  private def nearExact(f0First: String): String = {
    val input = newTempDir().resolve("near-exact.parquet").toString
    spark.range(0, 4000, 1, 1)
      .selectExpr("id", s"CASE WHEN id < 1500 THEN $f0First ELSE randn(1) * 10 END AS f0", "randn(2) * 5 AS f1",
        "randn(3) + 100 AS f2")
      .selectExpr("f0", "f1", "f2", "3 * f0 - 2 * f1 + f2 + 5 + 1e-4 * randn(4) AS y0", "f1 + randn(5) AS y1")
      .coalesce(1).write.parquet(input)
    input
  }

  private def lossHistory(output: Path): Seq[Double] =
    java.nio.file.Files.readAllLines(output.resolve("history.csv")).asScala.drop(1).map(_.split(",")(1).toDouble)
      .toSeq

  /**
   * Trains on {@code input} with both engines (300 epochs of sufficient-stats), checks that they give the same
   * model (1e-12) and loss history (1e-12 of each loss), and returns their data passes (blocked, sql).
   */
  private def sameFitWithBothEngines(input: String): (Long, Long) = {
    val args = Seq("--input", input, "--labels", "y0,y1", "--strategy", "sufficient-stats", "--epochs", "300")
    val (blocked, blockedOut) = train("blocked", args: _*)
    val (sql, sqlOut) = train("sql", args: _*)
    assert(difference(blocked, sql) <= 1e-12, "blocked vs sql")
    lossHistory(blockedOut).zip(lossHistory(sqlOut)).foreach { case (x, y) =>
      assert(math.abs(x - y) <= 1e-12 * math.abs(y), s"blocked vs sql: loss $x vs $y")
    }
    (passes(blockedOut), passes(sqlOut))
  }

  test("a near-exact fit takes its anchor's sums from the loading pass: no anchor pass, the same fit") {
    // The CPU engine fits an anchor to the first 1,000 rows; the Spark SQL engine fits none and measures the
    // anchor's sums by a pass. Both losses come from sums of small residuals, so they agree to 1e-12 even
    // though the loss is a 1e-9 share of y0's spread, where the moments alone would keep 7 digits.
    assert(sameFitWithBothEngines(nearExact("randn(1) * 10")) == (0L, 1L))
  }

  test("an anchor fitted to first rows unlike the rest is not used: the anchor pass runs") {
    // f0 is 0 in the first 1,500 rows, so the anchor fitted to the first 1,000 has no weight for it, far from
    // the fit of all rows (3): the sums derived from the anchor's would lose their digits.
    assert(sameFitWithBothEngines(nearExact("0.0")) == (1L, 1L))
  }

  test("a validation split takes a moments pass for the training rows and one for the held-out rows") {
    val (_, output) = train("blocked", "--input", sample("regional-crops.csv"), "--labels", "apples,oranges",
      "--strategy", "sufficient-stats", "--validation-fraction", "0.2")
    assert(passes(output) == 2)
  }

  test("a text column that is mostly numbers, taken as a feature, gets a moments pass of its own") {
    // crops.csv with one more row whose rainfall is "n/a": 'rainfall' is read as text and is a default feature
    // only because it is mostly numbers, so the loading pass leaves it out of its moments; --invalid skip
    // drops that row, and the model is crops.csv's.
    val text = newTempDir().resolve("text.csv")
    java.nio.file.Files.writeString(text, Crops.stripTrailing() + "\nExtra,70,n/a,70,60,50\n")
    val (fromNumbers, numbersOut) = train("blocked", "--input", sample("crops.csv"), "--labels", "apples,oranges",
      "--strategy", "sufficient-stats")
    val (fromText, textOut) = train("blocked", "--input", text.toString, "--labels", "apples,oranges",
      "--strategy", "sufficient-stats", "--invalid", "skip")
    assert(fromText.features == Seq("temp", "rainfall", "humidity"))
    assert(passes(textOut) == passes(numbersOut) + 1)
    assert(difference(fromText, fromNumbers) <= 1e-12)
  }

  test("at 150 features both engines and the per-epoch pass train the same model") {
    val input = newTempDir().resolve("wide.parquet").toString
    val d = 150
    val features = (0 until d).map(j => s"randn(${j + 1}) * ${1 + j % 7} + ${j * 10} AS f$j")
    spark.range(0, 2000, 1, 3).selectExpr(features: _*)
      .selectExpr("*", (0 until d).map(j => s"${(j % 5) - 2} * f$j").mkString(" + ") + " + randn(999) AS y0",
        "f0 - f1 + randn(998) AS y1")
      .write.parquet(input)
    val args = Seq("--input", input, "--labels", "y0,y1", "--epochs", "20")
    val (blocked, blockedOut) = train("blocked", args ++ Seq("--strategy", "sufficient-stats"): _*)
    val (sql, _) = train("sql", args ++ Seq("--strategy", "sufficient-stats"): _*)
    val (perEpoch, _) = train("blocked", args ++ Seq("--strategy", "per-epoch"): _*)
    assert(blocked.features.size == d)
    assert(passes(blockedOut) == 0)
    assert(difference(blocked, sql) <= 1e-9, "blocked vs sql")
    assert(difference(blocked, perEpoch) <= 1e-9, "sufficient-stats vs per-epoch")
  }
}
