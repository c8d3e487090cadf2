package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.cropsgd.testing.{CliResult, CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * Nothing silent in the numbers: the loss is never negative and metrics.json's loss is history.csv's last
 * row; least-squares problems without a unique solution, constant features and hopeless step sizes are
 * warned about (one stderr line each, and in metrics.json); the summary time is the whole run's.
 */
class NumericWarningsSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {

  /**
   * 3 rows, 6 features and 2 labels (numbers from numpy, seeded): with the intercept 7 parameters per label,
   * an exact fit. Before the fix, sufficient statistics without standardization took the loss below zero
   * here (rounding noise of the anchor's sums along the null space of Czz).
   */
  private val wide =
    """x0,x1,x2,x3,x4,x5,y0,y1
      |-195.738325,-73.579739,-90.93548,19.12587,-46.705082,23.550482,37.976,-82.439
      |-100.564614,-112.677264,-93.393325,19.982593,-46.697282,23.551216,12.719,61.232
      |147.871806,-51.012429,-259.364437,20.454775,-46.697068,23.551531,-14.876,-40.541
      |""".stripMargin

  private val cropsRows = Files.readAllLines(Path.of(sample("crops.csv"))).asScala.toSeq

  /** crops.csv with one more column, `name`, holding `value(row)` (row 0 is the first data row). */
  private def cropsWith(name: String)(value: Int => String): Path = {
    val lines = (cropsRows.head + "," + name) +: cropsRows.tail.zipWithIndex.map { case (line, i) =>
      line + "," + value(i)
    }
    writeFile(newTempDir(), "crops.csv", lines.mkString("", "\n", "\n"))
  }

  private def train(input: Path, labels: String, args: String*): (CliResult, Path) = {
    val output = newTempDir().resolve("model")
    val result = cropsgdOk(Seq("train", "--input", input.toString, "--labels", labels, "--output",
      output.toString) ++ args: _*)
    (result, output)
  }

  private def warningsIn(output: Path): Seq[String] = {
    val node = readJson(output.resolve("metrics.json")).get("warnings")
    assert(node != null && node.isArray, "metrics.json has a \"warnings\" list")
    node.elements().asScala.map(_.asText).toSeq
  }

  /** Exactly the expected warnings, each once on stderr (prefixed, one line) and once in metrics.json. */
  private def assertWarnings(result: CliResult, output: Path, expected: String*): Seq[String] = {
    val lines = result.err.linesIterator.toSeq
    assert(lines.forall(_.startsWith("cropsgd: warning: ")), result.err)
    val recorded = warningsIn(output)
    assert(lines.map(_.stripPrefix("cropsgd: warning: ")) == recorded, result.err)
    assert(recorded.size == expected.size, recorded)
    expected.zip(recorded).foreach { case (part, warning) => assert(warning.contains(part), warning) }
    recorded
  }

  private def lastHistoryLine(output: Path): String =
    Files.readAllLines(output.resolve("history.csv")).asScala.last

  /** metrics.json's loss is the last row of history.csv to the bit (the same double, printed the same). */
  private def assertLossIsLastHistoryRow(output: Path): Unit = {
    val loss = readJson(output.resolve("metrics.json")).get("loss").asDouble
    val last = lastHistoryLine(output).split(",")(1).toDouble
    assert(java.lang.Double.doubleToLongBits(loss) == java.lang.Double.doubleToLongBits(last), s"$loss vs $last")
  }

  test("more features than rows: the loss never goes below zero (sufficient statistics), as the reference") {
    val input = writeFile(newTempDir(), "wide.csv", wide)
    val (result, output) = train(input, "y0,y1", "--strategy", "sufficient-stats", "--standardize", "false",
      "--init", "zeros", "--epochs", "1000")
    val history = readHistory(output)
    assert(history.forall(_ >= 0), history.filter(_ < 0).take(5))
    // gd_reference.py wide.csv --labels y0,y1 --lr <learning_rate of this run, 2.8636e-05> --epochs 1000:
    // final loss 3.1754329223124884e-14 (float64; a loss of 1e-17 of the start's 2335.7, so to ~1e-7).
    assertRelativelyClose(history.last, 3.1754329223124884e-14, 1e-6, "final loss against the reference")
    assertLossIsLastHistoryRow(output)
    assert(!result.out.contains("loss -"), result.out)
    assertWarnings(result, output, "fewer rows (3) than parameters per label (7). This run converges to the " +
      "minimum-norm least-squares solution in the features' units")
  }

  test("more features than rows, per-epoch: loss non-negative and metrics' loss the last history row") {
    val input = writeFile(newTempDir(), "wide.csv", wide)
    val (result, output) = train(input, "y0,y1", "--strategy", "per-epoch", "--epochs", "3")
    assert(readHistory(output).forall(_ >= 0))
    assertLossIsLastHistoryRow(output)
    // Standardized, from the seeded normal start: the start's part the data does not see stays.
    assertWarnings(result, output, "fewer rows (3) than parameters per label (7). This run converges to the " +
      "minimum-norm least-squares solution in training units (standardized features) (smallest sum of " +
      "squared weights and intercepts) plus the part of the --init normal starting weights")
  }

  test("crops.csv: no warning (stderr empty, \"warnings\": []), loss = last history row, total >= loop time") {
    val (result, output) = train(Path.of(sample("crops.csv")), "apples,oranges", "--epochs", "50")
    assert(result.err.isEmpty, result.err)
    assert(warningsIn(output).isEmpty)
    assertLossIsLastHistoryRow(output)
    val metrics = readJson(output.resolve("metrics.json"))
    val total = metrics.get("total_seconds").asDouble
    val loop = metrics.get("train_seconds").asDouble
    assert(total >= loop && total > 0, s"total $total, loop $loop")
    val summary = """Final loss (\S+) after 50 epochs in ([0-9.]+) s \(training loop ([0-9.]+) s\)""".r
    val line = result.out.linesIterator.find(_.startsWith("Final loss")).getOrElse(fail(result.out))
    line match {
      case summary(loss, shownTotal, shownLoop) =>
        assert(shownTotal.toDouble >= shownLoop.toDouble, line)
        assert(shownTotal.toDouble == BigDecimal(total).setScale(1, BigDecimal.RoundingMode.HALF_UP).toDouble ||
          math.abs(shownTotal.toDouble - total) <= 0.05 + 1e-9, line)
        assertRelativelyClose(loss.toDouble, metrics.get("loss").asDouble, 1e-9, "summary loss")
      case _ => fail(s"summary line: $line")
    }
  }

  test("collinear features: the warning says which solution the run converges to, as the options decide") {
    val input = cropsWith("temp2")(i => (2 * cropsRows(i + 1).split(",")(1).toInt).toString)
    val features = Seq("--features", "temp,temp2,rainfall,humidity", "--epochs", "3")
    val (zeros, zerosOut) = train(input, "apples,oranges", features ++ Seq("--init", "zeros"): _*)
    assertWarnings(zeros, zerosOut, "the features are collinear (1 direction(s) of the weights are not " +
      "determined by the data). This run converges to the minimum-norm least-squares solution in training " +
      "units (standardized features) (smallest sum of squared weights and intercepts); add --l2")
    val (normal, normalOut) = train(input, "apples,oranges", features: _*)
    assertWarnings(normal, normalOut, "plus the part of the --init normal starting weights the data does not " +
      "determine")
    val (ridge, ridgeOut) = train(input, "apples,oranges", features ++ Seq("--l2", "0.5"): _*)
    assertWarnings(ridge, ridgeOut, "collinear (1 direction(s) of the weights are not determined by the " +
      "data). This run converges to the unique solution that --l2 0.5 makes.")
    val (adam, adamOut) = train(input, "apples,oranges", features ++ Seq("--optimizer", "adam"): _*)
    assertWarnings(adam, adamOut, "Adam does not keep to the minimum-norm one")
  }

  test("a constant feature: warned, weight exactly 0 with --standardize true, predictions unchanged") {
    val input = cropsWith("const")(_ => "5.5")
    val common = Seq("--init", "zeros", "--epochs", "200")
    val (result, output) = train(input, "apples,oranges",
      Seq("--features", "temp,rainfall,humidity,const") ++ common: _*)
    assertWarnings(result, output, "Feature const is constant: the weight is not identifiable, only its sum " +
      "with the intercept is. It is reported as 0 and its effect, a constant, is in the intercepts.")
    val (_, plainOut) = train(input, "apples,oranges", Seq("--features", "temp,rainfall,humidity") ++ common: _*)
    val model = readModel(output)
    val plain = readModel(plainOut)
    for (label <- 0 until 2) {
      assert(model.weights(label)(3) == 0.0, model.weights(label).toSeq)
      assertRelativelyClose(model.weights(label).take(3), plain.weights(label), 1e-9, s"weights of label $label")
    }
    assertRelativelyClose(model.bias, plain.bias, 1e-9, "intercepts")

    // From the seeded normal start the constant's weight is a random number in training units; still 0.
    val (_, normalOut) = train(input, "apples,oranges", "--features", "temp,rainfall,humidity,const",
      "--epochs", "5")
    assert(readModel(normalOut).weights.forall(_(3) == 0.0))
    // A warm start from a model with a weight of 2 on it folds 2·5.5 into the intercepts.
    val saved = newTempDir().resolve("saved")
    Files.createDirectories(saved)
    val json = readJson(output.resolve("model.json")).asInstanceOf[com.fasterxml.jackson.databind.node.ObjectNode]
    json.get("weights").elements().asScala.foreach(row =>
      row.asInstanceOf[com.fasterxml.jackson.databind.node.ArrayNode].set(3, json.numberNode(2.0)))
    Files.writeString(saved.resolve("model.json"), json.toString)
    val (_, warmOut) = train(input, "apples,oranges", "--features", "temp,rainfall,humidity,const",
      "--init-model", saved.toString, "--epochs", "0")
    val warm = readModel(warmOut)
    for (label <- 0 until 2) {
      assert(warm.weights(label)(3) == 0.0, warm.weights(label).toSeq)
      assertRelativelyClose(warm.weights(label).take(3), model.weights(label).take(3), 1e-12, "warm weights")
      assertRelativelyClose(warm.bias(label), model.bias(label) + 2.0 * 5.5, 1e-12, "warm intercept")
    }
  }

  test("a constant feature without standardization is warned about, saying what becomes of its weight") {
    val input = cropsWith("const")(_ => "5.5")
    val (result, output) = train(input, "apples,oranges", "--features", "temp,rainfall,humidity,const",
      "--standardize", "false", "--learning-rate", "1e-5", "--epochs", "3")
    assertWarnings(result, output, "Feature const is constant: the weight is not identifiable, only its sum " +
      "with the intercept is. Without --standardize true")
  }

  test("--learning-rate auto without standardization on a badly conditioned problem: warned") {
    // Features of scale 1e9 and 1e-3: the Hessian's condition number is about 1e24.
    val rows = (0 until 12).map { i =>
      val big = 1e9 * (1 + 0.37 * ((i * 7) % 12))
      val small = 1e-3 * (1 + 0.61 * ((i * 5) % 12))
      s"$big,$small,${2e-9 * big + 3000 * small + 1}"
    }
    val input = writeFile(newTempDir(), "scales.csv", ("big,small,y" +: rows).mkString("", "\n", "\n"))
    val (result, output) = train(input, "y", "--standardize", "false", "--epochs", "100")
    val Seq(warning) = assertWarnings(result, output, "The loss Hessian has condition number")
    for (part <- Seq("above 1e+08", "barely move", "Use --standardize true, or --strategy sufficient-stats")) {
      assert(warning.contains(part), warning)
    }
    val (quiet, quietOut) = train(input, "y", "--epochs", "5")
    assertWarnings(quiet, quietOut)
  }
}
