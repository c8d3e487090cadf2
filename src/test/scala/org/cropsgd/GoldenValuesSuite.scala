package org.cropsgd

import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * Training runs against the float64 reference, ../shared/reference/gd_reference.py (zero init, no
 * standardization, the loss convention of DESIGN.md). Each number below says the command it came from;
 * `REF` stands for `python3 ../shared/reference/gd_reference.py`.
 */
class GoldenValuesSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Tolerance = 1e-9

  for (strategy <- Seq("per-epoch", "sufficient-stats")) {
    def train(input: String, labels: String, lr: String, epochs: Int) = {
      val output = newTempDir().resolve("model")
      val result = cropsgd("train", "--input", sample(input), "--labels", labels, "--output", output.toString,
        "--learning-rate", lr, "--epochs", epochs.toString, "--init", "zeros", "--standardize", "false",
        "--strategy", strategy)
      (result, output)
    }
    goldenTests(strategy, train)
  }

  private def goldenTests(strategy: String,
      train: (String, String, String, Int) => (org.cropsgd.testing.CliResult, java.nio.file.Path)): Unit = {

  test(s"$strategy: crops.csv, lr 1e-5, 500 epochs: weights, intercepts, loss and history match the reference") {
    val (result, output) = train("crops.csv", "apples,oranges", "1e-5", 500)
    assert(result.exitCode == 0, result.err)
    val model = readModel(output)
    assert(model.features == Seq("temp", "rainfall", "humidity"))
    assert(model.labels == Seq("apples", "oranges"))
    // REF sample-data/crops.csv --labels apples,oranges --lr 1e-5 --epochs 500
    assertRelativelyClose(model.weights(0), Array(-0.3160383238691726, 0.9147768289146135, 0.4523700282825887),
      Tolerance, "W apples")
    assertRelativelyClose(model.weights(1), Array(-0.1936585353413623, 0.9085801740726933, 0.5615807474358537),
      Tolerance, "W oranges")
    assertRelativelyClose(model.bias, Array(0.0002953411824983238, 0.001929520760871533), Tolerance, "b")
    val metrics = readJson(output.resolve("metrics.json"))
    assertRelativelyClose(metrics.get("loss").asDouble, 11.175001106384343, Tolerance, "loss")
    assert(metrics.get("epochs").asInt == 500)
    assert(metrics.get("rows").asLong == 5)

    // REF ... --history: history[0], [1], [250], [500]
    val history = readHistory(output)
    assert(history.size == 501)
    assertRelativelyClose(history(0), 8327.1, Tolerance, "loss at epoch 0")
    assertRelativelyClose(history(1), 5767.995018440533, Tolerance, "loss at epoch 1")
    assertRelativelyClose(history(250), 35.925969307429426, Tolerance, "loss at epoch 250")
    assertRelativelyClose(history(500), 11.175001106384343, Tolerance, "loss at epoch 500")
  }

  test(s"$strategy: crops.csv, lr 1e-4, 100 epochs: loss matches the reference; permuting labels permutes W and b") {
    val (result, output) = train("crops.csv", "apples,oranges", "1e-4", 100)
    assert(result.exitCode == 0, result.err)
    // REF sample-data/crops.csv --labels apples,oranges --lr 1e-4 --epochs 100
    assertRelativelyClose(readJson(output.resolve("metrics.json")).get("loss").asDouble, 4.351481362051375,
      Tolerance, "loss")

    val (swapped, swappedOutput) = train("crops.csv", "oranges,apples", "1e-4", 100)
    assert(swapped.exitCode == 0, swapped.err)
    val model = readModel(output)
    val permuted = readModel(swappedOutput)
    assert(permuted.labels == Seq("oranges", "apples"))
    for ((row, permutedRow) <- Seq(0 -> 1, 1 -> 0)) {
      assertRelativelyClose(permuted.weights(permutedRow), model.weights(row), 1e-12, s"W row $row")
      assertRelativelyClose(permuted.bias(permutedRow), model.bias(row), 1e-12, s"b $row")
    }
  }

  test(s"$strategy: crops.csv, lr 1e-3: diverges with exit 4, names the epoch and the learning rate, writes nothing") {
    val (result, output) = train("crops.csv", "apples,oranges", "1e-3", 100)
    assert(result.exitCode == 4, result.out + result.err)
    // REF ... --lr 1e-3 --history: 8327.1, 2.24e6, 6.40e8, 1.83e11 — past 1e6 x the start at epoch 3.
    assert(result.err.contains("diverged at epoch 3"), result.err)
    assert(result.err.contains("learning rate 0.001 is too large"), result.err)
    assertNothingWritten(output)
  }

  test(s"$strategy: line.csv, lr 0.01, 100 epochs: w, b and loss match the reference") {
    val (result, output) = train("line.csv", "y", "0.01", 100)
    assert(result.exitCode == 0, result.err)
    val model = readModel(output)
    // REF sample-data/line.csv --labels y --lr 0.01 --epochs 100
    assertRelativelyClose(model.weights(0)(0), 2.0572921553772314, Tolerance, "w")
    assertRelativelyClose(model.bias(0), 0.6021627557505058, Tolerance, "b")
    assertRelativelyClose(readJson(output.resolve("metrics.json")).get("loss").asDouble, 0.04522862816002483,
      Tolerance, "loss")
  }
  }
}
