package org.cropsgd

import java.nio.file.Files

import scala.sys.process._

import org.cropsgd.errors.ExitCode
import org.cropsgd.testing.CropSgdFixtures
import org.scalatest.funsuite.AnyFunSuite

/**
 * The example Airflow DAG, submit/airflow/cropsgd_dag.py, through python3 (Airflow itself is not needed:
 * src/test/python/test_cropsgd_dag.py imports the DAG without it, and against a minimal fake of it).
 */
class AirflowDagSuite extends AnyFunSuite with CropSgdFixtures {
  private val dagFile = projectHome.resolve("submit/airflow/cropsgd_dag.py")
  private val pythonTests = projectHome.resolve("src/test/python/test_cropsgd_dag.py")

  /** Runs python3; bytecode goes to a temporary directory, never into the source tree. */
  private def python(args: String*): (Int, String) = {
    val cache = Files.createTempDirectory("cropsgd-pycache")
    val output = new StringBuilder
    val log = ProcessLogger(line => output.append(line).append('\n'), line => output.append(line).append('\n'))
    val code = Process("python3" +: args, projectHome.toFile, "PYTHONPYCACHEPREFIX" -> cache.toString).!(log)
    (code, output.toString)
  }

  /** Runs one group (a unittest class) of the Python tests; it must run tests, and all must pass. */
  private def pythonTestGroup(group: String): Unit = {
    val (code, output) = python(pythonTests.toString, "-v", group)
    assert(code == 0, s"python3 ${projectHome.relativize(pythonTests)} $group failed:\n$output")
    val ran = """(?m)^Ran (\d+) tests? in""".r.findFirstMatchIn(output).map(_.group(1).toInt).getOrElse(0)
    assert(ran >= 5, s"$group ran $ran tests:\n$output")
    assert(output.linesIterator.exists(_ == "OK"), output)
  }

  test("the DAG file compiles") {
    val compiled = Files.createTempDirectory("cropsgd-dag").resolve("cropsgd_dag.pyc")
    val (code, output) = python("-c",
      "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
      dagFile.toString, compiled.toString)
    assert(code == 0, output)
    assert(Files.size(compiled) > 0)
  }

  test("without Airflow: the DAG file imports; train and predict arguments for a date; which exit codes are retried") {
    pythonTestGroup("WithoutAirflow")
  }

  test("with a fake Airflow: the DAG's two tasks, train >> predict, their arguments templated with {{ ds }}, " +
      "retries by exit code for both") {
    pythonTestGroup("WithFakeAirflow")
  }

  test("the DAG's exit codes without retries are exactly cropsgd's deterministic failures") {
    val (code, output) = python("-c",
      """import importlib.util, sys
        |spec = importlib.util.spec_from_file_location("cropsgd_dag", sys.argv[1])
        |module = importlib.util.module_from_spec(spec)
        |spec.loader.exec_module(module)
        |print(" ".join(str(c) for c in sorted(module.NON_RETRYABLE_EXIT_CODES)))
        |""".stripMargin, dagFile.toString)
    assert(code == 0, output)
    val fromDag = output.linesIterator.toSeq.last.trim.split(" ").map(_.toInt).toSeq
    // Every failure that is not worth a retry: a new code must be placed on purpose.
    val deterministic = ExitCode.values().toSeq
      .filterNot(code => code == ExitCode.SUCCESS || code.worthRetry()).map(_.code())
    assert(fromDag == deterministic.sorted)
    assert(!fromDag.contains(ExitCode.INTERNAL.code()))
  }
}
