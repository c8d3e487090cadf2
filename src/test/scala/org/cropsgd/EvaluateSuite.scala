package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.cropsgd.moments.SumsEngines
import org.cropsgd.testing.{CliResult, CropSgdFixtures, DirectorySnapshot, SharedSparkSession}
import org.scalactic.source.Position
import org.scalatest.funsuite.AnyFunSuite

/**
 * `evaluate`: on the training table it gives the training run's metrics (one evaluator for both), its
 * metrics.json, R² accurate for labels far from zero, and bad input with its exit code, one line and
 * nothing written.
 */
class EvaluateSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Regional = sample("regional-crops.csv")

  private lazy val modelDir: Path = {
    val dir = newTempDir().resolve("model")
    cropsgdOk("train", "--input", Regional, "--labels", "apples,oranges", "--output", dir.toString)
    dir
  }

  private def evaluate(input: String, args: String*): CliResult =
    cropsgd(Seq("evaluate", "--model", modelDir.toString, "--input", input) ++ args: _*)

  test("on the training table: the training run's per-label metrics to 1e-12, written to --output DIR/metrics.json") {
    val output = newTempDir().resolve("evaluation")
    val result = evaluate(Regional, "--output", output.toString)
    assert(result.exitCode == 0, result.err)
    assert(result.err.isEmpty, result.err)
    val training = readJson(modelDir.resolve("metrics.json"))
    val evaluated = readJson(output.resolve("metrics.json"))
    assert(evaluated.get("rows").asLong == training.get("rows").asLong)
    assert(evaluated.get("rows_dropped").asLong == 0)
    for (label <- Seq("apples", "oranges"); key <- Seq("mse", "rmse", "mae", "r2")) {
      assertRelativelyClose(evaluated.get("per_label").get(label).get(key).asDouble,
        training.get("per_label").get(label).get(key).asDouble, 1e-12, s"$label $key")
    }
    // The loss is the MSE over all n·k residuals: the mean of the labels' MSEs, and training's loss to rounding
    // (training measures its loss in its own units).
    val mses = Seq("apples", "oranges").map(evaluated.get("per_label").get(_).get("mse").asDouble)
    assertRelativelyClose(evaluated.get("loss").asDouble, mses.sum / 2, 1e-15, "loss")
    assertRelativelyClose(evaluated.get("loss").asDouble, training.get("loss").asDouble, 1e-9, "training loss")
    assert(Files.exists(output.resolve("_SUCCESS")) && Files.exists(output.resolve("_CROPSGD_OUTPUT")))
    // The printed table holds the same numbers.
    val apples = training.get("per_label").get("apples")
    assert(result.out.contains(f"${apples.get("rmse").asDouble}%14.6g"), result.out)
    assert(result.out.contains("MSE over 4000 rows × 2 labels"), result.out)
  }

  test("without --output nothing is written; an existing --output needs --overwrite") {
    val dir = newTempDir()
    val snapshot = DirectorySnapshot.of(dir)
    val printed = evaluate(Regional)
    assert(printed.exitCode == 0 && printed.out.contains("apples"), printed.err)
    snapshot.assertUnchanged()
    val output = dir.resolve("evaluation")
    assert(evaluate(Regional, "--output", output.toString).exitCode == 0)
    val earlier = DirectorySnapshot.of(dir)
    assertOneLineError(evaluate(Regional, "--output", output.toString), 2, "already exists", "--overwrite")
    earlier.assertUnchanged()
    assert(evaluate(Regional, "--output", output.toString, "--overwrite").exitCode == 0)
    assertOneLineError(evaluate(Regional, "--output", modelDir.toString, "--overwrite"), 2, "is the --model")
  }

  test("R² stays accurate for labels far from zero (the sums are shifted by the first row's labels)") {
    // y = 1e9 + x exactly and a model y = x + 1e9 + 0.5: every residual is 0.5. Unshifted, Σy² − (Σy)²/n
    // would lose every digit of SST to cancellation at 1e18.
    val dir = newTempDir()
    val table = writeFile(dir, "far.csv", "x,y\n" + (0 to 4).map(x => s"$x,${1e9 + x}").mkString("\n") + "\n")
    val model = Files.createDirectory(dir.resolve("model"))
    writeFile(model, "model.json", """{"features": ["x"], "labels": ["y"], "weights": [[1.0]], "bias": [1000000000.5]}""")
    val output = dir.resolve("evaluation")
    val result = cropsgd("evaluate", "--model", model.toString, "--input", table.toString, "--output", output.toString)
    assert(result.exitCode == 0, result.err)
    val y = readJson(output.resolve("metrics.json")).get("per_label").get("y")
    assert(y.get("mse").asDouble == 0.25 && y.get("mae").asDouble == 0.5)
    // SST = 10 (x = 0..4 about 2), SSE = 1.25: R² = 0.875 exactly in float64 here.
    assert(y.get("r2").asDouble == 0.875, y)
  }

  test("a missing label or feature column: exit 3, naming it and the columns there are, nothing written") {
    val dir = newTempDir()
    val input = writeFile(dir, "crops.csv", Crops)
    val output = dir.resolve("evaluation")
    val withoutOranges = writeFile(dir, "no-oranges.csv",
      Files.readAllLines(Path.of(Regional)).asScala.map(_.split(",").dropRight(1).mkString(",")).mkString("\n"))
    assertOneLineError(evaluate(withoutOranges.toString, "--output", output.toString), 3,
      "needs the label column(s) [oranges]", "[region, year, temp, rainfall, humidity, apples]")
    assertOneLineError(evaluate(input.toString, "--output", output.toString), 3, "needs the feature column(s) [year]")
    assertNothingWritten(output)
  }

  test("--invalid error (exit 3, the column and the row) and skip (reported, the rest scored)") {
    val input = editedRegionalCrops(rows => rows.take(2) ++ Seq("Kanto,2001,91,100,50,,90") ++ rows.drop(2))
    val output = newTempDir().resolve("evaluation")
    assertOneLineError(evaluate(input, "--output", output.toString), 3, "Column 'apples'", "data row 3",
      "--invalid skip")
    assertNothingWritten(output)
    val skipped = evaluate(input, "--invalid", "skip", "--output", output.toString)
    assert(skipped.exitCode == 0, skipped.err)
    assert(skipped.out.contains("Left out 1 of 4001 rows"), skipped.out)
    val metrics = readJson(output.resolve("metrics.json"))
    assert(metrics.get("rows").asLong == 4000 && metrics.get("rows_dropped").asLong == 1)
    val training = readJson(modelDir.resolve("metrics.json"))
    assertRelativelyClose(metrics.get("per_label").get("apples").get("r2").asDouble,
      training.get("per_label").get("apples").get("r2").asDouble, 1e-12, "r2 without the bad row")
  }

  test("both engines of the pass (Spark SQL for the GPU, Java on the CPU) give the same metrics and the same rows left out") {
    // A null label and a NaN feature among regional-crops.csv's rows: the valid-row condition is part of both.
    val input = editedRegionalCrops(rows => rows.take(2) ++ Seq("Kanto,2001,91,100,50,,90", "Kanto,2002,NaN,100,50,80,90") ++
      rows.drop(2))
    val metrics = Seq("sql", "blocked").map { engine =>
      spark.conf.set(SumsEngines.ENGINE_KEY, engine)
      try {
        val output = newTempDir().resolve("evaluation")
        val result = evaluate(input, "--invalid", "skip", "--output", output.toString)
        assert(result.exitCode == 0, result.err)
        readJson(output.resolve("metrics.json"))
      } finally spark.conf.unset(SumsEngines.ENGINE_KEY)
    }
    val Seq(sql, cpu) = metrics
    assert(sql.get("rows").asLong == 4000 && cpu.get("rows").asLong == 4000)
    assert(sql.get("rows_dropped").asLong == 2 && cpu.get("rows_dropped").asLong == 2)
    assertRelativelyClose(cpu.get("loss").asDouble, sql.get("loss").asDouble, 1e-12, "loss")
    for (label <- Seq("apples", "oranges"); key <- Seq("mse", "rmse", "mae", "r2")) {
      assertRelativelyClose(cpu.get("per_label").get(label).get(key).asDouble,
        sql.get("per_label").get(label).get(key).asDouble, 1e-12, s"$label $key")
    }
  }

  test("bad --model: missing or without model.json (exit 2)") {
    val dir = newTempDir()
    assertOneLineError(cropsgd("evaluate", "--model", dir.resolve("nope").toString, "--input", Regional), 2,
      "Cannot read the --model", "it does not exist")
    assertOneLineError(cropsgd("evaluate", "--model", dir.toString, "--input", Regional), 2, "it has no model.json")
    assertOneLineError(cropsgd("evaluate", "--input", Regional), 2, "--model is required")
  }
}
