package org.cropsgd

import java.util.Random

import scala.jdk.CollectionConverters._

import org.apache.spark.sql.RowFactory
import org.apache.spark.sql.types.{DataTypes, StructField, StructType}
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/** Properties of whole training runs that hold whatever the data: partitioning, standardization. */
class ModelPropertiesSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {

  /**
   * Writes a Parquet table with a name column, features x1..x3 at very different scales, and labels
   * y = W·x + b (+ noise). Returns its path.
   */
  private def writeTable(rows: Int, w: Array[Array[Double]], b: Array[Double],
      noise: Double, seed: Long): String = {
    val random = new Random(seed)
    val data = (0 until rows).map { i =>
      val x = Array(1000 + 50 * random.nextGaussian(), 0.01 + 0.002 * random.nextGaussian(), random.nextGaussian())
      val y = w.indices.map(k => w(k).indices.map(j => w(k)(j) * x(j)).sum + b(k) + noise * random.nextGaussian())
      RowFactory.create(Seq[AnyRef](s"region${i % 7}") ++ (x ++ y).map(Double.box): _*)
    }
    val schema = StructType(Seq(StructField("region", DataTypes.StringType)) ++
      Seq("x1", "x2", "x3", "apples", "oranges").map(StructField(_, DataTypes.DoubleType)))
    val path = newTempDir().resolve("table.parquet").toString
    spark.createDataFrame(data.asJava, schema).coalesce(1).write.parquet(path)
    path
  }

  private val trueW = Array(Array(0.02, 300.0, -4.0), Array(-0.01, 150.0, 2.5))
  private val trueB = Array(10.0, 40.0)

  test("the trained model does not depend on the number of partitions (1, 3, 8) beyond 1e-12") {
    val original = writeTable(500, trueW, trueB, noise = 1.0, seed = 5)
    // Spark packs small files into one partition; a large open cost makes each file a partition of its own.
    spark.conf.set("spark.sql.files.openCostInBytes", (1L << 30).toString)
    val models = try Seq(1, 3, 8).map { partitions =>
      val input = if (partitions == 1) original else {
        val path = original.replace("table.parquet", s"table-$partitions.parquet")
        spark.read.parquet(original).repartition(partitions).write.parquet(path)
        path
      }
      assert(spark.read.parquet(input).rdd.getNumPartitions == partitions)
      val output = newTempDir().resolve("model")
      cropsgdOk("train", "--input", input, "--labels", "apples,oranges", "--output", output.toString,
        "--epochs", "40", "--learning-rate", "0.3")
      readModel(output)
    } finally spark.conf.unset("spark.sql.files.openCostInBytes")
    for (model <- models.tail; k <- 0 until 2) {
      assertRelativelyClose(model.weights(k), models.head.weights(k), 1e-12, s"W row $k")
      assertRelativelyClose(model.bias(k), models.head.bias(k), 1e-12, s"b $k")
    }
  }

  test("standardized training on noiseless data recovers the true weights in original units") {
    val input = writeTable(400, trueW, trueB, noise = 0.0, seed = 9)
    val output = newTempDir().resolve("model")
    val result = cropsgdOk("train", "--input", input, "--labels", "apples,oranges", "--output", output.toString,
      "--epochs", "150", "--learning-rate", "0.5", "--standardize", "true")
    val model = readModel(output)
    assert(model.features == Seq("x1", "x2", "x3"), "region is a string column, never a feature")
    assert(model.json.get("standardized").asBoolean)
    for (k <- 0 until 2) {
      assertRelativelyClose(model.weights(k), trueW(k), 1e-8, s"W row $k")
      assertRelativelyClose(model.bias(k), trueB(k), 1e-8, s"b $k")
    }
    val metrics = readJson(output.resolve("metrics.json"))
    assert(metrics.get("loss").asDouble < 1e-12, result.out)
    assert(metrics.get("per_label").get("apples").get("r2").asDouble > 1 - 1e-12)
  }
}
