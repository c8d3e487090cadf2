package org.cropsgd

import java.nio.file.{Files, Path}

import org.cropsgd.testing.{CliResult, CropSgdFixtures, SharedSparkSession}
import org.scalactic.source.Position
import org.scalatest.funsuite.AnyFunSuite

/**
 * The command line and config surface of issue 9: picocli's own parse errors, bad values from --config,
 * list options, --version and a bad --init-model are each one line on stderr starting `cropsgd: error:`,
 * exit 2, naming what is wrong and where, with nothing written.
 */
class CommandLineErrorsSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val crops = sample("crops.csv")

  /** Exactly one line on stderr, in the cropsgd format, no usage text, no stack trace. */
  private def assertOneLineError(result: CliResult, code: Int)(implicit pos: Position): String = {
    assert(result.exitCode == code, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    val lines = result.err.linesIterator.toSeq
    assert(lines.size == 1, s"one line on stderr expected:\n${result.err}")
    assert(lines.head.startsWith("cropsgd: error: "), result.err)
    assert(!result.err.contains("Usage:") && !result.err.contains("\tat "), result.err)
    lines.head
  }

  /** `train` on crops.csv into a fresh output; the output must not appear. */
  private def failingTrain(code: Int, args: String*)(implicit pos: Position): String = {
    val output = newTempDir().resolve("model")
    val result = cropsgd(Seq("train", "--input", crops, "--output", output.toString) ++ args: _*)
    val line = assertOneLineError(result, code)
    assertNothingWritten(output)
    line
  }

  // ---- picocli's parse errors ----

  test("an unknown option: one line, picocli's suggestions, a pointer to --help, exit 2") {
    val line = failingTrain(2, "--labels", "apples", "--epoch", "3")
    assert(line == "cropsgd: error: Unknown option '--epoch' for 'cropsgd train'. Did you mean --epochs or "
      + "--eps? See 'submit/cropsgd train --help'.")
    val noSuggestion = failingTrain(2, "--labels", "apples", "--bogus")
    assert(noSuggestion.contains("Unknown option '--bogus'") && !noSuggestion.contains("Did you mean"), noSuggestion)
    val top = cropsgd("--bogus")
    assert(assertOneLineError(top, 2).endsWith("See 'submit/cropsgd --help'."), top.err)
  }

  test("a value that does not convert names the option and what it expects, not a Java type") {
    val expectations = Seq(
      Seq("--epochs", "1.5") -> "Invalid value '1.5' for --epochs: expected a whole number.",
      Seq("--seed", "x") -> "Invalid value 'x' for --seed: expected a whole number.",
      Seq("--momentum", "lots") -> "Invalid value 'lots' for --momentum: expected a number.",
      Seq("--standardize", "yes") -> "Invalid value 'yes' for --standardize: expected true or false.",
      Seq("--init", "ones") -> "Invalid value 'ones' for --init: expected one of zeros, normal.",
      Seq("--format", "xls") -> "Invalid value 'xls' for --format: expected one of csv, parquet, orc.")
    for ((args, message) <- expectations) {
      val line = failingTrain(2, Seq("--labels", "apples") ++ args: _*)
      assert(line == "cropsgd: error: " + message, args)
      for (leak <- Seq(" int", " double", " boolean", " long", "[ZEROS")) assert(!line.contains(leak), line)
    }
  }

  test("a missing value, a repeated option, a stray argument, an unknown or missing command: exit 2") {
    assert(failingTrain(2, "--labels", "apples", "--epochs") ==
      "cropsgd: error: The option --epochs needs a value: --epochs N. See 'submit/cropsgd train --help'.")
    assert(failingTrain(2, "--labels", "apples", "--epochs", "3", "--epochs", "4")
      .contains("The option --epochs is given more than once"))
    assert(failingTrain(2, "--labels", "apples", "apples").contains("Unexpected argument 'apples'"))
    val unknown = assertOneLineError(cropsgd("trian", "--input", crops), 2)
    assert(unknown.contains("Unknown command 'trian'. Did you mean train?"), unknown)
    assert(unknown.contains("See 'submit/cropsgd --help'."), unknown)
    val none = assertOneLineError(cropsgd(), 2)
    assert(none.contains("No command given: the commands are train, predict, evaluate, gpu-check, generate, help"), none)
  }

  // ---- --config ----

  test("a bad value from --config names the file and its key, not a command-line option") {
    val dir = newTempDir()
    def config(lines: String*): String = writeFile(dir, s"c${lines.hashCode.abs}.properties",
      lines.mkString("", "\n", "\n")).toString
    val learningRate = config("labels=apples", "learning-rate=fast")
    assert(failingTrain(2, "--config", learningRate) == s"cropsgd: error: Invalid value 'fast' for key "
      + s"'learning-rate' in the config file '$learningRate': expected auto or a number > 0.")
    val epochs = config("labels=apples", "epochs=1.5")
    assert(failingTrain(2, "--config", epochs).contains(
      s"Invalid value '1.5' for key 'epochs' in the config file '$epochs': expected a whole number."))
    val negative = config("labels=apples", "epochs=-3")
    assert(failingTrain(2, "--config", negative).contains(s"for key 'epochs' in the config file '$negative'"))
    val labels = config("labels=apples,,oranges")
    assert(failingTrain(2, "--config", labels).contains(s"for key 'labels' in the config file '$labels'"))
    val twice = config("labels=apples,apples")
    assert(failingTrain(2, "--config", twice).contains(s"for key 'labels' in the config file '$twice'"))
    // The command line wins over the file, so a bad value given there is named as the option.
    val onCommandLine = failingTrain(2, "--config", epochs, "--epochs", "2.5")
    assert(onCommandLine.contains("Invalid value '2.5' for --epochs") && !onCommandLine.contains("config"),
      onCommandLine)
    assert(failingTrain(2, "--config", learningRate, "--learning-rate", "slow")
      .contains("Invalid value 'slow' for --learning-rate"))
  }

  // ---- list options ----

  test("--labels and --features trim the spaces around names") {
    val output = newTempDir().resolve("model")
    val result = cropsgdOk("train", "--input", crops, "--output", output.toString, "--epochs", "2",
      "--labels", "apples, oranges", "--features", " temp , rainfall,humidity ")
    assert(result.err.isEmpty, result.err)
    val model = readModel(output)
    assert(model.labels == Seq("apples", "oranges"))
    assert(model.features == Seq("temp", "rainfall", "humidity"))
  }

  test("an empty name in --labels or --features is exit 2 before anything runs, naming the option") {
    val cases = Seq(
      Seq("--labels", "apples,,oranges") -> ("Invalid value 'apples,,oranges' for --labels: expected column "
        + "names separated by commas, but name 2 of 3 is empty."),
      Seq("--labels", "apples,") -> "for --labels: expected column names separated by commas, but name 2 of 2",
      Seq("--labels", " ") -> "Invalid value ' ' for --labels: expected one or more column names",
      Seq("--labels", "apples", "--features", "temp, ,rainfall") -> "for --features: expected column names",
      Seq("--labels", "apples", "--features", ",") -> "for --features: expected column names")
    for ((args, message) <- cases) {
      val output = newTempDir().resolve("model")
      val result = cropsgd(Seq("train", "--input", crops, "--output", output.toString) ++ args: _*)
      assert(assertOneLineError(result, 2).contains(message), s"$args: ${result.err}")
      assert(result.out.isEmpty, s"the run must not have started: ${result.out}")
      assertNothingWritten(output)
    }
  }

  // ---- --version ----

  test("--version of cropsgd, train and gpu-check prints the version and exits 0") {
    for (args <- Seq(Seq("--version"), Seq("train", "--version"), Seq("gpu-check", "--version"))) {
      val result = cropsgd(args: _*)
      assert(result.exitCode == 0, s"$args: ${result.err}")
      assert(result.err.isEmpty, result.err)
      assert(result.out.matches("cropsgd \\S+ \\(Spark 4\\.\\d+\\.\\d+\\)\\R"), s"$args: '${result.out}'")
    }
  }

  // ---- --init-model ----

  private val validModel =
    """{"features": ["temp", "rainfall", "humidity"], "labels": ["apples", "oranges"],
      | "weights": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], "bias": [1.0, 2.0], "standardized": true,
      | "config": {"epochs": 5}, "version": "0.0.0"}""".stripMargin

  private def initModelError(json: String): String = {
    val dir = Files.createDirectory(newTempDir().resolve("earlier"))
    val file = writeFile(dir, "model.json", json)
    initModelErrorFor(dir, file.toString)
  }

  private def initModelErrorFor(initModel: Path, mustName: String): String = {
    val line = failingTrain(2, "--labels", "apples,oranges", "--features", "temp,rainfall,humidity",
      "--init-model", initModel.toString)
    assert(line.contains(mustName), line)
    for (leak <- Seq("jackson", "Jackson", "[Source:", "line: ", "Exception")) assert(!line.contains(leak), line)
    line
  }

  test("the valid model.json of these cases warm-starts (so each case below fails for its own reason)") {
    val dir = Files.createDirectory(newTempDir().resolve("earlier"))
    writeFile(dir, "model.json", validModel)
    cropsgdOk("train", "--input", crops, "--output", newTempDir().resolve("model").toString, "--epochs", "2",
      "--labels", "apples,oranges", "--features", "temp,rainfall,humidity", "--init-model", dir.toString)
  }

  test("a model.json that is not JSON, or cut short: exit 2, says which file and where") {
    assert(initModelError("this is not a model").contains("is not valid JSON (line 1, column"))
    assert(initModelError(validModel.take(60)).contains("ends before its JSON is complete"))
    assert(initModelError("").contains("it is empty"))
    assert(initModelError(validModel + " trailing").contains("is not valid JSON"))
    assert(initModelError("[1, 2]").contains("it holds [1,2], not a JSON object"))
  }

  test("a ragged model.json: every shape mistake is named") {
    val cases = Seq(
      validModel.replace("[0.4, 0.5, 0.6]", "[0.4, 0.5]") ->
        "row 2 of weights has 2 numbers, expected 3 (one per feature)",
      validModel.replace(", [0.4, 0.5, 0.6]", "") -> "weights has 1 row, expected 2 (one per label)",
      validModel.replace("[1.0, 2.0]", "[1.0]") -> "bias has 1 number, expected 2 (one intercept per label)",
      validModel.replace("[1.0, 2.0]", "[1.0, 2.0, 3.0]") -> "bias has 3 numbers, expected 2",
      validModel.replace(""""features": ["temp", "rainfall", "humidity"], """, "") -> "it has no \"features\"",
      validModel.replace(""""labels": ["apples", "oranges"],""", "") -> "it has no \"labels\"",
      validModel.replace("""["apples", "oranges"]""", """["apples", 7]""") ->
        "item 2 of labels is 7, expected a label name in quotes",
      validModel.replace("""["temp", "rainfall", "humidity"]""", "\"temp\"") ->
        "features is \"temp\", expected a list",
      validModel.replace("[0.1, 0.2, 0.3]", "5") -> "row 1 of weights is 5, expected a list of numbers")
    for ((json, message) <- cases) {
      assert(initModelError(json).contains(message), message)
    }
  }

  test("non-finite numbers in a model.json: NaN, Infinity, strings and null are named") {
    val cases = Seq(
      validModel.replace("0.2", "NaN") -> "number 2 of row 1 of weights is NaN, expected a finite number",
      validModel.replace("0.6", "-Infinity") -> "number 3 of row 2 of weights is -Infinity",
      validModel.replace("0.6", "1e999") -> "number 3 of row 2 of weights is Infinity",
      validModel.replace("0.1", "\"0.1\"") -> "number 1 of row 1 of weights is \"0.1\"",
      validModel.replace("2.0]", "null]") -> "number 2 of bias is null, expected a finite number")
    for ((json, message) <- cases) {
      assert(initModelError(json).contains(message), message)
    }
  }

  test("--init-model that does not exist, has no model.json, or is a file: exit 2") {
    val dir = newTempDir()
    initModelErrorFor(dir.resolve("nowhere"), "does not exist")
    initModelErrorFor(Files.createDirectory(dir.resolve("empty")), "has no model.json")
    val file = writeFile(dir, "model.json", validModel)
    initModelErrorFor(file, "is a file, not a directory")
  }
}
