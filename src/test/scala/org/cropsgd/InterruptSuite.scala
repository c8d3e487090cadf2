package org.cropsgd

import java.nio.file.{Files, Path}
import java.util.concurrent.TimeUnit

import scala.jdk.CollectionConverters._
import scala.sys.process._

import org.cropsgd.testing.{CropSgdFixtures, Launcher}
import org.scalatest.funsuite.AnyFunSuite

/**
 * Ctrl-C and SIGTERM while the real launcher trains: one line on stderr, exit 130 / 143, no output and no
 * staging directory left, checkpoints kept for a rerun with --resume. CPU, local[2].
 */
class InterruptSuite extends AnyFunSuite with CropSgdFixtures {
  private val launcher = projectHome.resolve("submit/cropsgd").toString

  for ((signal, exitCode) <- Seq("TERM" -> 143, "INT" -> 130)) {
    test(s"SIG$signal mid-training: 'cropsgd: interrupted', exit $exitCode, no output, checkpoints kept", Launcher) {
      val temp = newTempDir()
      val checkpoints = temp.resolve("checkpoints")
      val output = temp.resolve("model")
      val stdout = temp.resolve("stdout.log").toFile
      val stderr = new StringBuilder
      // Long enough to be interrupted whenever the signal comes: 100,000 Spark jobs.
      val args = Seq("--master", "local[2]", "train", "--input", sample("crops.csv"), "--labels", "apples,oranges",
        "--strategy", "per-epoch", "--epochs", "100000", "--checkpoint-dir", checkpoints.toString,
        "--checkpoint-every", "5", "--output", output.toString)
      val driver = Process(launcher +: args, projectHome.toFile, "SPARK_HOME" -> "")
        .#>(stdout).run(ProcessLogger(_ => (), line => stderr.synchronized(stderr.append(line).append('\n'))))
      var driverPid: Option[Long] = None
      try {
        val pid = waitForDriverPid(checkpoints)
        driverPid = Some(pid)
        assume(!ignores(pid, signal), s"the test JVM was started with SIG$signal ignored, so its children ignore it")
        waitFor(s"a checkpoint past epoch 5 in $checkpoints",
          !driver.isAlive() || checkpointEpochs(checkpoints).exists(_ >= 5))
        assert(driver.isAlive(), s"ended before the signal:\n${Files.readString(stdout.toPath)}\n$stderr")
        assert(Seq("kill", s"-$signal", pid.toString).! == 0)
        val code = driver.exitValue()
        val err = stderr.synchronized(stderr.toString)
        val describe = s"exit $code\nstderr:\n$err\nstdout:\n${Files.readString(stdout.toPath)}"
        assert(code == exitCode, describe)
        // The JVM's own start-up notice is not ours (and is dealt with apart from this suite).
        val lines = err.linesIterator.filterNot(_.startsWith("WARNING: Using incubator modules")).toSeq
        assert(lines == Seq("cropsgd: interrupted"), describe)
        assertNothingWritten(output)
        assert(checkpointEpochs(checkpoints).nonEmpty, s"checkpoints are kept for --resume\n$describe")
      } finally {
        driver.destroy()
        // destroy() of a process with redirected output need not reach the JVM: a canceled or failed test
        // must not leave a 100,000-epoch driver running.
        driverPid.foreach(pid => Seq("kill", "-KILL", pid.toString).!(ProcessLogger(_ => ())))
      }
    }
  }

  private def checkpointEpochs(dir: Path): Seq[Int] =
    if (!Files.isDirectory(dir)) Seq()
    else Files.list(dir).iterator().asScala.map(_.getFileName.toString)
      .collect { case name if name.matches("checkpoint-\\d+\\.json") => name.drop(11).takeWhile(_ != '.').toInt }
      .toSeq

  private def waitFor(what: String, condition: => Boolean): Unit = {
    val deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
    while (!condition) {
      if (System.nanoTime() > deadline) fail(s"waited 5 minutes for $what")
      Thread.sleep(100)
    }
  }

  /** The pid of the driver JVM (submit/cropsgd execs java, so it is the launched process's own pid). */
  private def waitForDriverPid(checkpoints: Path): Long = {
    var pids = Seq.empty[Long]
    waitFor("the driver JVM", {
      pids = Seq("pgrep", "-f", s"SparkSubmit.*$checkpoints").lazyLines_!.map(_.trim.toLong)
      pids.nonEmpty
    })
    pids.head
  }

  /** Whether `pid` ignores the signal (a background job of a non-interactive shell ignores SIGINT). */
  private def ignores(pid: Long, signal: String): Boolean = {
    val number = Map("TERM" -> 15, "INT" -> 2)(signal)
    val status = Files.readAllLines(Path.of(s"/proc/$pid/status")).asScala
    status.find(_.startsWith("SigIgn:")).exists { line =>
      (java.lang.Long.parseUnsignedLong(line.split("\\s+")(1), 16) & (1L << (number - 1))) != 0
    }
  }
}
