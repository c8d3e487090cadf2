package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.cropsgd.testing.{CliResult, CropSgdFixtures, DirectorySnapshot, SharedSparkSession}
import org.scalactic.source.Position
import org.scalatest.funsuite.AnyFunSuite

/**
 * `cropsgd generate`: a Parquet table whose labels are a known linear function of its features, the true
 * model in truth.json, written all-or-nothing; training on it gets the truth back.
 */
class GenerateSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  /** generate 1,000 rows of 3 features and 2 labels into `output`, unless `args` say otherwise. */
  private def generate(output: Path, args: String*): CliResult = {
    val defaults = Seq("--rows" -> "1000", "--features" -> "3", "--labels" -> "2", "--output" -> output.toString)
      .filterNot { case (option, _) => args.contains(option) }
    cropsgd(Seq("generate") ++ defaults.flatMap { case (option, value) => Seq(option, value) } ++ args: _*)
  }

  private def table(output: Path) = spark.read.parquet(output.resolve("table").toString)

  /** truth.json: (weights, bias), read like a model.json. */
  private def truth(output: Path): (Array[Array[Double]], Array[Double]) = {
    val json = readJson(output.resolve("truth.json"))
    val weights = json.get("weights").elements().asScala.map(_.elements().asScala.map(_.asDouble()).toArray).toArray
    (weights, json.get("bias").elements().asScala.map(_.asDouble()).toArray)
  }

  private def assertUsageError(result: CliResult, phrase: String)(implicit pos: Position): Unit = {
    assert(result.exitCode == 2, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    val lines = result.err.linesIterator.toSeq
    assert(lines.size == 1 && lines.head.startsWith("cropsgd: error: ") && lines.head.contains(phrase), result.err)
    assert(!result.err.contains("\tat "), result.err)
  }

  test("the table: the rows and partitions asked for, features f0.., labels y0.. = W·x + b exactly without noise") {
    val output = newTempDir().resolve("gen")
    val result = generate(output, "--noise", "0", "--partitions", "3")
    assert(result.exitCode == 0, result.err)
    assert(result.err.isEmpty, result.err)
    assert(result.out.contains("Wrote 1,000 rows"), result.out)
    val rows = table(output)
    assert(rows.columns.toSeq == Seq("f0", "f1", "f2", "y0", "y1"))
    assert(rows.schema.fields.forall(_.dataType == org.apache.spark.sql.types.DoubleType))
    assert(Files.list(output.resolve("table")).iterator().asScala.count(_.getFileName.toString.endsWith(".parquet")) == 3)
    val values = rows.collect().map(row => Array.tabulate(5)(row.getDouble))
    assert(values.length == 1000)
    val (weights, bias) = truth(output)
    assert(weights.length == 2 && weights.forall(_.length == 3) && bias.length == 2)
    for (row <- values; i <- 0 until 2) {
      val expected = bias(i) + (0 until 3).map(j => weights(i)(j) * row(j)).sum
      assert(math.abs(row(3 + i) - expected) <= 1e-12 * (1 + math.abs(expected)), s"y$i of ${row.toSeq}")
    }
    // Standard normal, and independent columns (a shared seed would repeat a column).
    for (j <- 0 until 3) {
      val column = values.map(_(j))
      val mean = column.sum / column.length
      val sd = math.sqrt(column.map(x => (x - mean) * (x - mean)).sum / column.length)
      assert(math.abs(mean) < 0.15 && math.abs(sd - 1) < 0.15, s"f$j: mean $mean, sd $sd")
    }
    assert(values.map(_(0)).toSet.intersect(values.map(_(1)).toSet).isEmpty)
    val marker = readJson(output.resolve("_CROPSGD_OUTPUT")).get("files").elements().asScala.map(_.asText()).toSeq
    assert(marker == Seq("table/", "truth.json", "_SUCCESS"))
  }

  test("training on a generated table recovers truth.json; the noise has the standard deviation asked for") {
    val output = newTempDir().resolve("gen")
    assert(generate(output, "--rows", "4000", "--noise", "0.5", "--seed", "7").exitCode == 0)
    val (weights, bias) = truth(output)
    // Residuals of the true model: the noise itself.
    val noise = table(output).selectExpr(
      s"y0 - (${bias(0)} + ${weights(0)(0)} * f0 + ${weights(0)(1)} * f1 + ${weights(0)(2)} * f2)")
      .collect().map(_.getDouble(0))
    val sd = math.sqrt(noise.map(x => x * x).sum / noise.length)
    assert(math.abs(sd - 0.5) < 0.05, s"noise sd $sd")
    val model = newTempDir().resolve("model")
    cropsgdOk("train", "--input", output.resolve("table").toString, "--format", "parquet", "--labels", "y0,y1",
      "--output", model.toString)
    val fitted = readModel(model)
    assert(fitted.features == Seq("f0", "f1", "f2"))
    for (i <- 0 until 2; j <- 0 until 3) {
      assert(math.abs(fitted.weights(i)(j) - weights(i)(j)) < 0.05, s"w($i)($j)")
    }
    for (i <- 0 until 2) assert(math.abs(fitted.bias(i) - bias(i)) < 0.05, s"b($i)")
  }

  test("the same seed gives the same table, another seed another one") {
    val first = newTempDir().resolve("a")
    val second = newTempDir().resolve("b")
    val other = newTempDir().resolve("c")
    Seq(first -> "1", second -> "1", other -> "2").foreach { case (dir, seed) =>
      assert(generate(dir, "--rows", "200", "--seed", seed, "--partitions", "2").exitCode == 0)
    }
    assert(table(first).exceptAll(table(second)).isEmpty && table(second).exceptAll(table(first)).isEmpty)
    assert(truth(first)._1.map(_.toSeq).toSeq == truth(second)._1.map(_.toSeq).toSeq)
    assert(truth(first)._1.map(_.toSeq).toSeq != truth(other)._1.map(_.toSeq).toSeq)
    assert(!table(first).exceptAll(table(other)).isEmpty)
  }

  test("bad options are exit 2, one line, nothing written") {
    val output = newTempDir().resolve("gen")
    for ((option, value, phrase) <- Seq(("--rows", "0", "--rows"), ("--features", "0", "--features"),
        ("--labels", "-1", "--labels"), ("--noise", "-1", "--noise"), ("--noise", "NaN", "--noise"),
        ("--partitions", "0", "--partitions"))) {
      withClue(s"$option $value: ") {
        assertUsageError(generate(output, option, value), phrase)
        assertNothingWritten(output)
      }
    }
    assertUsageError(cropsgd("generate", "--rows", "10", "--features", "2", "--labels", "1"), "--output")
  }

  test("an existing output: refused without --overwrite, replaced with it when it is cropsgd's, never otherwise") {
    val output = newTempDir().resolve("gen")
    assert(generate(output, "--rows", "10", "--seed", "1").exitCode == 0)
    val snapshot = DirectorySnapshot.of(output.getParent)
    assertUsageError(generate(output, "--rows", "10", "--seed", "2"), "--overwrite")
    snapshot.assertUnchanged()
    assert(generate(output, "--rows", "20", "--seed", "2", "--overwrite").exitCode == 0)
    assert(table(output).count() == 20)
    assert(Files.list(output.getParent).iterator().asScala.map(_.getFileName.toString).toSeq == Seq("gen"))

    val foreign = newTempDir()
    writeFile(foreign, "notes.txt", "not cropsgd's")
    val foreignSnapshot = DirectorySnapshot.of(foreign)
    assertUsageError(generate(foreign, "--overwrite"), "_CROPSGD_OUTPUT")
    foreignSnapshot.assertUnchanged()
  }
}
