package org.cropsgd

import java.nio.file.{Files, Path}
import java.util.concurrent.TimeUnit

import scala.jdk.CollectionConverters._
import scala.sys.process._

import org.cropsgd.testing.{CropSgdFixtures, Launcher, LauncherRun, ScriptResult}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The driver dies mid-training (SIGKILL: no shutdown hook, no cleanup), and a rerun with --resume ends with
 * bit for bit the model and history of a run that was never interrupted. Through the real launcher, as
 * a scheduler runs it; CPU, local[2].
 */
class DriverKillSuite extends AnyFunSuite with CropSgdFixtures {
  private val launcher = projectHome.resolve("submit/cropsgd").toString

  private def command(output: Path, extra: String*): Seq[String] = Seq("--master", "local[2]",
    "train", "--input", sample("regional-crops.csv"), "--labels", "apples,oranges", "--strategy", "per-epoch",
    "--optimizer", "sgd", "--momentum", "0.5", "--epochs", "40", "--output", output.toString) ++ extra

  private def run(temp: Path, name: String, args: Seq[String]): ScriptResult =
    LauncherRun(projectHome, temp, name, "submit/cropsgd", args)

  private def newestCheckpointEpoch(dir: Path): Int =
    if (!Files.exists(dir)) 0
    else Files.list(dir).iterator().asScala.map(_.getFileName.toString)
      .collect { case name if name.matches("checkpoint-\\d+\\.json") => name.drop(11).takeWhile(_ != '.').toInt }
      .maxOption.getOrElse(0)

  test("SIGKILL the driver mid-training, --resume, and get the uninterrupted run's model bit for bit", Launcher) {
    val temp = newTempDir()
    val checkpoints = temp.resolve("checkpoints")
    val output = temp.resolve("model")
    val resumeArgs = command(output, "--checkpoint-dir", checkpoints.toString, "--checkpoint-every", "5", "--resume")

    // The first attempt: killed once a checkpoint past epoch 10 is on disk, with epochs still to go.
    val logFile = temp.resolve("first-attempt.log").toFile
    val driver = Process(launcher +: resumeArgs, projectHome.toFile, "SPARK_HOME" -> "").#>(logFile).run()
    val pid = waitForDriverPid(temp)
    val deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
    while (newestCheckpointEpoch(checkpoints) < 10 && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100)
    }
    assert(driver.isAlive(), s"the first attempt ended before it could be killed:\n${Files.readString(logFile.toPath)}")
    assert(Seq("kill", "-KILL", pid.toString).! == 0)
    val killedCode = driver.exitValue()
    assert(killedCode == 128 + 9, s"killed by SIGKILL, exit $killedCode")
    val killedAt = newestCheckpointEpoch(checkpoints)
    assert(killedAt >= 10 && killedAt < 40, s"killed after the checkpoint at epoch $killedAt")
    assertNothingWritten(output)

    // The retry: same command.
    val resumedRun = run(temp, "resumed", resumeArgs)
    assert(resumedRun.exitCode == 0, resumedRun.describe)
    assert(resumedRun.out.contains(s"Resuming from the checkpoint at epoch $killedAt"), resumedRun.describe)
    assert(!Files.exists(checkpoints), "checkpoints are deleted once the model is written")

    val reference = temp.resolve("uninterrupted")
    val referenceRun = run(temp, "uninterrupted", command(reference))
    assert(referenceRun.exitCode == 0, referenceRun.describe)

    val (resumed, uninterrupted) = (readModel(output), readModel(reference))
    for (k <- resumed.weights.indices; j <- resumed.weights(k).indices) {
      assert(resumed.weights(k)(j) == uninterrupted.weights(k)(j), s"W($k)($j)")
    }
    assert(resumed.bias.toSeq == uninterrupted.bias.toSeq)
    assert(Files.readString(output.resolve("history.csv")) == Files.readString(reference.resolve("history.csv")))
  }

  /** The pid of the driver JVM (submit/cropsgd execs java, so it is the launched process's own pid). */
  private def waitForDriverPid(temp: Path): Long = {
    val deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3)
    while (System.nanoTime() < deadline) {
      val pids = Seq("pgrep", "-f", s"SparkSubmit.*${temp.resolve("checkpoints")}").lazyLines_!.map(_.trim.toLong)
      if (pids.nonEmpty) return pids.head
      Thread.sleep(100)
    }
    fail("the driver JVM did not start")
  }
}
