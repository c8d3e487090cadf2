package org.cropsgd.data

import java.io.{PrintWriter, StringWriter}
import java.nio.file.{Files, Path}
import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue

import scala.jdk.CollectionConverters._

import org.apache.logging.log4j.LogManager
import org.apache.logging.log4j.core.{LogEvent, Logger => CoreLogger}
import org.apache.logging.log4j.core.appender.AbstractAppender
import org.apache.logging.log4j.core.config.Property
import org.cropsgd.testing.{CliResult, CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * Loading the data: the default features and what they leave out, non-numeric cells, values too large to
 * square, CSV delimiters, globs and empty folders, and progress while a table loads.
 */
class DataLoadingSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  /** 1,000 rows of crops; `temp` of data row `badRow` (from 1) replaced by `badTemp` when given. */
  private def thousandRows(badRow: Int = 0, badTemp: String = ""): String = {
    val rows = (1 to 1000).map { i =>
      val temp = if (i == badRow) badTemp else (60 + i % 40).toString
      val rain = 40 + (i * 7) % 100
      val humidity = 30 + (i * 13) % 40
      s"R${i % 8},$temp,$rain,$humidity,${i % 50 + rain / 2},${i % 30 + humidity}"
    }
    ("region,temp,rainfall,humidity,apples,oranges" +: rows).mkString("", "\n", "\n")
  }

  private def train(input: Path, args: String*): (CliResult, Path) = {
    val output = input.getParent.resolve("model")
    (cropsgd(Seq("train", "--input", input.toString, "--output", output.toString, "--epochs", "3") ++ args: _*),
      output)
  }

  /** A run that must fail: its exit code, one line on stderr without a stack trace, nothing written. */
  private def failing(expectedExit: Int, input: Path, args: String*): String = {
    val (result, output) = train(input, args: _*)
    assert(result.exitCode == expectedExit, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    assert(result.err.startsWith("cropsgd: error: "), result.err)
    assert(result.err.trim.linesIterator.size == 1, s"one line:\n${result.err}")
    assert(!result.err.contains("\tat "), result.err)
    assertNothingWritten(output)
    result.err
  }

  private def succeeding(input: Path, args: String*): (CliResult, Path) = {
    val (result, output) = train(input, args: _*)
    assert(result.exitCode == 0, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    (result, output)
  }

  private def csv(content: String, name: String = "input.csv"): Path = writeFile(newTempDir(), name, content)

  test("default features: one line says which columns were left out and why") {
    val (result, output) = succeeding(csv(Crops), "--labels", "apples,oranges")
    assert(result.out.linesIterator.exists(_ ==
      "Default features [temp, rainfall, humidity]; left out: region (text), apples (label), oranges (label)"),
      result.out)
    assert(readModel(output).features == Seq("temp", "rainfall", "humidity"))
    val (named, _) = succeeding(csv(Crops), "--labels", "apples,oranges", "--features", "temp")
    assert(!named.out.contains("Default features"), named.out)
  }

  test("a default column of mostly numbers with one word: exit 3, naming column, value and row") {
    val err = failing(3, csv(thousandRows(501, "eighty")), "--labels", "apples,oranges")
    assert(err.contains("Column 'temp' has the non-numeric value 'eighty' in data row 501"), err)
    assert(err.contains("region=R5, temp=eighty"), err)
    assert(err.contains("--features, without 'temp'") && err.contains("--invalid skip"), err)
  }

  test("a text column with a few numbers stays a reported exclusion") {
    val codes = thousandRows().linesIterator.zipWithIndex.map { case (line, i) =>
      line.replaceFirst("^R", if (i % 10 == 1) "" else "R")
    }.mkString("", "\n", "\n")
    val (result, output) = succeeding(csv(codes), "--labels", "apples,oranges")
    assert(result.out.contains("left out: region (text, 100 of 1000 values numbers)"), result.out)
    assert(readModel(output).features == Seq("temp", "rainfall", "humidity"))
  }

  test("--invalid skip drops rows with a non-numeric cell, counted and reported") {
    val (defaulted, output) = succeeding(csv(thousandRows(501, "eighty")), "--labels", "apples,oranges",
      "--invalid", "skip")
    assert(defaulted.out.contains("Skipped 1 of 1000 rows") && defaulted.out.contains("1 non-numeric in 'temp'"),
      defaulted.out)
    assert(readModel(output).features == Seq("temp", "rainfall", "humidity"))
    val metrics = readJson(output.resolve("metrics.json"))
    assert(metrics.get("rows").asLong == 999 && metrics.get("rows_dropped").asLong == 1)

    val input = csv(Crops.replace("Johto,91,88", "Johto,91,lots").replace("Unova,69", "Unova,"))
    val (named, namedOutput) = succeeding(input, "--labels", "apples", "--features", "temp,rainfall",
      "--invalid", "skip")
    assert(named.out.contains("Skipped 2 of 5 rows") && named.out.contains("1 in 'temp'") &&
      named.out.contains("1 non-numeric in 'rainfall'"), named.out)
    assert(readJson(namedOutput.resolve("metrics.json")).get("rows").asLong == 3)
  }

  test("a text column named in --features is an error even with --invalid skip") {
    val err = failing(3, csv(Crops), "--labels", "apples", "--features", "temp,region", "--invalid", "skip")
    assert(err.contains("Column 'region' holds text") && err.contains("leave 'region' out of --features"), err)
  }

  test("a non-numeric label: the hint speaks of --labels") {
    val err = failing(3, csv(Crops.replace("Sinnoh,102,43,37,22", "Sinnoh,102,43,37,n/a")), "--labels",
      "apples,oranges")
    assert(err.contains("Column 'apples' has the non-numeric value 'n/a' in data row 4"), err)
    assert(err.contains("--labels") && !err.contains("--features"), err)
  }

  test("a value whose square overflows: exit 3 while loading, naming the column and showing the row") {
    val huge = csv(Crops.replace("Hoenn,87,134", "Hoenn,87,1e308"))
    for (policy <- Seq("error", "skip")) {
      val err = failing(3, huge, "--labels", "apples,oranges", "--invalid", policy)
      assert(err.contains("Column 'rainfall' holds values too large") && err.contains("data row 3"), err)
      assert(err.contains("region=Hoenn") && err.contains("Rescale the column"), err)
    }
    // Each value squares to a finite number, their sum does not.
    val many = csv(Crops.replace("Hoenn,87,134", "Hoenn,87,1.2e154").replace("Johto,91,88", "Johto,91,-1.3e154"))
    val err = failing(3, many, "--labels", "apples", "--learning-rate", "0.1")
    assert(err.contains("Column 'rainfall' holds values too large") && err.contains("data row 2"), err)
  }

  test("a table that passes the size check has finite moments and λ") {
    // Just below the limit: sums of squares of 2 values near 2.2e153 each; centred and cross moments finite.
    val big = math.sqrt(ColumnProfile.SUM_OF_SQUARES_LIMIT / 2.5)
    val input = csv(s"x,y\n$big,1\n${-big}," + big + "\n0,0\n")
    val (result, output) = succeeding(input, "--labels", "y", "--standardize", "false", "--init", "zeros",
      "--strategy", "sufficient-stats")
    // Such a table is badly conditioned, and the run says so; nothing else is on stderr.
    assert(result.err.linesIterator.forall(_.startsWith("cropsgd: warning: ")), result.err)
    assert(readModel(output).weights.flatten.forall(w => !w.isNaN && !w.isInfinite))
  }

  test("CSV delimiter: ';' and tab detected from the header and reported; --csv-delimiter saved in the config") {
    val semicolons = csv(Crops.replace(',', ';'))
    val (detected, output) = succeeding(semicolons, "--labels", "apples,oranges")
    assert(detected.out.contains("CSV delimiter ';' detected from the header"), detected.out)
    assert(readModel(output).features == Seq("temp", "rainfall", "humidity"))
    assert(readModel(output).json.get("config").get("csv-delimiter").isNull)

    val (tabs, _) = succeeding(csv(Crops.replace(',', '\t')), "--labels", "apples")
    assert(tabs.out.contains("CSV delimiter '\\t' detected from the header"), tabs.out)

    val (given, givenOutput) = succeeding(csv(Crops.replace(',', ';')), "--labels", "apples", "--csv-delimiter", ";")
    assert(!given.out.contains("detected"), given.out)
    assert(readModel(givenOutput).json.get("config").get("csv-delimiter").asText == ";")
  }

  test("a missing label in a ';'-separated file read with ',' says to pass --csv-delimiter ';'") {
    val err = failing(3, csv(Crops.replace(',', ';')), "--labels", "apples", "--csv-delimiter", ",")
    assert(err.contains("label column(s) [apples] are not in the input"), err)
    assert(err.contains("The header looks ';'-separated: pass --csv-delimiter ';'"), err)
  }

  test("--csv-delimiter: one character, CSV only (exit 2)") {
    val input = csv(Crops)
    val (long, _) = train(input, "--labels", "apples", "--csv-delimiter", ";;")
    assert(long.exitCode == 2 && long.err.contains("--csv-delimiter"), long.err)
    val (parquet, _) = train(input, "--labels", "apples", "--csv-delimiter", ";", "--format", "parquet")
    assert(parquet.exitCode == 2 && parquet.err.contains("--csv-delimiter only applies with CSV"), parquet.err)
  }

  test("a glob trains without Spark's FileStreamSink warning") {
    val dir = newTempDir()
    writeFile(dir, "a.csv", Crops)
    writeFile(dir, "b.csv", Crops.replace("Kanto", "Kalos"))
    val glob = dir.resolve("*.csv").toString
    val warnings = captureWarnings("org.apache.spark.sql.execution.streaming.FileStreamSink") {
      // The control: Spark warns when it is handed the glob itself.
      spark.read.option("header", "true").csv(glob)
    }
    assert(warnings.exists(_.contains("Assume no metadata directory")), warnings)
    // Not beside the data: an output in the glob's folder is refused (it lies inside the --input).
    val output = newTempDir().resolve("model")
    val fromCropsgd = captureWarnings("org.apache.spark.sql.execution.streaming.FileStreamSink") {
      val result = cropsgd("train", "--input", glob, "--labels", "apples", "--output", output.toString,
        "--epochs", "2")
      assert(result.exitCode == 0, result.err)
      assert(result.out.contains("(2 files, "), result.out)
    }
    assert(fromCropsgd.isEmpty, fromCropsgd)
    assert(readJson(output.resolve("metrics.json")).get("rows").asLong == 10)
  }

  test("an empty folder with --format csv says the folder is empty") {
    val dir = Files.createDirectory(newTempDir().resolve("day"))
    Files.createDirectory(dir.resolve("_temporary"))
    val err = failing(3, dir, "--format", "csv", "--labels", "apples")
    assert(err.contains(s"The input '$dir' is an empty folder"), err)
  }

  test("loading says what it reads; progress lines come from Spark's status tracker, not for small tables") {
    val (result, _) = succeeding(csv(Crops), "--labels", "apples")
    assert(result.out.linesIterator.exists(_.matches("Reading .*input.csv \\(1 file, 0\\.0 MB\\)")), result.out)
    assert(!result.out.contains("tasks done"), result.out)

    val out = new StringWriter()
    val printer = new PrintWriter(out, true)
    val progress = LoadProgress.start(spark.sparkContext, (line: String) => printer.println(line),
      Duration.ofMillis(400), Duration.ofMillis(400))
    try {
      progress.phase("sleeping")
      spark.sparkContext.parallelize(1 to 4, 4).map { i => Thread.sleep(1200); i }.count()
    } finally progress.close()
    assert(out.toString.linesIterator.exists(_.matches("  sleeping: \\d/4 tasks done \\(\\d+ s\\)")), out.toString)
  }

  /** The messages `logger` logged at WARN or above while `body` ran. */
  private def captureWarnings(logger: String)(body: => Unit): Seq[String] = {
    val messages = new ConcurrentLinkedQueue[String]()
    val appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
      override def append(event: LogEvent): Unit = messages.add(event.getMessage.getFormattedMessage)
    }
    appender.start()
    val target = LogManager.getLogger(logger).asInstanceOf[CoreLogger]
    target.addAppender(appender)
    try body finally {
      target.removeAppender(appender)
      appender.stop()
    }
    messages.asScala.toSeq
  }
}
