package org.cropsgd

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.types.{DoubleType, StringType}
import org.cropsgd.testing.{CliResult, CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * `cropsgd generate --regions R --region-effect X --output-format F`: a first column `region`, each region's
 * own true model (the global one plus seeded deviations) in truth.json's `by_region`, the labels computed from
 * the row's region's model, the table in the format asked for; bad values refused.
 */
class GenerateRegionsSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  /** 3,000 noiseless rows of 3 features, 2 labels and 7 regions into `output`, unless `args` say otherwise. */
  private def generate(output: Path, args: String*): CliResult = {
    val defaults = Seq("--rows" -> "3000", "--features" -> "3", "--labels" -> "2", "--regions" -> "7",
      "--region-effect" -> "0.5", "--noise" -> "0", "--output" -> output.toString)
      .filterNot { case (option, _) => args.contains(option) }
    cropsgd(Seq("generate") ++ defaults.flatMap { case (option, value) => Seq(option, value) } ++ args: _*)
  }

  private def table(output: Path): DataFrame = spark.read.parquet(output.resolve("table").toString)

  private def doubles(node: com.fasterxml.jackson.databind.JsonNode): Array[Double] =
    node.elements().asScala.map(_.asDouble()).toArray

  /** truth.json's by_region: region name to (weights K×D, bias K), in file order. */
  private def byRegion(output: Path): Seq[(String, (Array[Array[Double]], Array[Double]))] = {
    val regions = readJson(output.resolve("truth.json")).get("by_region")
    regions.fieldNames().asScala.toSeq.map { name =>
      val model = regions.get(name)
      name -> (model.get("weights").elements().asScala.map(doubles).toArray, doubles(model.get("bias")))
    }
  }

  /**
   * Least squares of `label` on [1, f0, f1, f2] over `rows` (normal equations, Gaussian elimination with
   * partial pivoting): (bias, weights).
   */
  private def leastSquares(rows: Seq[Array[Double]], label: Int): (Double, Array[Double]) = {
    val n = 4
    val a = Array.ofDim[Double](n, n + 1)
    for (row <- rows) {
      val x = Array(1.0, row(0), row(1), row(2))
      for (p <- 0 until n) {
        for (q <- 0 until n) a(p)(q) += x(p) * x(q)
        a(p)(n) += x(p) * row(3 + label)
      }
    }
    for (p <- 0 until n) {
      val pivot = (p until n).maxBy(r => math.abs(a(r)(p)))
      val swap = a(p); a(p) = a(pivot); a(pivot) = swap
      for (r <- 0 until n if r != p) {
        val factor = a(r)(p) / a(p)(p)
        for (c <- p to n) a(r)(c) -= factor * a(p)(c)
      }
    }
    val solution = Array.tabulate(n)(p => a(p)(n) / a(p)(p))
    (solution(0), solution.drop(1))
  }

  test("--regions: a first string column 'region', every region about rows/R rows, each region's labels from " +
    "its own true model in truth.json (least squares per region gives it back to 1e-9)") {
    val output = newTempDir().resolve("gen")
    val result = generate(output, "--partitions", "3")
    assert(result.exitCode == 0 && result.err.isEmpty, result.err)
    assert(result.out.contains("7 regions in column 'region'"), result.out)
    val rows = table(output)
    assert(rows.columns.toSeq == Seq("region", "f0", "f1", "f2", "y0", "y1"))
    assert(rows.schema("region").dataType == StringType)
    assert(rows.schema.fields.drop(1).forall(_.dataType == DoubleType))
    val truth = readJson(output.resolve("truth.json"))
    assert(truth.get("regions").asInt() == 7 && truth.get("region_effect").asDouble() == 0.5)
    assert(truth.get("region_column").asText() == "region")
    val models = byRegion(output)
    assert(models.map(_._1) == (1 to 7).map(r => s"region-$r"))
    val globalBias = doubles(truth.get("bias"))
    val byName = rows.collect().groupBy(_.getString(0)).map { case (name, group) =>
      name -> group.toSeq.map(row => Array.tabulate(5)(i => row.getDouble(i + 1)))
    }
    assert(byName.keySet == models.map(_._1).toSet)
    for ((name, (weights, bias)) <- models) {
      val regionRows = byName(name)
      assert(regionRows.size > 3000 / 7 / 2 && regionRows.size < 3000 / 7 * 2, s"$name: ${regionRows.size} rows")
      for (label <- 0 until 2) {
        val (fittedBias, fittedWeights) = leastSquares(regionRows, label)
        assertRelativelyClose(fittedBias, bias(label), 1e-9, s"$name bias($label)")
        assertRelativelyClose(fittedWeights, weights(label), 1e-9, s"$name weights($label)")
      }
      // A region effect of 0.5 moves every bias away from the global one.
      assert(bias.indices.forall(i => bias(i) != globalBias(i)), name)
    }
  }

  test("--regions without --region-effect: every region has the global model; widths pad the names") {
    val output = newTempDir().resolve("gen")
    assert(generate(output, "--rows", "500", "--regions", "12", "--region-effect", "0").exitCode == 0)
    val truth = readJson(output.resolve("truth.json"))
    val weights = truth.get("weights").elements().asScala.map(doubles(_).toSeq).toSeq
    val models = byRegion(output)
    assert(models.map(_._1) == (1 to 12).map(r => f"region-$r%02d"))
    for ((name, (regionWeights, regionBias)) <- models) {
      assert(regionWeights.map(_.toSeq).toSeq == weights, name)
      assert(regionBias.toSeq == doubles(truth.get("bias")).toSeq, name)
    }
    assert(table(output).select("region").distinct().count() == 12)
  }

  test("without --regions there is no region column and truth.json has no region keys") {
    val output = newTempDir().resolve("gen")
    assert(generate(output, "--regions", "0", "--region-effect", "0").exitCode == 0)
    assert(table(output).columns.toSeq == Seq("f0", "f1", "f2", "y0", "y1"))
    val keys = readJson(output.resolve("truth.json")).fieldNames().asScala.toSeq
    assert(keys == Seq("features", "labels", "weights", "bias", "noise", "rows", "partitions", "seed"))
  }

  test("the same settings give the same regions and labels; the region of a row does not depend on the " +
    "partitions") {
    val first = newTempDir().resolve("a")
    val second = newTempDir().resolve("b")
    val otherPartitions = newTempDir().resolve("c")
    Seq(first -> "2", second -> "2", otherPartitions -> "5").foreach { case (dir, partitions) =>
      assert(generate(dir, "--rows", "400", "--partitions", partitions, "--noise", "0.3").exitCode == 0)
    }
    assert(table(first).exceptAll(table(second)).isEmpty && table(second).exceptAll(table(first)).isEmpty)
    assert(byRegion(first).map(_._2._2.toSeq) == byRegion(second).map(_._2._2.toSeq))
    // Features are drawn per partition, but the region is a hash of the row's number alone.
    def sizes(dir: Path) = table(dir).groupBy("region").count().collect().map(row => row.getString(0) -> row.getLong(1))
      .toMap
    assert(sizes(first) == sizes(otherPartitions))
  }

  test("--output-format csv and orc write the same table in that format") {
    val parquet = newTempDir().resolve("p")
    assert(generate(parquet, "--rows", "300", "--partitions", "2").exitCode == 0)
    for (format <- Seq("csv", "orc")) withClue(format) {
      val output = newTempDir().resolve(format)
      val result = generate(output, "--rows", "300", "--partitions", "2", "--output-format", format)
      assert(result.exitCode == 0, result.err)
      assert(result.out.contains(s"2 $format files"), result.out)
      val files = Files.list(output.resolve("table")).iterator().asScala.map(_.getFileName.toString)
        .filterNot(name => name.startsWith("_") || name.startsWith(".")).toSeq
      assert(files.size == 2 && files.forall(_.endsWith(s".$format")), files)
      val read = spark.read.format(format).option("header", "true").option("inferSchema", "true")
        .load(output.resolve("table").toString)
      assert(read.columns.toSeq == table(parquet).columns.toSeq)
      assert(read.exceptAll(table(parquet)).isEmpty && table(parquet).exceptAll(read).isEmpty)
    }
  }

  test("bad --regions and --region-effect values are exit 2, one line, nothing written") {
    val output = newTempDir().resolve("gen")
    for ((args, phrase) <- Seq(
        Seq("--regions", "-1") -> "--regions",
        Seq("--regions", "3001") -> "--regions 3001 is more than --rows 3000",
        Seq("--region-effect", "-0.5") -> "--region-effect",
        Seq("--region-effect", "NaN") -> "--region-effect",
        Seq("--region-effect", "Infinity") -> "--region-effect",
        Seq("--regions", "0", "--region-effect", "0.5") -> "--region-effect only applies with --regions",
        Seq("--output-format", "xls") -> "--output-format")) {
      withClue(args.mkString(" ") + ": ") {
        assertOneLineError(generate(output, args: _*), 2, phrase)
        assertNothingWritten(output)
      }
    }
  }
}
