package org.cropsgd.testing

import java.io.{File, PrintWriter, StringWriter}
import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}
import org.apache.logging.log4j.{Level, LogManager}
import org.apache.logging.log4j.core.{LogEvent, LoggerContext}
import org.apache.logging.log4j.core.appender.AbstractAppender
import org.apache.logging.log4j.core.config.Property
import org.cropsgd.cli.CropSgd
import org.scalactic.source.Position
import org.scalatest.Assertions

/** What a cropsgd command printed and returned. */
final case class CliResult(exitCode: Int, out: String, err: String)

/** A trained model read back from model.json. */
final case class SavedModel(features: Seq[String], labels: Seq[String], weights: Array[Array[Double]],
    bias: Array[Double], json: JsonNode)

/** Running the CLI in-process, reading its output, the sample tables and tolerances. */
trait CropSgdFixtures extends Assertions {
  val projectHome: Path = Path.of(sys.env.getOrElse("CROPSGD_HOME", ".")).toAbsolutePath.normalize()
  def sample(name: String): String = projectHome.resolve("sample-data").resolve(name).toString

  /** The tutorial's five regions, `sample-data/crops.csv`, as text: the starting point of edited tables. */
  lazy val Crops: String = Files.readString(Path.of(sample("crops.csv")))

  private val mapper = new ObjectMapper()

  /** Runs `cropsgd args...` in this JVM on the shared session. */
  def cropsgd(args: String*): CliResult = {
    val out = new StringWriter()
    val err = new StringWriter()
    val code = CropSgd.run(args.toArray, new PrintWriter(out, true), new PrintWriter(err, true))
    CliResult(code, out.toString, err.toString)
  }

  /** Runs a command that must succeed, and shows what it printed when it does not. */
  def cropsgdOk(args: String*): CliResult = {
    val result = cropsgd(args: _*)
    assert(result.exitCode == 0, s"exit ${result.exitCode}\nstdout:\n${result.out}\nstderr:\n${result.err}")
    result
  }

  def readJson(file: Path): JsonNode = mapper.readTree(file.toFile)

  def readModel(dir: Path): SavedModel = {
    val json = readJson(dir.resolve("model.json"))
    def strings(node: JsonNode) = node.elements().asScala.map(_.asText()).toSeq
    def doubles(node: JsonNode) = node.elements().asScala.map(_.asDouble()).toArray
    SavedModel(strings(json.get("features")), strings(json.get("labels")),
      json.get("weights").elements().asScala.map(doubles).toArray, doubles(json.get("bias")), json)
  }

  def readHistory(dir: Path): Seq[Double] = {
    val lines = Files.readAllLines(dir.resolve("history.csv")).asScala.toSeq
    assert(lines.head == "epoch,loss")
    lines.tail.zipWithIndex.map { case (line, i) =>
      val Array(epoch, loss) = line.split(",")
      assert(epoch.toInt == i)
      loss.toDouble
    }
  }

  /** A fresh directory; the output of a run goes to a child of it that does not exist yet. */
  def newTempDir(): Path = Files.createTempDirectory("cropsgd-test")

  /** Nothing at `output`, and no staging directory left beside it. */
  def assertNothingWritten(output: Path)(implicit pos: Position): Unit = {
    assert(!Files.exists(output), s"$output should not exist")
    val parent = output.getParent.toFile
    val leftovers = Option(parent.list()).toSeq.flatten.filter(_.startsWith("." + output.getFileName))
    assert(leftovers.isEmpty, s"staging leftovers beside $output: $leftovers")
  }

  def assertRelativelyClose(actual: Double, expected: Double, tolerance: Double, what: String = "")
      (implicit pos: Position): Unit = {
    val scale = math.max(math.abs(expected), Double.MinPositiveValue)
    assert(math.abs(actual - expected) <= tolerance * scale,
      s"$what: $actual differs from $expected by ${math.abs(actual - expected) / scale} relative (> $tolerance)")
  }

  def assertRelativelyClose(actual: Array[Double], expected: Array[Double], tolerance: Double, what: String)
      (implicit pos: Position): Unit = {
    assert(actual.length == expected.length, s"$what: lengths differ")
    actual.indices.foreach(i => assertRelativelyClose(actual(i), expected(i), tolerance, s"$what($i)"))
  }

  /**
   * A user's mistake as the CLI must report it: exit `code`, exactly one `cropsgd: error: ` line on stderr,
   * no stack trace, and each of `phrases` in it.
   */
  def assertOneLineError(result: CliResult, code: Int, phrases: String*)(implicit pos: Position): Unit = {
    assert(result.exitCode == code, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    val lines = result.err.linesIterator.toSeq
    assert(lines.size == 1 && lines.head.startsWith("cropsgd: error: "), result.err)
    assert(!result.err.contains("\tat "), result.err)
    phrases.foreach(phrase => assert(result.err.contains(phrase), s"'$phrase' not in: ${result.err}"))
  }

  /**
   * Runs `body` and returns its result with every WARN or worse log event of the driver's log4j 2 root
   * logger meanwhile, each as "LEVEL logger: message exception": what a user would see on stderr.
   */
  def withLogEvents[T](body: => T): (T, Seq[String]) = {
    val events = new java.util.concurrent.ConcurrentLinkedQueue[String]()
    val context = LogManager.getContext(false).asInstanceOf[LoggerContext]
    val capture = new AbstractAppender("capture", null, null, true, Array.empty[Property]) {
      override def append(event: LogEvent): Unit =
        events.add(s"${event.getLevel} ${event.getLoggerName}: ${event.getMessage.getFormattedMessage} " +
          Option(event.getThrown).map(_.toString).getOrElse(""))
    }
    capture.start()
    context.getConfiguration.getRootLogger.addAppender(capture, Level.WARN, null)
    context.updateLoggers()
    val result = try body finally {
      context.getConfiguration.getRootLogger.removeAppender("capture")
      context.updateLoggers()
    }
    (result, events.asScala.toSeq)
  }

  /** A copy of `sample-data/regional-crops.csv` in a CSV of its own, with `edit` applied to its data lines. */
  def editedRegionalCrops(edit: Seq[String] => Seq[String]): String = {
    val lines = Files.readAllLines(Path.of(sample("regional-crops.csv"))).asScala.toSeq
    writeFile(newTempDir(), "edited.csv", (lines.head +: edit(lines.tail)).mkString("", "\n", "\n")).toString
  }

  /**
   * `train --labels apples,oranges` on `csv` (written to a file of its own) that must fail with `code`: one
   * error line, nothing written.
   */
  def failingTrain(code: Int, csv: String, args: String*)(implicit pos: Position): CliResult = {
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", csv)
    val output = dir.resolve("model")
    val result = cropsgd(Seq("train", "--input", input.toString, "--output", output.toString, "--labels",
      "apples,oranges") ++ args: _*)
    assertOneLineError(result, code)
    assertNothingWritten(output)
    result
  }

  def writeFile(dir: Path, name: String, content: String): Path = {
    val file = dir.resolve(name)
    Files.writeString(file, content)
    file
  }

  def file(path: Path): File = path.toFile
}
