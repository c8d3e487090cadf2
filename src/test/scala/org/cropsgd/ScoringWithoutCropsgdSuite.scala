package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._
import scala.sys.process._

import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * README "Models from elsewhere": model.json scored without cropsgd gives predict's numbers. The issue's
 * check: predict on sample-data/regional-crops.csv with the model of the README's quick start (its
 * features, temp, rainfall and humidity, are all columns of that table), against the README's numpy line
 * and its Spark SQL expressions, row by row, to 1e-12 relative. The quick start command and both snippets
 * are read from the README itself, so the documentation cannot drift from what is tested.
 */
class ScoringWithoutCropsgdSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val readme = Files.readString(projectHome.resolve("README.md"))
  private val regional = sample("regional-crops.csv")
  private val documentedModel = "/tmp/crops-model"
  private val tolerance = 1e-12

  /** The code block between `<!-- name -->` and `<!-- /name -->` in the README, unindented. */
  private def readmeBlock(name: String): String = {
    val start = readme.indexOf(s"<!-- $name -->")
    val end = readme.indexOf(s"<!-- /$name -->")
    assert(start >= 0 && end > start, s"README has no <!-- $name --> block")
    readme.substring(start, end).linesIterator.drop(1).map(_.stripPrefix("    ")).mkString("\n")
  }

  /** The README's quick start command, as arguments after submit/cropsgd. */
  private lazy val quickStart: Seq[String] = {
    val section = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("## The launcher"))
    val line = section.linesIterator.map(_.trim).find(_.startsWith("submit/cropsgd train "))
    assert(line.isDefined, "no 'submit/cropsgd train' line in the README's quick start")
    line.get.split("\\s+").toSeq.drop(1)
  }

  /** The model of the quick start, trained in-process into a fresh directory. */
  private lazy val model: Path = {
    val args = quickStart
    assert(args(args.indexOf("--output") + 1) == documentedModel, args)
    val dir = newTempDir().resolve("crops-model")
    cropsgdOk(args.updated(args.indexOf("--output") + 1, dir.toString): _*)
    dir
  }

  /** The rows predict writes for regional-crops.csv with the quick start's model (every input column kept). */
  private lazy val predicted = {
    val output = newTempDir().resolve("predicted")
    cropsgdOk("predict", "--model", model.toString, "--input", regional, "--output", output.toString)
    spark.read.parquet(output.toString).collect().toSeq
  }

  /** The CSV's rows as text fields, in file order. */
  private lazy val csvRows: Seq[Array[String]] =
    Files.readAllLines(Path.of(regional)).asScala.toSeq.tail.map(_.split(","))

  private lazy val labels = readModel(model).labels

  /** Runs a README snippet with python3 in the project directory, reading the test's model.json. */
  private def python(snippet: String, epilogue: String): Seq[String] = {
    assert(snippet.contains(s"$documentedModel/model.json"), snippet)
    val program = snippet.replace(s"$documentedModel/model.json", model.resolve("model.json").toString) +
      "\n" + epilogue
    val cache = Files.createTempDirectory("cropsgd-pycache")
    val out = new StringBuilder
    val err = new StringBuilder
    val code = Process(Seq("python3", "-c", program), projectHome.toFile, "PYTHONPYCACHEPREFIX" -> cache.toString)
      .!(ProcessLogger(line => out.append(line).append('\n'), line => err.append(line).append('\n')))
    assert(code == 0, s"python3 failed ($code):\n$program\n$err")
    out.toString.linesIterator.toSeq
  }

  /** predict kept the input's rows in the file's order, so row i of each side is the CSV's row i. */
  private def assertRowsInFileOrder(): Unit = {
    assert(predicted.size == csvRows.size && csvRows.size == 4000)
    for ((row, fields) <- predicted.zip(csvRows)) {
      assert(row.getAs[String]("region") == fields(0))
      for ((column, i) <- Seq("temp", "rainfall", "humidity").zip(2 to 4)) {
        assert(row.getAs[Double](column) == fields(i).toDouble, s"$column of ${fields.mkString(",")}")
      }
    }
  }

  test("the quick start's model has only features regional-crops.csv has") {
    val features = readModel(model).features
    assert(features == Seq("temp", "rainfall", "humidity"))
    val header = Files.readAllLines(Path.of(regional)).get(0).split(",").toSeq
    assert(features.forall(header.contains), header)
    assert(labels == Seq("apples", "oranges"))
  }

  test("the README's numpy line on model.json gives predict's numbers, row by row, to 1e-12") {
    assertRowsInFileOrder()
    val numpy = python(readmeBlock("numpy-scoring"),
      "for row in pred:\n    print(' '.join(repr(float(v)) for v in row))")
      .map(_.split(" ").map(_.toDouble))
    assert(numpy.size == predicted.size)
    for (((row, expected), index) <- predicted.zip(numpy).zipWithIndex; (label, i) <- labels.zipWithIndex) {
      assertRelativelyClose(row.getAs[Double](s"${label}_predicted"), expected(i), tolerance,
        s"${label}_predicted of data row ${index + 1}")
    }
  }

  test("the README's Spark SQL expressions give predict's numbers, row by row, to 1e-12") {
    assertRowsInFileOrder()
    val expressions = python(readmeBlock("sql-scoring"), "")
    assert(expressions.size == labels.size, expressions)
    labels.zip(expressions).foreach { case (label, expression) =>
      assert(expression.endsWith(s" AS `${label}_predicted`"), expression)
    }
    val input = spark.read.option("header", "true").option("inferSchema", "true").csv(regional)
    val scored = input.selectExpr("*" +: expressions: _*).collect().toSeq
    assert(scored.size == predicted.size)
    for (((row, sql), index) <- predicted.zip(scored).zipWithIndex; label <- labels) {
      assert(sql.getAs[String]("region") == row.getAs[String]("region"))
      assert(sql.getAs[Double]("temp") == row.getAs[Double]("temp"))
      val column = s"${label}_predicted"
      assertRelativelyClose(sql.getAs[Double](column), row.getAs[Double](column), tolerance,
        s"$column of data row ${index + 1}")
    }
  }
}
