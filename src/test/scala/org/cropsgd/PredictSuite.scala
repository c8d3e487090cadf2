package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.apache.spark.sql.Row
import org.apache.spark.sql.functions.col
import org.cropsgd.config.InvalidPredictionPolicy
import org.cropsgd.job.PredictionQuery
import org.cropsgd.testing.{CliResult, CropSgdFixtures, DirectorySnapshot, SavedModel, SharedSparkSession}
import org.scalactic.source.Position
import org.scalatest.funsuite.AnyFunSuite

/**
 * `predict`: the numbers (against Σ w·x + b computed here from model.json), the columns written, rows with
 * invalid features, and every bad input with its exit code, its one line and nothing written.
 */
class PredictSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Regional = sample("regional-crops.csv")
  private val Columns = Seq("region", "year", "temp", "rainfall", "humidity", "apples", "oranges")

  /** The README quick start's kind of model, on the 4,000-row table: trained once for the suite. */
  private lazy val modelDir: Path = {
    val dir = newTempDir().resolve("model")
    cropsgdOk("train", "--input", Regional, "--labels", "apples,oranges", "--output", dir.toString)
    dir
  }
  private lazy val model: SavedModel = readModel(modelDir)

  private def predict(input: String, output: Path, args: String*): CliResult =
    cropsgd(Seq("predict", "--model", modelDir.toString, "--input", input, "--output", output.toString) ++
      args: _*)

  /** Σ_j w[k][j]·x_j + b[k] in Scala, in the order of the model's features, from `row`'s named values. */
  private def expected(row: Row, k: Int): Double =
    model.features.indices.map(j => model.weights(k)(j) * number(row, model.features(j))).sum + model.bias(k)

  private def number(row: Row, name: String): Double = row.getAs[Any](name) match {
    case n: Number => n.doubleValue()
    case s: String => s.toDouble
  }

  private def assertPredictionsMatch(rows: Seq[Row])(implicit pos: Position): Unit =
    for (row <- rows; (label, k) <- model.labels.zipWithIndex) {
      assertRelativelyClose(row.getAs[Double](s"${label}_predicted"), expected(row, k), 1e-12,
        s"$label of $row")
    }

  /** Exit `code`, one `cropsgd: error:` line holding each phrase, no stack trace. */

  test("parquet (the default): every input column, then <label>_predicted = Σ w·x + b from model.json to 1e-12") {
    val output = newTempDir().resolve("predictions")
    val result = predict(Regional, output)
    assert(result.exitCode == 0, result.err)
    assert(result.err.isEmpty, result.err)
    val written = spark.read.parquet(output.toString)
    assert(written.columns.toSeq == Columns ++ Seq("apples_predicted", "oranges_predicted"))
    val rows = written.collect().toSeq
    assert(rows.size == 4000)
    assertPredictionsMatch(rows)
    assert(Files.exists(output.resolve("_SUCCESS")))
    val marker = readJson(output.resolve("_CROPSGD_OUTPUT"))
    val listed = marker.get("files").elements().asScala.map(_.asText()).toSet
    val parts = Files.list(output).iterator().asScala.map(_.getFileName.toString).filter(_.startsWith("part-")).toSet
    assert(parts.nonEmpty && listed == parts + "_SUCCESS", s"marker $listed, files $parts")
    assert(result.out.contains("[apples_predicted, oranges_predicted]"), result.out)
  }

  test("csv output with a header, and orc: the same numbers, read back by name") {
    for (format <- Seq("csv", "orc")) {
      val output = newTempDir().resolve("predictions")
      assert(predict(Regional, output, "--output-format", format, "--keep-all").exitCode == 0)
      val reader = spark.read.format(format)
      val rows = (if (format == "csv") reader.option("header", "true").option("inferSchema", "true") else reader)
        .load(output.toString).collect().toSeq
      assert(rows.size == 4000, format)
      assertPredictionsMatch(rows)
      if (format == "csv") {
        val part = Files.list(output).iterator().asScala.find(_.getFileName.toString.endsWith(".csv")).get
        assert(Files.readAllLines(part).get(0) ==
          (Columns ++ Seq("apples_predicted", "oranges_predicted")).mkString(","))
      }
    }
  }

  test("--keep writes exactly those input columns, in that order, before the predictions") {
    val output = newTempDir().resolve("predictions")
    assert(predict(Regional, output, "--keep", "year, region").exitCode == 0)
    val written = spark.read.parquet(output.toString)
    assert(written.columns.toSeq == Seq("year", "region", "apples_predicted", "oranges_predicted"))
    // Row for row the same predictions as with every column kept.
    val all = newTempDir().resolve("all")
    assert(predict(Regional, all).exitCode == 0)
    val expectedRows = spark.read.parquet(all.toString).select("apples_predicted", "oranges_predicted").collect()
    assert(written.select("apples_predicted", "oranges_predicted").collect().toSeq == expectedRows.toSeq)
  }

  test("--invalid: error (exit 3, the column and the row, nothing written), skip and null") {
    val input = editedRegionalCrops(rows => rows.take(4) ++ Seq("Tohoku,2003,NaN,100,50,80,90",
      "Tohoku,2003,91,eighty,50,80,90") ++ rows.drop(4))
    val dir = newTempDir()
    val snapshot = DirectorySnapshot.of(dir)
    val error = predict(input, dir.resolve("out"))
    assertOneLineError(error, 3, "Column 'temp'", "data row 5", "region=Tohoku", "--invalid skip", "--invalid null")
    assertNothingWritten(dir.resolve("out"))
    snapshot.assertUnchanged()

    val skipped = dir.resolve("skipped")
    assert(predict(input, skipped, "--invalid", "skip").exitCode == 0)
    val kept = spark.read.parquet(skipped.toString).collect().toSeq
    assert(kept.size == 4000)
    assertPredictionsMatch(kept)

    val nulls = dir.resolve("nulls")
    assert(predict(input, nulls, "--invalid", "null").exitCode == 0)
    val all = spark.read.parquet(nulls.toString).collect().toSeq
    assert(all.size == 4002)
    val (invalid, valid) = all.partition(row => row.getAs[Any]("apples_predicted") == null)
    assert(invalid.map(_.getAs[String]("rainfall")) == Seq("100", "eighty"))
    assert(invalid.forall(_.getAs[Any]("oranges_predicted") == null))
    assertPredictionsMatch(valid)
  }

  test("--invalid error keeps Spark's log lines about the stopped task off the log (the one line is cropsgd's)") {
    val input = editedRegionalCrops(rows => rows.take(4) ++ Seq("Tohoku,2003,NaN,100,50,80,90") ++ rows.drop(4))
    val (result, events) = withLogEvents(predict(input, newTempDir().resolve("out")))
    assertOneLineError(result, 3, "Column 'temp'")
    val spark = events.filter(e => e.contains("USER_RAISED_EXCEPTION") || e.contains("abort"))
    assert(spark.isEmpty, spark.mkString("\n"))
  }

  test("a text cell in a numeric column under --invalid error names that column") {
    val input = editedRegionalCrops(rows => rows.take(9) ++ Seq("Kanto,2001,91,eighty,50,80,90") ++ rows.drop(9))
    val output = newTempDir().resolve("out")
    assertOneLineError(predict(input, output), 3, "Column 'rainfall'", "value 'eighty'", "data row 10")
    assertNothingWritten(output)
  }

  test("bad --model: missing, a file, without model.json, corrupt (exit 2, nothing written)") {
    val dir = newTempDir()
    val snapshot = DirectorySnapshot.of(dir)
    val notJson = Files.createDirectory(dir.resolve("corrupt"))
    writeFile(notJson, "model.json", """{"features": ["temp"], "labels": ["apples"], "weights": [[1, 2]]""")
    val snapshotWithModels = DirectorySnapshot.of(dir)
    val cases = Seq(
      dir.resolve("nope") -> "it does not exist",
      writeFile(dir, "file.txt", "x") -> "it is a file, not a directory",
      Files.createDirectory(dir.resolve("empty")) -> "it has no model.json",
      notJson -> "given by --model is not a valid cropsgd model")
    for ((model, why) <- cases) {
      val output = dir.resolve("out")
      val before = DirectorySnapshot.of(dir)
      val result = cropsgd("predict", "--model", model.toString, "--input", Regional, "--output", output.toString)
      assertOneLineError(result, 2, "--model", why)
      assertNothingWritten(output)
      before.assertUnchanged()
    }
    assert(snapshot.entries.isEmpty && snapshotWithModels.entries.nonEmpty)
  }

  test("a model.json of another table: exit 3, what is missing and what the input has") {
    val other = newTempDir()
    val otherModel = other.resolve("model")
    cropsgdOk("train", "--input", sample("two-features.csv"), "--labels", "y", "--output", otherModel.toString,
      "--epochs", "2")
    val output = other.resolve("out")
    val result = cropsgd("predict", "--model", otherModel.toString, "--input", Regional, "--output",
      output.toString)
    assertOneLineError(result, 3, "needs the feature column(s) [x1, x2]", Columns.mkString("[", ", ", "]"))
    assertNothingWritten(output)
  }

  test("a prediction column that clashes with a kept input column: exit 3, unless --keep leaves it out") {
    val first = newTempDir().resolve("first")
    assert(predict(Regional, first).exitCode == 0)
    val dir = newTempDir()
    // Predicting an earlier output again: it already has apples_predicted and oranges_predicted.
    for (keep <- Seq(Seq(), Seq("--keep-all"), Seq("--keep", "region,apples_predicted"))) {
      val output = dir.resolve("again")
      val result = predict(first.toString, output, keep ++ Seq("--format", "parquet"): _*)
      assertOneLineError(result, 3, "_predicted", "--keep COL,COL")
      assertNothingWritten(output)
    }
    // Spark's column names are case-insensitive: Apples_Predicted clashes too.
    val mixedCase = writeFile(dir, "mixed.csv", "year,temp,rainfall,humidity,Apples_Predicted\n2001,90,100,50,1\n")
    assertOneLineError(predict(mixedCase.toString, dir.resolve("mixed")), 3, "[Apples_Predicted]")
    assertNothingWritten(dir.resolve("mixed"))
    val output = dir.resolve("again")
    assert(predict(first.toString, output, "--keep", "region,year", "--format", "parquet").exitCode == 0)
    assert(spark.read.parquet(output.toString).columns.toSeq ==
      Seq("region", "year", "apples_predicted", "oranges_predicted"))
  }

  test("--keep of a column the input lacks is exit 3; --keep with --keep-all, or a name twice, is exit 2") {
    val output = newTempDir().resolve("out")
    assertOneLineError(predict(Regional, output, "--keep", "region,field"), 3, "--keep column(s) [field]",
      Columns.mkString("[", ", ", "]"))
    assertOneLineError(predict(Regional, output, "--keep", "region", "--keep-all"), 2, "--keep-all")
    assertOneLineError(predict(Regional, output, "--keep", "region,year,region"), 2, "lists [region] more than once")
    assertOneLineError(cropsgd("predict", "--model", modelDir.toString, "--input", Regional), 2, "--output",
      "predict --help")
    assertNothingWritten(output)
  }

  test("an existing --output: exit 2 without --overwrite; --overwrite replaces an earlier output, never other data") {
    val dir = newTempDir()
    val output = dir.resolve("predictions")
    assert(predict(Regional, output, "--keep", "region").exitCode == 0)
    val earlier = DirectorySnapshot.of(dir)
    assertOneLineError(predict(Regional, output, "--keep", "year"), 2, "already exists", "--overwrite")
    earlier.assertUnchanged()
    assert(predict(Regional, output, "--keep", "year", "--overwrite").exitCode == 0)
    assert(spark.read.parquet(output.toString).columns.head == "year")

    val data = Files.createDirectory(dir.resolve("data"))
    writeFile(data, "notes.txt", "not cropsgd's")
    val untouched = DirectorySnapshot.of(dir)
    assertOneLineError(predict(Regional, data, "--overwrite"), 2, "was not written by cropsgd")
    untouched.assertUnchanged()
  }

  test("an --output that is, contains or lies inside the --input or the --model: exit 2, nothing touched") {
    val dir = newTempDir()
    val input = Files.createDirectory(dir.resolve("table"))
    Files.copy(Path.of(Regional), input.resolve("regional-crops.csv"))
    val snapshot = DirectorySnapshot.of(dir)
    for ((output, phrase) <- Seq(input -> "is the --input", input.resolve("out") -> "lies inside the --input",
        dir -> "contains the --input")) {
      assertOneLineError(predict(input.toString, output, "--overwrite", "--format", "csv"), 2, phrase)
      snapshot.assertUnchanged()
    }
    assertOneLineError(predict(Regional, modelDir.resolve("predictions")), 2, "lies inside the --model")
    assert(!Files.exists(modelDir.resolve("predictions")))
  }

  test("the prediction query is one projection of plain Spark SQL: no UDF, no shuffle, no aggregate") {
    val input = spark.read.option("header", "true").option("inferSchema", "true").csv(Regional)
    val regression = org.cropsgd.io.ModelFiles.readForScoring(modelDir.toString, spark.sparkContext.hadoopConfiguration)
    for (policy <- InvalidPredictionPolicy.values()) {
      val query = PredictionQuery.of(regression, input, java.util.List.of("region"), policy)
      val plan = query.queryExecution.executedPlan.toString
      assert(!plan.contains("UDF") && !plan.contains("Exchange") && !plan.contains("Aggregate"), plan)
      assert(query.columns.toSeq == Seq("region", "apples_predicted", "oranges_predicted"))
      assert(query.count() == 4000)
    }
    assert(input.select(col("region")).count() == 4000)
  }
}
