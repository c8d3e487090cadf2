package org.cropsgd

import java.nio.file.{Files, Path, StandardOpenOption}

import scala.jdk.CollectionConverters._

import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * --checkpoint-dir, --checkpoint-every and --resume in this JVM: what is saved, when it is deleted, and
 * which checkpoints a resume refuses. A diverging run (learning rate 2 > 2/λ ≈ 1.007 on the standardized
 * crop table, found by running it: it diverges at epoch 8) is the natural way to leave checkpoints behind.
 * The driver-kill test with a bit-for-bit resume is in DriverKillSuite, through the real launcher.
 */
class CheckpointSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {

  private def checkpoints(dir: Path): Seq[String] =
    if (!Files.exists(dir)) Seq.empty
    else Files.list(dir).iterator().asScala.map(_.getFileName.toString)
      .filter(name => name.startsWith("checkpoint-")).toSeq.sorted

  /** Arguments of a run that diverges at epoch 8, checkpointing every 3 epochs into `dir`. */
  private def diverging(input: String, dir: Path, output: Path): Seq[String] = Seq("train", "--input", input,
    "--labels", "apples,oranges", "--learning-rate", "2", "--epochs", "100", "--checkpoint-dir", dir.toString,
    "--checkpoint-every", "3", "--output", output.toString)

  test("a successful run deletes its checkpoints, and its model is the model of a run without them") {
    val temp = newTempDir()
    val dir = temp.resolve("checkpoints")
    val common = Seq("train", "--input", sample("crops.csv"), "--labels", "apples,oranges", "--epochs", "30",
      "--optimizer", "adam", "--learning-rate", "0.1")
    cropsgdOk(common ++ Seq("--output", temp.resolve("with").toString, "--checkpoint-dir", dir.toString,
      "--checkpoint-every", "4"): _*)
    cropsgdOk(common ++ Seq("--output", temp.resolve("without").toString): _*)
    assert(!Files.exists(dir), s"checkpoints left behind: ${checkpoints(dir)}")
    val (a, b) = (readModel(temp.resolve("with")), readModel(temp.resolve("without")))
    assert(a.weights.map(_.toSeq).toSeq == b.weights.map(_.toSeq).toSeq && a.bias.toSeq == b.bias.toSeq)
  }

  test("a failed run keeps its two newest checkpoints; resuming with the same options fails the same way") {
    val temp = newTempDir()
    val dir = temp.resolve("checkpoints")
    val output = temp.resolve("model")
    val first = cropsgd(diverging(sample("crops.csv"), dir, output): _*)
    assert(first.exitCode == 4, first.err)
    assert(checkpoints(dir) == Seq("checkpoint-000000003.json", "checkpoint-000000006.json"))
    assertNothingWritten(output)

    val again = cropsgd(diverging(sample("crops.csv"), dir, output) :+ "--resume": _*)
    assert(again.out.contains("Resuming from the checkpoint at epoch 6"), again.out)
    assert(again.exitCode == 4, again.err)
    val epochOf = "Training diverged at epoch (\\d+)".r
    assert(epochOf.findFirstMatchIn(again.err).map(_.group(1)) == epochOf.findFirstMatchIn(first.err).map(_.group(1)),
      s"${first.err}\n${again.err}")
  }

  test("a checkpoint made with other options is refused with exit 2, naming the option") {
    val temp = newTempDir()
    val dir = temp.resolve("checkpoints")
    val output = temp.resolve("model")
    assert(cropsgd(diverging(sample("crops.csv"), dir, output): _*).exitCode == 4)
    val before = checkpoints(dir)

    val lowerRate = diverging(sample("crops.csv"), dir, output).map(a => if (a == "2") "0.5" else a) :+ "--resume"
    val refused = cropsgd(lowerRate: _*)
    assert(refused.exitCode == 2, refused.err)
    assert(refused.err.contains("--learning-rate: 2.0 in the checkpoint, 0.5 now"), refused.err)
    assert(checkpoints(dir) == before, "a refused resume leaves the checkpoints alone")
    assertNothingWritten(output)
  }

  test("a checkpoint made with other data is refused with exit 2, naming the file") {
    val temp = newTempDir()
    val input = temp.resolve("crops.csv")
    Files.copy(Path.of(sample("crops.csv")), input)
    val dir = temp.resolve("checkpoints")
    val output = temp.resolve("model")
    assert(cropsgd(diverging(input.toString, dir, output): _*).exitCode == 4)

    Files.writeString(input, "Kalos,70,60,50,40,30\n", StandardOpenOption.APPEND)
    val refused = cropsgd(diverging(input.toString, dir, output) :+ "--resume": _*)
    assert(refused.exitCode == 2, refused.err)
    assert(refused.err.contains("input file crops.csv:"), refused.err)
    assertNothingWritten(output)
  }

  test("existing checkpoints without --resume are an error, not silently overwritten") {
    val temp = newTempDir()
    val dir = temp.resolve("checkpoints")
    val output = temp.resolve("model")
    assert(cropsgd(diverging(sample("crops.csv"), dir, output): _*).exitCode == 4)
    val again = cropsgd(diverging(sample("crops.csv"), dir, output): _*)
    assert(again.exitCode == 2, again.err)
    assert(again.err.contains("holds a checkpoint of an earlier run (at epoch 6). Pass --resume"), again.err)
  }

  test("--resume with no checkpoint yet starts at epoch 0; checkpoint options need a directory") {
    val temp = newTempDir()
    val fresh = cropsgdOk("train", "--input", sample("crops.csv"), "--labels", "apples,oranges", "--epochs", "5",
      "--checkpoint-dir", temp.resolve("none-yet").toString, "--resume", "--output", temp.resolve("m").toString)
    assert(fresh.out.contains("No checkpoint in"), fresh.out)

    val base = Seq("train", "--input", sample("crops.csv"), "--labels", "apples,oranges", "--output",
      temp.resolve("x").toString)
    for ((args, message) <- Seq(
        Seq("--resume") -> "--resume only applies with --checkpoint-dir",
        Seq("--checkpoint-every", "5") -> "--checkpoint-every only applies with --checkpoint-dir",
        Seq("--checkpoint-dir", temp.resolve("c").toString, "--checkpoint-every", "0") ->
          "Invalid value '0' for --checkpoint-every")) {
      val result = cropsgd(base ++ args: _*)
      assert(result.exitCode == 2 && result.err.contains(message), s"$args: ${result.err}")
    }
  }
}
