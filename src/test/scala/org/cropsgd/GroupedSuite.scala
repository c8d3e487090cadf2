package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}
import org.apache.spark.sql.functions.expr
import org.cropsgd.moments.SumsEngines
import org.cropsgd.testing.{CropSgdFixtures, SavedModel, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * One model per group (`--group-by`, issue 12): every group's model is the model an ungrouped run trains on
 * that group's rows alone (1e-9 relative; the same arithmetic on the same moments), for string, whole-number,
 * date and two-column keys and with sample weights; grouped `predict` and `evaluate` score each row with its
 * group's model, and unknown groups fail or get nulls; bad input has its exit code and message.
 */
class GroupedSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Tolerance = 1e-9
  private val Columns = Seq("--features", "temp,rainfall,humidity", "--labels", "apples,oranges")
  private val lines = new ObjectMapper()

  private def train(input: String, args: String*): Path = {
    val output = newTempDir().resolve("model")
    cropsgdOk(Seq("train", "--input", input, "--output", output.toString) ++ Columns ++ args: _*)
    output
  }

  private def models(output: Path): Seq[JsonNode] =
    Files.readAllLines(output.resolve("models.jsonl")).asScala.toSeq.map(line => lines.readTree(line))

  /** regional-crops.csv as Parquet with an int era, a date season and a weight, in 4 partitions. */
  private lazy val regional: String = {
    val path = newTempDir().resolve("regional.parquet").toString
    spark.read.option("header", "true").option("inferSchema", "true").csv(sample("regional-crops.csv"))
      .withColumn("era", expr("cast(year div 10 AS int)"))
      .withColumn("season", expr("make_date(2000 + cast(year % 3 AS int), 1, 1)"))
      .withColumn("area", expr("rand(3) * 2 + 0.5"))
      .repartition(4).write.parquet(path)
    path
  }

  private def assertSameModel(grouped: JsonNode, ungrouped: SavedModel, what: String): Unit = {
    for (label <- 0 until 2) {
      val row = grouped.get("weights").get(label).elements().asScala.map(_.asDouble).toArray
      assertRelativelyClose(row, ungrouped.weights(label), Tolerance, s"$what W $label")
    }
    assertRelativelyClose(grouped.get("bias").elements().asScala.map(_.asDouble).toArray, ungrouped.bias,
      Tolerance, s"$what b")
  }

  for ((keys, extra) <- Seq(("region", Seq.empty[String]), ("era", Seq.empty[String]), ("season", Seq.empty[String]),
      ("region,era", Seq.empty[String]), ("region", Seq("--weight-col", "area")))) {
    test(s"--group-by $keys ${extra.mkString(" ")}: each group's model is the ungrouped model of its rows alone") {
      val output = train(regional, Seq("--group-by", keys, "--epochs", "40") ++ extra: _*)
      val groups = models(output)
      val metrics = readJson(output.resolve("metrics.json"))
      assert(metrics.get("groups_trained").asInt == groups.size && groups.size > 1)
      assert(metrics.get("data_passes").asLong == 0, "every group trains from the loading pass's moments")
      assert(metrics.get("strategy").asText == "sufficient-stats")
      assert(groups.map(_.get("rows").asLong).sum == 4000)
      val keyColumns = keys.split(",").toSeq
      // Two groups (the first and the last), each trained alone from a table of its rows.
      for (group <- Seq(groups.head, groups.last)) {
        val condition = keyColumns.map(key => s"$key = '${group.get("key").get(key).asText}'").mkString(" AND ")
        val alone = newTempDir().resolve("alone.parquet").toString
        spark.read.parquet(regional).filter(condition).write.parquet(alone)
        val single = train(alone, Seq("--epochs", "40") ++ extra: _*)
        assertSameModel(group, readModel(single), group.get("key").toString)
        val singleMetrics = readJson(single.resolve("metrics.json")).get("per_label")
        for (label <- Seq("apples", "oranges"); key <- Seq("mse", "mae", "r2")) {
          assertRelativelyClose(group.get("per_label").get(label).get(key).asDouble,
            singleMetrics.get(label).get(key).asDouble, 1e-9, s"$label $key")
        }
        assert(group.get("rows").asLong == readJson(single.resolve("metrics.json")).get("rows").asLong)
      }
    }
  }

  test("--strategy per-epoch: every group trains in step, one pass per epoch, each the model of its rows alone") {
    val extra = Seq("--strategy", "per-epoch", "--epochs", "60", "--weight-col", "area")
    val output = train(regional, Seq("--group-by", "region") ++ extra: _*)
    val groups = models(output)
    val metrics = readJson(output.resolve("metrics.json"))
    assert(groups.size == 8 && metrics.get("groups_trained").asInt == 8)
    // 61 evaluations (epochs 0..60) of all eight groups: one pass each, not one per group.
    assert(metrics.get("data_passes").asLong == 61, metrics)
    assert(metrics.get("strategy").asText == "per-epoch")
    val history = Files.readAllLines(output.resolve("history.csv")).asScala
    assert(history.size == 1 + 8 * 61, "a history row per group and epoch")
    for (group <- Seq(groups.head, groups.last)) {
      val region = group.get("key").get("region").asText
      val alone = newTempDir().resolve("alone.parquet").toString
      spark.read.parquet(regional).filter(s"region = '$region'").write.parquet(alone)
      val single = train(alone, extra: _*)
      assertSameModel(group, readModel(single), region)
      val ungroupedHistory = Files.readAllLines(single.resolve("history.csv")).asScala.tail.map(_.split(",")(1).toDouble)
      val groupHistory = history.tail.filter(_.contains(region)).map(line => line.split(",").last.toDouble)
      assertRelativelyClose(groupHistory.toArray, ungroupedHistory.toArray, Tolerance, s"$region loss history")
    }
  }

  test("per-epoch: a group that diverges fails the run naming it; --on-group-failure skip trains the others") {
    val args = Seq("--group-by", "plot", "--strategy", "per-epoch", "--standardize", "false", "--learning-rate", "2e-5",
      "--epochs", "50")
    val result = failingTrain(4, Plots, args: _*)
    assert(result.err.contains("""Group {"plot":"b"}"""), result.err)
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", Plots)
    val skipped = cropsgdOk(Seq("train", "--input", input.toString, "--output", dir.resolve("model").toString,
      "--labels", "apples,oranges", "--on-group-failure", "skip") ++ args: _*)
    assert(skipped.err.contains("1 of 2 groups have no model"), skipped.err)
    assert(models(dir.resolve("model")).map(_.get("key").get("plot").asText) == Seq("a"))
  }

  test("grouped predict and evaluate use each row's group model; an unknown group fails or gets nulls") {
    val output = train(sample("regional-crops.csv"), "--group-by", "region")
    val byRegion = models(output).map(m => m.get("key").get("region").asText -> m).toMap
    val input = editedRegionalCrops(rows => rows :+ "Orre,2001,90,100,50,80,90")
    val predictions = newTempDir().resolve("predictions")
    val predicted = cropsgdOk("predict", "--model", output.toString, "--input", input, "--output",
      predictions.toString, "--unknown-group", "null")
    assert(predicted.out.contains("have null predictions (--unknown-group null)"), predicted.out)
    val rows = spark.read.parquet(predictions.toString).collect()
    assert(rows.length == 4001)
    for (row <- rows) {
      val region = row.getAs[String]("region")
      if (region == "Orre") {
        assert(row.isNullAt(row.fieldIndex("apples_predicted")))
      } else {
        val model = byRegion(region)
        val x = Seq("temp", "rainfall", "humidity").map(name => row.getAs[Double](name))
        val expected = model.get("bias").get(0).asDouble + x.zipWithIndex.map { case (v, j) =>
          v * model.get("weights").get(0).get(j).asDouble }.sum
        assertRelativelyClose(row.getAs[Double]("apples_predicted"), expected, 1e-12, region)
      }
    }
    val refused = cropsgd("predict", "--model", output.toString, "--input", input, "--output",
      newTempDir().resolve("p").toString)
    assertOneLineError(refused, 3, "{\"region\":\"Orre\"}", "Data row 4001", "--unknown-group null")

    val evaluation = newTempDir().resolve("evaluation")
    cropsgdOk("evaluate", "--model", output.toString, "--input", sample("regional-crops.csv"), "--output",
      evaluation.toString)
    val trained = readJson(output.resolve("metrics.json"))
    val evaluated = readJson(evaluation.resolve("metrics.json"))
    assertRelativelyClose(evaluated.get("loss").asDouble, trained.get("loss").asDouble, 1e-12, "loss")
    assertOneLineError(cropsgd("evaluate", "--model", output.toString, "--input", input), 3, "Orre")
    assert(evaluated.get("rows_unknown_group").asLong == 0, evaluated)
    val skippedOutput = newTempDir().resolve("skipped")
    val skipped = cropsgdOk("evaluate", "--model", output.toString, "--input", input, "--unknown-group", "null",
      "--output", skippedOutput.toString)
    assert(skipped.out.contains("Left out 1 rows whose group has no model"), skipped.out)
    // metrics.json says so too, for a scheduler that reads it rather than the log.
    val skippedMetrics = readJson(skippedOutput.resolve("metrics.json"))
    assert(skippedMetrics.get("rows_unknown_group").asLong == 1 && skippedMetrics.get("rows").asLong == 4000,
      skippedMetrics)
  }

  /** crops.csv's five regions, each twice, with a plot column to group by. */
  private lazy val Plots: String = {
    val lines = Crops.linesIterator.toSeq
    (lines.head + ",plot") +: lines.tail.flatMap(line => Seq(line + ",a", line.replace(",", ",1") + ",b"))
  }.mkString("", "\n", "\n")

  test("--invalid skip: invalid rows leave their groups, and a group left with no row is said, not trained") {
    val plain = train(sample("regional-crops.csv"), "--group-by", "region")
    val input = editedRegionalCrops(rows => rows.patch(1, Seq("Kanto,2001,91,NaN,50,80,90"), 0) ++
      Seq("Orre,2001,90,100,50,,90", "Orre,2002,91,100,50,,91"))
    val output = newTempDir().resolve("model")
    val result = cropsgdOk(Seq("train", "--input", input, "--output", output.toString, "--group-by", "region",
      "--invalid", "skip") ++ Columns: _*)
    assert(result.out.contains("""1 groups have no row left after --invalid skip and get no model, e.g. {"region":"Orre"}"""),
      result.out)
    val (skipped, expected) = (models(output), models(plain))
    assert(skipped.map(_.get("key")) == expected.map(_.get("key")))
    for ((a, b) <- skipped.zip(expected)) {
      assertRelativelyClose(a.get("bias").elements().asScala.map(_.asDouble).toArray,
        b.get("bias").elements().asScala.map(_.asDouble).toArray, Tolerance, s"${a.get("key")} b")
    }
  }

  test("a missing key column: exit 3, lists the columns; a key that is also a feature: exit 2") {
    val missing = failingTrain(3, Plots, "--group-by", "farm")
    assert(missing.err.contains("group column(s) [farm]"), missing.err)
    val feature = failingTrain(2, Plots, "--group-by", "temp", "--features", "temp,rainfall")
    assert(feature.err.contains("'temp' is in --group-by"), feature.err)
  }

  test("a null key: exit 3 with the row") {
    val result = failingTrain(3, Plots.replace("Johto,91,88,64,81,101,a", "Johto,91,88,64,81,101,"), "--group-by", "plot")
    assert(result.err.contains("null in the --group-by column(s) [plot]") && result.err.contains("region=Johto"),
      result.err)
  }

  test("a group with fewer rows than parameters: exit 3 naming it; --on-group-failure skip records it") {
    val withTiny = Plots + "Kanto,70,60,40,50,60,c\n"
    val result = failingTrain(3, withTiny, "--group-by", "plot")
    assert(result.err.contains("""Group {"plot":"c"}: 1 rows for 4 parameters"""), result.err)
    val dir = newTempDir()
    val input = writeFile(dir, "input.csv", withTiny)
    val skipped = cropsgdOk("train", "--input", input.toString, "--output", dir.resolve("model").toString,
      "--labels", "apples,oranges", "--group-by", "plot", "--on-group-failure", "skip")
    assert(skipped.err.contains("1 of 3 groups have no model"), skipped.err)
    val metrics = readJson(dir.resolve("model").resolve("metrics.json"))
    assert(metrics.get("groups_trained").asInt == 2)
    assert(metrics.get("groups_failed").get(0).get("key").get("plot").asText == "c")
    // The metrics are over the trained groups' rows, and say so: the one row of group c is not among them.
    assert(metrics.get("rows").asLong == 11 && metrics.get("rows_scored").asLong == 10, metrics)
    assert(skipped.out.contains("1 without a model (1 of the 11 rows, not in the metrics below)"), skipped.out)
  }

  test("what grouped training does not do yet is refused with exit 2, never ignored") {
    for (args <- Seq(Seq("--validation-fraction", "0.2"),
        Seq("--batch-fraction", "0.5"))) {
      val result = failingTrain(2, Plots, Seq("--group-by", "plot") ++ args: _*)
      assert(result.err.contains("not supported with --group-by yet"), result.err)
    }
  }

  test("the Spark SQL engine (a --gpu run's) gives every group the CPU engine's model") {
    val cpu = models(train(regional, "--group-by", "region,era", "--weight-col", "area"))
    spark.conf.set(SumsEngines.ENGINE_KEY, "sql")
    val sql = try models(train(regional, "--group-by", "region,era", "--weight-col", "area"))
      finally spark.conf.unset(SumsEngines.ENGINE_KEY)
    assert(sql.map(_.get("key")) == cpu.map(_.get("key")))
    for ((a, b) <- sql.zip(cpu)) {
      for (label <- 0 until 2) {
        assertRelativelyClose(a.get("weights").get(label).elements().asScala.map(_.asDouble).toArray,
          b.get("weights").get(label).elements().asScala.map(_.asDouble).toArray, Tolerance, s"${a.get("key")} W")
      }
      assertRelativelyClose(a.get("bias").elements().asScala.map(_.asDouble).toArray,
        b.get("bias").elements().asScala.map(_.asDouble).toArray, Tolerance, s"${a.get("key")} b")
    }
  }
}
