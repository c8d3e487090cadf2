package org.cropsgd

import java.nio.file.{Files, Path}

import org.cropsgd.testing.{CliResult, CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The format of `--input`: a folder without an extension is read in the one format of the data files in it
 * (as Spark writes them: `part-….snappy.parquet`, `….csv.gz`, beside `_SUCCESS` and `.crc` files, also in
 * partition folders), and a table read with the wrong `--format` is exit 3 with one line naming the file and
 * the likely format, for train, predict and evaluate, with Spark's task-failure log lines kept off the log.
 */
class InputFormatSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private lazy val modelDir: Path = {
    val dir = newTempDir().resolve("model")
    cropsgdOk("train", "--input", sample("crops.csv"), "--labels", "apples,oranges", "--epochs", "1",
      "--output", dir.toString)
    dir
  }

  /** train, predict or evaluate reading `input` (with `args`) into a new output folder: (result, output). */
  private def run(command: String, input: String, args: String*): (CliResult, Path) = {
    val output = newTempDir().resolve("out")
    val common = Seq("--input", input, "--output", output.toString) ++ args
    val result = command match {
      case "train" => cropsgd(Seq("train", "--labels", "apples,oranges", "--epochs", "1") ++ common: _*)
      case other => cropsgd(Seq(other, "--model", modelDir.toString) ++ common: _*)
    }
    (result, output)
  }

  private def cropsTable = spark.read.option("header", "true").option("inferSchema", "true")
    .csv(sample("crops.csv"))

  /** A folder as Spark writes `crops.csv` in `format` (no extension in its name). */
  private def sparkFolder(format: String, options: Map[String, String] = Map.empty): Path = {
    val dir = newTempDir().resolve("table")
    cropsTable.repartition(2).write.options(options).option("header", "true").format(format).save(dir.toString)
    dir
  }

  test("a folder Spark wrote is read in the format of its files, for train, predict and evaluate") {
    val parquet = sparkFolder("parquet")
    assert(Files.exists(parquet.resolve("_SUCCESS")))
    for (command <- Seq("train", "predict")) withClue(command) {
      val (result, output) = run(command, parquet.toString)
      assert(result.exitCode == 0 && result.err.isEmpty, result.err)
      assert(Files.isDirectory(output))
      if (command == "train") {
        assert(result.out.contains("format=parquet"), result.out)
        assert(readJson(output.resolve("model.json")).toString.contains("\"format\":\"parquet\""))
      }
    }
    // A table partitioned into key=value folders, compressed CSV (other compressions and ORC: InputFormatTest).
    val partitioned = newTempDir().resolve("by-region")
    cropsTable.write.partitionBy("region").parquet(partitioned.toString)
    val (byRegion, _) = run("evaluate", partitioned.toString)
    assert(byRegion.exitCode == 0 && byRegion.err.isEmpty, byRegion.err)
    val (gzipped, _) = run("predict", sparkFolder("csv", Map("compression" -> "gzip")).toString)
    assert(gzipped.exitCode == 0, gzipped.err)
  }

  test("a folder of mixed or unknown files is exit 2 naming the extensions found; an empty folder exit 3") {
    val mixed = sparkFolder("parquet")
    Files.copy(Path.of(sample("crops.csv")), mixed.resolve("extra.csv"))
    val (result, output) = run("train", mixed.toString)
    assertOneLineError(result, 2, s"'$mixed'", ".csv, .parquet", "--format")
    assertNothingWritten(output)

    val unknown = newTempDir().resolve("unknown")
    Files.createDirectory(unknown)
    writeFile(unknown, "crops.txt", Crops)
    assertOneLineError(run("predict", unknown.toString)._1, 2, ".txt", "--format")

    val empty = newTempDir().resolve("empty")
    Files.createDirectories(empty.resolve("_temporary"))
    writeFile(empty, "_SUCCESS", "")
    for (command <- Seq("train", "evaluate")) withClue(command) {
      val (result, output) = run(command, empty.toString)
      assertOneLineError(result, 3, s"The input '$empty' is an empty folder")
      assertNothingWritten(output)
    }
  }

  test("a CSV file read as Parquet or ORC, or a Parquet file as ORC: exit 3, one line naming the file and " +
    "the format to pass, no Spark task-failure lines, nothing written") {
    val parquetFile = Files.list(sparkFolder("parquet")).filter(_.toString.endsWith(".parquet")).findFirst().get
    val cases = Seq((sample("crops.csv"), "parquet", "--format csv"), (sample("crops.csv"), "orc", "--format csv"),
      (parquetFile.toString, "orc", "--format parquet"))
    for ((input, format, remedy) <- cases; command <- Seq("train", "predict", "evaluate")) {
      withClue(s"$command $input as $format: ") {
        val ((result, output), events) = withLogEvents(run(command, input, "--format", format))
        assertOneLineError(result, 3, s"Cannot read '", Path.of(input).getFileName.toString, s"as $format",
          remedy)
        assertNothingWritten(output)
        val spark = events.filter(e => e.contains("FAILED_READ_FILE") || e.contains("abort"))
        assert(spark.isEmpty, spark.mkString("\n"))
      }
    }
  }
}
