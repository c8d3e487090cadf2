package org.cropsgd

import java.nio.file.{Files, Path}

import scala.sys.process._

import org.cropsgd.errors.ExitCode
import org.cropsgd.testing.{CliResult, CropSgdFixtures, FlakyFileSystem, Launcher, SharedSparkSession}
import org.scalactic.source.Position
import org.scalatest.funsuite.AnyFunSuite

/**
 * The README's exit-code table, row by row: for each code a run that produces it, with the code, its one
 * line on stderr and (for a failure) no output and no staging directory left behind.
 *
 * Errors (2 to 5) are exactly one line on stderr, `cropsgd: error: ...`. Exit 1 (unexpected, a retry may
 * work) starts with one such line saying so; the stack trace after it is for a bug report. A success prints
 * nothing on stderr.
 */
class ExitCodeTableSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val crops = sample("crops.csv")

  private def train(output: Path, args: String*): CliResult =
    cropsgd(Seq("train", "--output", output.toString) ++ args: _*)

  private def assertError(result: CliResult, code: Int, output: Path)(implicit pos: Position): String = {
    assert(result.exitCode == code, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    val lines = result.err.linesIterator.toSeq
    assert(lines.size == 1 && lines.head.startsWith("cropsgd: error: "), s"one error line expected:\n${result.err}")
    assertNothingWritten(output)
    lines.head
  }

  test("0: success, nothing on stderr, the output committed") {
    val output = newTempDir().resolve("model")
    val result = train(output, "--input", crops, "--labels", "apples,oranges", "--epochs", "5")
    assert(result.exitCode == 0, result.err)
    assert(result.err.isEmpty, result.err)
    for (name <- Seq("_SUCCESS", "model.json", "metrics.json", "history.csv")) {
      assert(output.resolve(name).toFile.isFile, name)
    }
  }

  test("1: a failure of the storage (IOException): worth a retry, said in one first line, nothing written") {
    spark.sparkContext.hadoopConfiguration.set(s"fs.${FlakyFileSystem.Scheme}.impl", classOf[FlakyFileSystem].getName)
    spark.sparkContext.hadoopConfiguration.setBoolean(s"fs.${FlakyFileSystem.Scheme}.impl.disable.cache", true)
    val output = newTempDir().resolve("model")
    val result = train(output, "--input", s"${FlakyFileSystem.Scheme}://$crops", "--labels", "apples")
    assert(result.exitCode == 1, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    val lines = result.err.linesIterator.toSeq
    assert(lines.head.startsWith("cropsgd: error: Unexpected failure (IOException: simulated outage"), result.err)
    assert(lines.head.contains("a retry may work"), lines.head)
    assert(lines.count(_.startsWith("cropsgd: error:")) == 1, result.err)
    assert(lines.tail.exists(_.startsWith("\tat ")), "the stack trace follows the first line")
    assertNothingWritten(output)
  }

  test("2: usage or configuration error (an unknown option)") {
    val output = newTempDir().resolve("model")
    val line = assertError(train(output, "--input", crops, "--labels", "apples", "--epoch", "3"), 2, output)
    assert(line.contains("Unknown option '--epoch'"), line)
  }

  test("3: bad input data (a label column that is not in the table)") {
    val output = newTempDir().resolve("model")
    val line = assertError(train(output, "--input", crops, "--labels", "pears"), 3, output)
    assert(line.contains("label column(s) [pears]"), line)
  }

  test("4: training diverged") {
    val output = newTempDir().resolve("model")
    val line = assertError(train(output, "--input", crops, "--labels", "apples,oranges", "--standardize", "false",
      "--learning-rate", "1e-3"), 4, output)
    assert(line.contains("Training diverged at epoch"), line)
  }

  test("5: gpu-check finds an operator that would run on the CPU (real launcher, RAPIDS jar)", Launcher) {
    val out = new StringBuilder
    val err = new StringBuilder
    val env = Seq("SPARK_HOME" -> "") ++ sys.env.get("RAPIDS_JAR").map("RAPIDS_JAR" -> _)
    val code = Process(Seq(projectHome.resolve("submit/cropsgd").toString, "--gpu-explain-only",
        "--conf", "spark.rapids.sql.exec.ProjectExec=false", "gpu-check", "--input", crops, "--labels", "apples"),
        projectHome.toFile, env: _*)
      .!(ProcessLogger(line => out.append(line).append('\n'), line => err.append(line).append('\n')))
    assert(code == 5, s"$out\n$err")
    val errors = err.toString.linesIterator.filter(_.startsWith("cropsgd: error:")).toSeq
    // Only the error line is cropsgd's: stderr also carries Spark's and the plugin's own log lines (WARN,
    // and on a loaded machine a heartbeat timeout with its stack trace), which the launcher's logging allows.
    assert(errors.size == 1 && errors.head.contains("would run on the CPU: Exec ProjectExec"), err)
    // gpu-check writes nothing by design; it has no --output.
  }

  // 130 (SIGINT) and 143 (SIGTERM) need a signal to a driver in a JVM of its own: InterruptSuite (launcher
  // tests) produces each, with its one line, no output and the checkpoints kept.

  test("the README's exit-code table lists exactly the codes cropsgd exits with, each with a case above") {
    val readme = Files.readString(projectHome.resolve("README.md"))
    val table = readme.substring(readme.indexOf("## Exit codes")).linesIterator.drop(1)
      .dropWhile(!_.startsWith("|")).takeWhile(_.startsWith("|")).toSeq
    val documented = table.drop(2).map(_.split('|')(1).trim.toInt).sorted
    assert(documented == ExitCode.values().map(_.code()).toSeq.sorted, table.mkString("\n"))
    val covered = testNames.flatMap(name => "^(\\d+)(?: and (\\d+))?:".r.findFirstMatchIn(name))
      .flatMap(m => Seq(m.group(1), m.group(2)).filter(_ != null).map(_.toInt)).toSet
    val inInterruptSuite = Set(ExitCode.INTERRUPTED.code(), ExitCode.TERMINATED.code())
    assert(documented.toSet -- inInterruptSuite == covered, s"codes with a case here: $covered")
  }
}
