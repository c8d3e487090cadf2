package org.cropsgd

import java.nio.file.Files

import scala.jdk.CollectionConverters._

import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/** The training options of issue 3: optimizers, ridge, stopping, validation, mini-batches, warm starts. */
class TrainingOptionsSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val regional = sample("regional-crops.csv")

  private def history(output: java.nio.file.Path): Seq[Map[String, Double]] = {
    val lines = Files.readAllLines(output.resolve("history.csv")).asScala.toSeq
    val header = lines.head.split(",").toSeq
    lines.tail.map(line => header.zip(line.split(",").map(_.toDouble)).toMap)
  }

  private def flat(model: org.cropsgd.testing.SavedModel): Seq[Double] = model.weights.toSeq.flatMap(_.toSeq)

  private def train(args: String*) = {
    val output = newTempDir().resolve("model")
    val result = cropsgdOk(Seq("train", "--output", output.toString) ++ args: _*)
    (result, output)
  }

  test("--optimizer adam and SGD with momentum both train on both strategies alike") {
    for (optimizer <- Seq(Seq("--optimizer", "adam", "--learning-rate", "0.1"),
        Seq("--momentum", "0.9", "--nesterov", "--learning-rate", "0.1", "--weight-decay", "0.01"))) {
      val common = Seq("--input", sample("crops.csv"), "--labels", "apples,oranges", "--epochs", "30") ++ optimizer
      val (_, perEpoch) = train(common ++ Seq("--strategy", "per-epoch"): _*)
      val (_, moments) = train(common ++ Seq("--strategy", "sufficient-stats"): _*)
      val a = readModel(perEpoch)
      val b = readModel(moments)
      for (k <- 0 until 2) assertRelativelyClose(b.weights(k), a.weights(k), 1e-9, s"$optimizer W row $k")
      assert(history(perEpoch).last("loss") < history(perEpoch).head("loss"), optimizer.toString)
    }
  }

  test("--l2 shrinks the weights, is reported apart from the MSE, and never touches the intercepts' penalty") {
    val common = Seq("--input", regional, "--labels", "apples,oranges", "--epochs", "300")
    val (_, plain) = train(common: _*)
    val (_, ridge) = train(common ++ Seq("--l2", "0.5"): _*)
    def norm(model: org.cropsgd.testing.SavedModel) = flat(model).map(w => w * w).sum
    assert(norm(readModel(ridge)) < norm(readModel(plain)))
    val rows = history(ridge)
    assert(rows.head.contains("l2_penalty") && !history(plain).head.contains("l2_penalty"))
    val metrics = readJson(ridge.resolve("metrics.json"))
    assert(metrics.get("l2_penalty").asDouble > 0)
    assertRelativelyClose(metrics.get("l2_penalty").asDouble, rows.last("l2_penalty"), 1e-12, "penalty")
    // The ridge optimum balances MSE against the penalty, so its MSE is above the unpenalized one.
    assert(metrics.get("loss").asDouble > readJson(plain.resolve("metrics.json")).get("loss").asDouble)
  }

  test("--learning-rate auto counts --l2 and --weight-decay in λ, so a strong ridge does not diverge") {
    // Before, auto was 1/λ of the loss alone: --l2 1 on regional-crops.csv diverged at epoch 18.
    val common = Seq("--input", regional, "--labels", "apples,oranges", "--epochs", "100")
    def learningRate(output: java.nio.file.Path) = readJson(output.resolve("metrics.json")).get("learning_rate").asDouble
    val lossOnly = 1 / learningRate(train(common: _*)._2)
    for ((extra, added) <- Seq((Seq("--l2", "1"), 2.0), (Seq("--l2", "2", "--weight-decay", "0.5"), 4.5))) {
      val (_, output) = train(common ++ extra: _*)
      assertRelativelyClose(learningRate(output), 1 / (lossOnly + added), 1e-12, extra.mkString(" "))
      val losses = history(output).map(_("loss"))
      assert(losses.last < losses.head, extra.toString)
    }
  }

  test("--tol and --patience stop training early and record why") {
    val (result, output) = train("--input", regional, "--labels", "apples,oranges", "--epochs", "5000",
      "--tol", "1e-6", "--patience", "3")
    val metrics = readJson(output.resolve("metrics.json"))
    assert(metrics.get("stop_reason").asText == "tolerance")
    val epochs = metrics.get("epochs").asInt
    assert(epochs < 5000)
    assert(readHistory(output).size == epochs + 1)
    assert(result.out.contains(s"Stopped after epoch $epochs"), result.out)
    val (_, full) = train("--input", regional, "--labels", "apples,oranges", "--epochs", "20")
    assert(readJson(full.resolve("metrics.json")).get("stop_reason").asText == "max_epochs")
  }

  test("--validation-fraction holds out a seeded share of rows and reports its loss each epoch") {
    val args = Seq("--input", regional, "--labels", "apples,oranges", "--epochs", "50",
      "--validation-fraction", "0.25")
    val (_, first) = train(args: _*)
    val (_, again) = train(args: _*)
    val metrics = readJson(first.resolve("metrics.json"))
    val trainRows = metrics.get("rows").asLong
    val validationRows = metrics.get("validation_rows").asLong
    assert(trainRows + validationRows == 4000)
    assert(math.abs(validationRows - 1000) < 100, s"about a quarter held out: $validationRows")
    val rows = history(first)
    assert(rows.size == 51 && rows.forall(_.contains("validation_loss")))
    assertRelativelyClose(metrics.get("validation_loss").asDouble, rows.last("validation_loss"), 1e-12, "val")
    assert(flat(readModel(first)) == flat(readModel(again)), "seeded split")
    val (_, otherSeed) = train(args ++ Seq("--seed", "7"): _*)
    assert(readJson(otherSeed.resolve("metrics.json")).get("validation_rows").asLong != validationRows)
  }

  test("--batch-fraction takes seeded stochastic mini-batch steps with the per-epoch strategy") {
    val args = Seq("--input", regional, "--labels", "apples,oranges", "--epochs", "15", "--batch-fraction", "0.1")
    val (result, first) = train(args: _*)
    val (_, again) = train(args: _*)
    val metrics = readJson(first.resolve("metrics.json"))
    assert(metrics.get("strategy").asText == "per-epoch", "auto picks per-epoch for mini-batches")
    assert(flat(readModel(first)) == flat(readModel(again)), "seeded batches")
    val (_, fullBatch) = train("--input", regional, "--labels", "apples,oranges", "--epochs", "15")
    assert(flat(readModel(first)) != flat(readModel(fullBatch)))
    assert(result.out.contains("strategy per-epoch"), result.out)
    val refused = cropsgd("train", "--input", regional, "--labels", "apples", "--output",
      newTempDir().resolve("m").toString, "--batch-fraction", "0.5", "--strategy", "sufficient-stats")
    assert(refused.exitCode == 2 && refused.err.contains("--batch-fraction"), refused.err)
  }

  test("--init-model warm-starts from an earlier model, and refuses one with other features or labels") {
    val common = Seq("--input", regional, "--labels", "apples,oranges", "--init", "zeros")
    val (_, first) = train(common ++ Seq("--epochs", "20"): _*)
    val (_, resumed) = train(common ++ Seq("--epochs", "20", "--init-model", first.toString): _*)
    val (_, straight) = train(common ++ Seq("--epochs", "40"): _*)
    // 20 + 20 steps of plain SGD from a warm start = 40 steps in one go (same auto step size, same data).
    for (k <- 0 until 2) {
      assertRelativelyClose(readModel(resumed).weights(k), readModel(straight).weights(k), 1e-9, s"W row $k")
    }
    val output = newTempDir().resolve("model")
    val mismatch = cropsgd("train", "--input", regional, "--labels", "oranges,apples", "--output",
      output.toString, "--init-model", first.toString)
    assert(mismatch.exitCode == 2)
    assert(mismatch.err.contains("labels [apples, oranges]") && mismatch.err.contains("[oranges, apples]"),
      mismatch.err)
    assertNothingWritten(output)
    val missing = cropsgd("train", "--input", regional, "--labels", "apples", "--output", output.toString,
      "--init-model", newTempDir().toString)
    assert(missing.exitCode == 2 && missing.err.contains("no model.json"), missing.err)
  }

  test("optimizer options that do not fit the optimizer are usage errors") {
    val output = newTempDir().resolve("model").toString
    for ((args, option) <- Seq(Seq("--optimizer", "adam", "--momentum", "0.9") -> "--momentum",
        Seq("--nesterov") -> "--nesterov", Seq("--beta1", "0.5") -> "--beta1", Seq("--momentum", "1.5") -> "--momentum")) {
      val result = cropsgd(Seq("train", "--input", regional, "--labels", "apples", "--output", output) ++ args: _*)
      assert(result.exitCode == 2 && result.err.contains(option), s"$args: ${result.err}")
    }
  }
}
