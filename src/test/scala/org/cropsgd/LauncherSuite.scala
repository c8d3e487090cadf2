package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._
import scala.sys.process._

import org.cropsgd.testing.{CropSgdFixtures, Launcher}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The real launcher, submit/cropsgd, as a user runs it: a separate JVM started through Spark's
 * SparkSubmit. Runs in the integration-test phase, after the jar is packaged.
 */
class LauncherSuite extends AnyFunSuite with CropSgdFixtures {
  private val launcher = projectHome.resolve("submit/cropsgd").toString

  private def run(args: String*): (Int, String, String) = {
    val out = new StringBuilder
    val err = new StringBuilder
    val env = Seq("SPARK_HOME" -> "")
    val code = Process(launcher +: args, projectHome.toFile, env: _*)
      .!(ProcessLogger(line => out.append(line).append('\n'), line => err.append(line).append('\n')))
    (code, out.toString, err.toString)
  }

  test("the README quick start trains on the sample crop table", Launcher) {
    val readme = Files.readString(projectHome.resolve("README.md"))
    val quickStart = readme.linesIterator.map(_.trim).find(_.startsWith("submit/cropsgd train"))
      .getOrElse(fail("README has no 'submit/cropsgd train' line"))
    val output = newTempDir().resolve("crops-model")
    val args = quickStart.split("\\s+").toSeq.tail.map(arg => if (arg.startsWith("/tmp/")) output.toString else arg)
    val (code, out, err) = run(args: _*)
    assert(code == 0, s"$out\n$err")
    assert(out.contains("Final loss"), out)
    assert(Files.exists(output.resolve("_SUCCESS")))
    // Nothing on stderr: no Spark chatter, no JVM warning (the incubator module of Spark's flags), no Maven.
    assert(err.isEmpty, s"a normal run prints nothing on stderr, but it printed:\n$err")
  }

  /** An error of the launcher itself: exit 2, its one line on stderr, nothing on stdout. */
  private def assertLauncherError(result: (Int, String, String), expected: String): Unit = {
    val (code, out, err) = result
    assert(code == 2, s"$out\n$err")
    assert(err.linesIterator.toSeq == Seq(err.trim) && err.startsWith(s"cropsgd: error: $expected"), err)
    assert(out.isEmpty, out)
  }

  test("spark-submit's grammar: an unknown option before the command is an error, and swallows no word",
      Launcher) {
    val output = newTempDir().resolve("model")
    assertLauncherError(run("-x", "train", "--input", sample("crops.csv"), "--labels", "apples",
      "--output", output.toString), "Unknown option '-x' before the command")
    assertNothingWritten(output)
    assertLauncherError(run("--master"), "Missing argument for option '--master'.")
    assertLauncherError(run("--master", "local[1]"), "No command given.")
  }

  test("--version before and after the command: cropsgd's and Spark's version, exit 0", Launcher) {
    for (args <- Seq(Seq("--version"), Seq("train", "--version"))) {
      val (code, out, err) = run(args: _*)
      assert(code == 0 && err.isEmpty, s"${args.mkString(" ")}: exit $code\n$out\n$err")
      assert(out.trim.matches("""cropsgd \S+ \(Spark 4\.0\.1\)"""), s"${args.mkString(" ")}: $out")
    }
  }

  test("bad input through the launcher: exit 3 and the message on stderr", Launcher) {
    val output = newTempDir().resolve("model")
    val (code, _, err) = run("--master", "local[1]", "train", "--input", sample("crops.csv"),
      "--labels", "pears", "--output", output.toString)
    assert(code == 3, err)
    assert(err.contains("The label column(s) [pears] are not in the input"), err)
    assertNothingWritten(output)
  }

  test("help and usage", Launcher) {
    val (helpCode, helpOut, _) = run("--help")
    assert(helpCode == 0 && helpOut.contains("Usage: submit/cropsgd"))
    assertLauncherError(run(), "No command given. Usage: submit/cropsgd")
    val (trainHelpCode, trainHelpOut, _) = run("train", "--help")
    assert(trainHelpCode == 0 && trainHelpOut.contains("--learning-rate"), trainHelpOut)
  }
}
