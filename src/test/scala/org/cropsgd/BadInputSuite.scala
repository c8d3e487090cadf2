package org.cropsgd

import java.nio.file.{Files, Path}

import org.cropsgd.testing.{CliResult, CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/** Every kind of bad input: the documented exit code, a message that says what and where, nothing written. */
class BadInputSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  /** Trains on `csv` (or on `input` when given) and checks the exit code and that no output appeared. */
  private def failingRun(expectedExit: Int, csv: String, args: String*): CliResult = {
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", csv)
    val output = dir.resolve("model")
    val result = cropsgd(Seq("train", "--input", input.toString, "--output", output.toString,
      "--epochs", "3") ++ args: _*)
    assert(result.exitCode == expectedExit, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    assert(result.err.startsWith("cropsgd: error: ") || expectedExit == 2, result.err)
    assert(!result.err.contains("\tat "), s"a user error shows no stack trace:\n${result.err}")
    assertNothingWritten(output)
    result
  }

  test("missing input path: exit 3, names the path") {
    val dir = newTempDir()
    val output = dir.resolve("model")
    val result = cropsgd("train", "--input", dir.resolve("nope.csv").toString, "--labels", "apples",
      "--output", output.toString)
    assert(result.exitCode == 3)
    assert(result.err.contains("nope.csv") && result.err.contains("does not exist"), result.err)
    assertNothingWritten(output)
  }

  test("missing feature or label column: exit 3, lists the columns that exist") {
    val feature = failingRun(3, Crops, "--labels", "apples", "--features", "temp,sunshine")
    assert(feature.err.contains("feature column(s) [sunshine]"), feature.err)
    assert(feature.err.contains("[region, temp, rainfall, humidity, apples, oranges]"), feature.err)
    val label = failingRun(3, Crops, "--labels", "apples,pears")
    assert(label.err.contains("label column(s) [pears]") && label.err.contains("Fix --labels."), label.err)
    assert(!label.err.contains("Did you mean"), label.err)
    // A name that is a column's but for case: said, and which option to fix.
    val cased = failingRun(3, Crops, "--labels", "Apples,oranges", "--group-by", "Region")
    assert(cased.err.contains("Did you mean 'apples' for 'Apples'?") && cased.err.contains("Fix --labels."), cased.err)
    val group = failingRun(3, Crops, "--labels", "apples", "--group-by", "Region")
    assert(group.err.contains("group column(s) [Region]") && group.err.contains("'region' for 'Region'")
      && group.err.contains("Fix --group-by."), group.err)
  }

  test("non-numeric value in a feature or label column: exit 3, names the column and shows the row") {
    val badFeature = Crops.replace("Hoenn,87,134", "Hoenn,87,lots")
    val feature = failingRun(3, badFeature, "--labels", "apples", "--features", "temp,rainfall,humidity")
    assert(feature.err.contains("Column 'rainfall' has the non-numeric value 'lots' in data row 3"), feature.err)
    assert(feature.err.contains("region=Hoenn"), feature.err)
    val label = failingRun(3, Crops.replace("Sinnoh,102,43,37,22", "Sinnoh,102,43,37,n/a"),
      "--labels", "apples,oranges")
    assert(label.err.contains("Column 'apples' has the non-numeric value 'n/a' in data row 4"), label.err)
  }

  test("null, NaN or infinite values: exit 3 by default, naming columns and the first row") {
    val invalid = Crops.replace("Johto,91,88", "Johto,91,").replace("Hoenn,87,134,58", "Hoenn,87,134,NaN")
      .replace("Unova,69,96,70,103", "Unova,69,96,70,Inf")
    val result = failingRun(3, invalid, "--labels", "apples,oranges")
    assert(result.err.contains("null, NaN or infinite"), result.err)
    assert(result.err.contains("1 in 'rainfall'") && result.err.contains("1 in 'humidity'") &&
      result.err.contains("1 in 'apples'"), result.err)
    assert(result.err.contains("data row 2") && result.err.contains("region=Johto"), result.err)
    assert(result.err.contains("--invalid skip"), result.err)
  }

  test("--invalid skip drops those rows, reports how many, and trains on the rest") {
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", Crops.replace("Johto,91,88", "Johto,91,").replace("Unova,69", "Unova,NaN"))
    val output = dir.resolve("model")
    val result = cropsgdOk("train", "--input", input.toString, "--labels", "apples,oranges", "--output",
      output.toString, "--epochs", "5", "--invalid", "skip")
    assert(result.out.contains("Skipped 2 of 5 rows"), result.out)
    val metrics = readJson(output.resolve("metrics.json"))
    assert(metrics.get("rows").asLong == 3)
    assert(metrics.get("rows_dropped").asLong == 2)
  }

  test("--invalid skip with every row invalid: exit 3") {
    val allBad = "temp,apples\n1,\nNaN,2\n"
    val result = failingRun(3, allBad, "--labels", "apples", "--invalid", "skip")
    assert(result.err.contains("All 2 rows"), result.err)
  }

  test("empty table: exit 3") {
    val result = failingRun(3, "region,temp,apples\n", "--labels", "apples")
    assert(result.err.contains("has no rows"), result.err)
  }

  test("duplicate column names: exit 3, names them") {
    val result = failingRun(3, "temp,temp,apples\n1,2,3\n4,5,6\n", "--labels", "apples")
    assert(result.err.contains("more than one column named [temp]"), result.err)
    val cased = failingRun(3, "temp,Temp,apples\n1,2,3\n4,5,6\n", "--labels", "apples")
    assert(cased.err.contains("named [Temp]") && cased.err.contains("differ only in case"), cased.err)
  }

  test("a column that is neither numeric nor text: exit 3, names it and its type") {
    val dir = newTempDir()
    val input = dir.resolve("table.parquet").toString
    spark.sql("SELECT 1.0 AS temp, true AS irrigated, 2.0 AS apples").write.parquet(input)
    val output = dir.resolve("model")
    val result = cropsgd("train", "--input", input, "--labels", "apples", "--features", "temp,irrigated",
      "--output", output.toString)
    assert(result.exitCode == 3, result.err)
    assert(result.err.contains("Column 'irrigated' has type boolean"), result.err)
    assertNothingWritten(output)
  }

  test("a label listed as a feature, or listed twice: exit 2") {
    val both = failingRun(2, Crops, "--labels", "apples", "--features", "temp,apples")
    assert(both.err.contains("[apples]") && both.err.contains("both as --labels and as --features"), both.err)
    val twice = failingRun(2, Crops, "--labels", "apples,apples")
    assert(twice.err.contains("for --labels: it lists [apples] more than once"), twice.err)
  }

  test("usage errors: missing --labels, unknown option, bad values: exit 2") {
    assert(failingRun(2, Crops).err.contains("--labels is required"))
    assert(failingRun(2, Crops, "--labels", "apples", "--epoch", "3").err.contains("--epoch"))
    assert(failingRun(2, Crops, "--labels", "apples", "--init", "ones").err.contains("--init"))
    assert(failingRun(2, Crops, "--labels", "apples", "--learning-rate", "fast").err.contains("--learning-rate"))
    assert(failingRun(2, Crops, "--labels", "apples", "--learning-rate", "-1").err.contains("--learning-rate"))
    assert(failingRun(2, Crops, "--labels", "apples", "--standardize", "maybe").err.contains("--standardize"))
  }

  test("config file: missing file and unknown keys are exit 2") {
    val dir = newTempDir()
    assert(failingRun(2, Crops, "--labels", "apples", "--config", dir.resolve("none.properties").toString)
      .err.contains("none.properties"))
    val config = writeFile(dir, "train.properties", "labels=apples\nlearning_rate=0.1\n")
    val result = failingRun(2, Crops, "--config", config.toString)
    assert(result.err.contains("unknown keys [learning_rate]") && result.err.contains("learning-rate"), result.err)
  }

  test("an existing output directory is refused without --overwrite and left untouched") {
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", Crops)
    val output = Files.createDirectory(dir.resolve("model"))
    val marker = writeFile(output, "keep.txt", "precious")
    val result = cropsgd("train", "--input", input.toString, "--labels", "apples", "--output", output.toString)
    assert(result.exitCode == 2)
    assert(result.err.contains("already exists") && result.err.contains("--overwrite"), result.err)
    assert(Files.readString(marker) == "precious")
    assert(output.toFile.list().toSeq == Seq("keep.txt"))
  }

}
