package org.cropsgd

import java.nio.file.Files

import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/** The options of `train` and what a run prints and writes. */
class TrainOptionsSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {

  test("a run writes model.json, metrics.json, history.csv and _SUCCESS, and prints progress and a summary") {
    val output = newTempDir().resolve("model")
    val result = cropsgdOk("train", "--input", sample("crops.csv"), "--labels", "apples,oranges",
      "--output", output.toString, "--epochs", "20")
    for (name <- Seq("model.json", "metrics.json", "history.csv", "_SUCCESS")) {
      assert(Files.exists(output.resolve(name)), name)
    }
    assert(readHistory(output).size == 21)
    val metrics = readJson(output.resolve("metrics.json"))
    for (key <- Seq("loss", "epochs", "rows", "per_label", "train_seconds", "strategy", "data_passes")) {
      assert(metrics.has(key), key)
    }
    for (label <- Seq("apples", "oranges"); key <- Seq("mse", "rmse", "mae", "r2")) {
      assert(metrics.get("per_label").get(label).has(key), s"$label.$key")
    }
    val perLabelMse = Seq("apples", "oranges").map(metrics.get("per_label").get(_).get("mse").asDouble)
    assertRelativelyClose(metrics.get("loss").asDouble, perLabelMse.sum / 2, 1e-12, "loss = mean of label MSEs")
    assertRelativelyClose(metrics.get("loss").asDouble, readHistory(output).last, 1e-12, "loss = last history row")

    val model = readModel(output)
    assert(model.json.get("config").get("seed").asLong == 42, "the seed is recorded")
    assert(model.json.get("config").get("learning-rate").asText == "auto", "the default step size is auto")
    assert(metrics.get("learning_rate").asDouble > 0, "and the value chosen is recorded")
    assert(model.json.get("version").asText.nonEmpty)

    assert(result.out.contains("epoch 1/20"), result.out)
    assert(result.out.contains("epoch 20/20"), result.out)
    assert(result.out.contains("Final loss"), result.out)
    assert(result.out.linesIterator.exists(l => l.trim.startsWith("apples") && l.contains("0.")), result.out)
    assert(result.out.contains(s"Model written to file:$output"), result.out)
  }

  test("the same seed gives the same model; another seed another start") {
    def train(seed: String) = {
      val output = newTempDir().resolve("model")
      cropsgdOk("train", "--input", sample("line.csv"), "--labels", "y", "--output", output.toString,
        "--epochs", "2", "--seed", seed)
      readHistory(output).head
    }
    assert(train("1") == train("1"))
    assert(train("1") != train("2"))
  }

  test("--config supplies defaults and the command line wins") {
    val dir = newTempDir()
    val config = writeFile(dir, "train.properties",
      s"""input=${sample("crops.csv")}
         |labels=apples,oranges
         |epochs=7
         |learning-rate=1e-5
         |init=zeros
         |standardize=false
         |""".stripMargin)
    val output = dir.resolve("model")
    cropsgdOk("train", "--config", config.toString, "--output", output.toString, "--epochs", "4")
    val model = readModel(output)
    assert(model.labels == Seq("apples", "oranges"))
    assert(model.json.get("config").get("epochs").asInt == 4, "the command line wins")
    assert(model.json.get("config").get("learning-rate").asDouble == 1e-5, "the file beats the default")
    assert(!model.json.get("standardized").asBoolean)
    // Zero init from the file: REF history[0] of crops.csv is 8327.1 (a normal init starts far from it);
    // to rounding, since the loss comes from the moments.
    assertRelativelyClose(readHistory(output).head, 8327.1, 1e-12, "zero init from the file")
  }

  test("--overwrite replaces an earlier output directory") {
    val output = newTempDir().resolve("model")
    cropsgdOk("train", "--input", sample("line.csv"), "--labels", "y", "--output", output.toString, "--epochs", "3")
    cropsgdOk("train", "--input", sample("line.csv"), "--labels", "y", "--output", output.toString,
      "--epochs", "1", "--overwrite")
    assert(readHistory(output).size == 2, "the new run's history")
    assert(Files.exists(output.resolve("_SUCCESS")))
    assert(output.getParent.toFile.list().toSeq == Seq("model"), "no staging directory is left")
  }

  test("a failed run with --overwrite leaves the old output as it was, and no staging directory") {
    val output = newTempDir().resolve("model")
    cropsgdOk("train", "--input", sample("crops.csv"), "--labels", "apples,oranges", "--output", output.toString,
      "--epochs", "3")
    val before = Files.readString(output.resolve("model.json"))
    // Learning rate 2 > 2/λ ≈ 1.007 on the standardized crop table: diverges at epoch 8 (exit 4).
    val failed = cropsgd("train", "--input", sample("crops.csv"), "--labels", "apples,oranges", "--output",
      output.toString, "--epochs", "100", "--learning-rate", "2", "--overwrite")
    assert(failed.exitCode == 4, failed.err)
    assert(Files.readString(output.resolve("model.json")) == before)
    assert(Files.exists(output.resolve("_SUCCESS")))
    assert(output.getParent.toFile.list().toSeq == Seq("model"), "no staging directory is left")
  }

  test("--no-intercept fits no intercepts, also with standardization") {
    val output = newTempDir().resolve("model")
    cropsgdOk("train", "--input", sample("two-features.csv"), "--labels", "y", "--output", output.toString,
      "--epochs", "5", "--no-intercept")
    assert(readModel(output).bias.sameElements(Array(0.0)))
  }

  test("--help lists every option") {
    val result = cropsgd("train", "--help")
    assert(result.exitCode == 0)
    for (option <- Seq("--input", "--format", "--labels", "--features", "--output", "--overwrite", "--epochs",
        "--learning-rate", "--init", "--seed", "--no-intercept", "--standardize", "--invalid", "--config")) {
      assert(result.out.contains(option), option)
    }
  }
}
