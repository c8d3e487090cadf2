package org.cropsgd

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import java.nio.file.attribute.PosixFilePermissions

import scala.jdk.CollectionConverters._

import org.cropsgd.io.AtomicOutputDirectory
import org.cropsgd.testing.{CliResult, CropSgdFixtures, DirectorySnapshot, SharedSparkSession}
import org.scalactic.source.Position
import org.scalatest.funsuite.AnyFunSuite

/**
 * Nothing lost: --overwrite replaces only an earlier cropsgd output or an empty directory, an --output
 * never is, contains or lies inside what the run reads or keeps, and an output that cannot be written is
 * found before training. Each refusal is exit 2 with one line, and every file that was there is still
 * there, byte for byte.
 */
class OutputSafetySuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private def train(input: String, output: String, args: String*): CliResult =
    cropsgd(Seq("train", "--input", input, "--labels", "apples,oranges", "--output", output, "--epochs", "2") ++
      args: _*)

  /** Exit 2, one line on stderr holding each of `phrases`, no stack trace, and `root` as it was. */
  private def assertRefused(result: CliResult, snapshot: DirectorySnapshot, phrases: String*)
      (implicit pos: Position): Unit = {
    assert(result.exitCode == 2, s"stdout:\n${result.out}\nstderr:\n${result.err}")
    val lines = result.err.linesIterator.toSeq
    assert(lines.size == 1 && lines.head.startsWith("cropsgd: error: "), result.err)
    assert(!result.err.contains("\tat "), result.err)
    phrases.foreach(phrase => assert(result.err.contains(phrase), s"'$phrase' not in: ${result.err}"))
    assert(!result.out.contains("Training on"), s"refused before training:\n${result.out}")
    snapshot.assertUnchanged()
  }

  /** A folder holding crops.csv and an unrelated notes.txt. */
  private def dataFolder(): Path = {
    val dir = Files.createDirectory(newTempDir().resolve("DIR"))
    writeFile(dir, "crops.csv", Crops)
    writeFile(dir, "notes.txt", "not cropsgd's")
    dir
  }

  /** A committed output as an earlier run leaves it (written as a run writes it, without the training). */
  private def earlierOutput(): Path = {
    val output = newTempDir().resolve("model")
    val directory = AtomicOutputDirectory.prepare(output.toString, false, spark.sparkContext.hadoopConfiguration)
    try {
      for (name <- Seq("model.json", "metrics.json", "history.csv")) {
        directory.write(name, stream => stream.write(s"earlier $name".getBytes(StandardCharsets.UTF_8)))
      }
      directory.commit()
    } finally directory.close()
    output
  }

  test("the issue's case: --input DIR/crops.csv --output DIR --overwrite deletes nothing (exit 2)") {
    val dir = dataFolder()
    val snapshot = DirectorySnapshot.of(dir.getParent)
    for (overwrite <- Seq(Seq("--overwrite"), Seq())) {
      val result = train(dir.resolve("crops.csv").toString, dir.toString, overwrite: _*)
      assertRefused(result, snapshot, s"The --output '$dir' contains the --input")
    }
  }

  test("--overwrite refuses a directory cropsgd did not write, and says what it holds") {
    val dir = dataFolder()
    Files.createDirectory(dir.resolve("sub"))
    val snapshot = DirectorySnapshot.of(dir.getParent)
    assertRefused(train(sample("crops.csv"), dir.toString, "--overwrite"), snapshot,
      "is a directory with 3 entries, such as crops.csv, notes.txt, sub/, that was not written by cropsgd",
      "nothing was touched")
    // Without --overwrite it is not suggested: it would not help.
    val without = train(sample("crops.csv"), dir.toString)
    assertRefused(without, snapshot, "that was not written by cropsgd")
  }

  test("--overwrite refuses a file") {
    val dir = newTempDir()
    val file = writeFile(dir, "model", "a file, not a model")
    val snapshot = DirectorySnapshot.of(dir)
    assertRefused(train(sample("crops.csv"), file.toString, "--overwrite"), snapshot, "is a file, not a directory")
  }

  test("--overwrite refuses an earlier output somebody added a file to") {
    val output = earlierOutput()
    writeFile(output, "notes.txt", "mine")
    val snapshot = DirectorySnapshot.of(output.getParent)
    assertRefused(train(sample("crops.csv"), output.toString, "--overwrite"), snapshot,
      "is an earlier cropsgd output that also holds 1 entry cropsgd did not write there, such as notes.txt")
  }

  test("--overwrite replaces a train output with its plots/ folder, but not one with a file added in plots/") {
    val output = newTempDir().resolve("model")
    assert(train(sample("crops.csv"), output.toString).exitCode == 0)
    val listed = readJson(output.resolve("_CROPSGD_OUTPUT")).get("files").elements().asScala.map(_.asText).toSeq
    assert(listed.contains("plots/loss.png") && listed.contains("report.html"), listed)
    assert(train(sample("crops.csv"), output.toString, "--overwrite").exitCode == 0, "its own subfolder is its own")
    writeFile(output.resolve("plots"), "mine.png", "not cropsgd's")
    val snapshot = DirectorySnapshot.of(output.getParent)
    assertRefused(train(sample("crops.csv"), output.toString, "--overwrite"), snapshot,
      "cropsgd did not write there, such as plots/mine.png")
  }

  test("--overwrite replaces an earlier output and an empty directory; the marker lists the output's files") {
    val output = earlierOutput()
    val marker = readJson(output.resolve("_CROPSGD_OUTPUT"))
    assert(marker.get("written_by").asText == "cropsgd")
    assert(marker.get("files").toString == """["model.json","metrics.json","history.csv","_SUCCESS"]""")
    cropsgdOk("train", "--input", sample("crops.csv"), "--labels", "apples", "--output", output.toString,
      "--epochs", "1", "--overwrite")
    assert(readModel(output).labels == Seq("apples"))
    assert(output.getParent.toFile.list().toSeq == Seq("model"), "no staging or replaced directory is left")

    val empty = Files.createDirectory(newTempDir().resolve("empty"))
    cropsgdOk("train", "--input", sample("line.csv"), "--labels", "y", "--output", empty.toString, "--overwrite")
    assert(Files.exists(empty.resolve("_SUCCESS")))
    assert(empty.getParent.toFile.list().toSeq == Seq("empty"), "no staging or replaced directory is left")
  }

  test("--output is, contains or lies inside --input, in any spelling of the path (exit 2, before reading)") {
    val dir = dataFolder()
    val snapshot = DirectorySnapshot.of(dir.getParent)
    val relative = "./" + Path.of("").toAbsolutePath.relativize(dir)
    val cases = Seq(
      // (input, output, relation)
      (dir.toString, relative + "/", "is"),
      (s"file:$dir", dir.toString + "/.", "is"),
      (dir.toString, s"file://$dir/model", "lies inside"),
      (s"$relative/*.csv", dir.resolve("model").toString, "lies inside"),
      (dir.resolve("crops.csv").toString, dir.getParent.toString, "contains"),
      (dir.resolve("crops.csv").toString, dir.resolve("crops.csv").toString, "is"))
    for ((input, output, relation) <- cases; overwrite <- Seq(Seq("--overwrite"), Seq())) {
      val result = cropsgd(Seq("train", "--input", input, "--format", "csv", "--labels", "apples",
        "--output", output) ++ overwrite: _*)
      withClue(s"--input $input --output $output $overwrite: ") {
        assertRefused(result, snapshot, s"The --output '$output' $relation the --input '$input'")
        assert(result.out.isEmpty, "refused before anything ran")
      }
    }
  }

  test("--output is --init-model, inside --checkpoint-dir, contains it, or holds the --config file (exit 2)") {
    val model = earlierOutput()
    val temp = model.getParent
    val checkpoints = Files.createDirectory(temp.resolve("checkpoints"))
    writeFile(checkpoints, "checkpoint-000000005.json", "{}")
    val conf = Files.createDirectory(temp.resolve("conf"))
    val config = writeFile(conf, "train.properties", "epochs=2\n")
    val snapshot = DirectorySnapshot.of(temp)
    val crops = sample("crops.csv")
    assertRefused(train(crops, model.toString, "--init-model", model.toString, "--overwrite"), snapshot,
      s"The --output '$model' is the --init-model '$model'")
    assertRefused(train(crops, checkpoints.resolve("model").toString, "--checkpoint-dir", checkpoints.toString),
      snapshot, "lies inside the --checkpoint-dir")
    assertRefused(train(crops, temp.toString, "--checkpoint-dir", checkpoints.toString, "--overwrite"), snapshot,
      "contains the --checkpoint-dir")
    assertRefused(train(crops, conf.toString, "--config", config.toString, "--overwrite"), snapshot,
      s"The --output '$conf' contains the --config file")
    // Beside the config file is fine: writing there endangers nothing.
    cropsgdOk("train", "--input", crops, "--labels", "apples", "--output", conf.resolve("model").toString,
      "--config", config.toString)
  }

  test("an --output below a regular file cannot be written: exit 2 before training, nothing left") {
    val dir = newTempDir()
    val file = writeFile(dir, "somefile.txt", "just text")
    val snapshot = DirectorySnapshot.of(dir)
    for (output <- Seq(file.resolve("model"), file.resolve("a").resolve("model"))) {
      assertRefused(train(sample("crops.csv"), output.toString), snapshot,
        s"Cannot write the --output '$output'", "somefile.txt' is a file, so no directory can be made inside it")
    }
  }

  test("an --output in a folder without write permission: exit 2 before training") {
    assume(System.getProperty("user.name") != "root", "root ignores permission bits")
    val dir = Files.createDirectory(newTempDir().resolve("locked"))
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"))
    try {
      val snapshot = DirectorySnapshot.of(dir.getParent)
      assertRefused(train(sample("crops.csv"), dir.resolve("model").toString), snapshot,
        "Cannot write the --output", "cannot create a directory in")
    } finally Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"))
  }
}
