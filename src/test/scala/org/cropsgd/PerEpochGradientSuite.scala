package org.cropsgd

import java.util.Random

import scala.jdk.CollectionConverters._

import org.apache.spark.sql.{Row, RowFactory}
import org.apache.spark.sql.types.{DataTypes, StructField, StructType}
import org.cropsgd.data.{ColumnSelection, TrainingTable}
import org.cropsgd.gradient.{PerEpochGradient, ReferenceGradient}
import org.cropsgd.model.{LinearModel, Standardization}
import org.cropsgd.moments.SumsEngines
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The per-epoch pass gives the float64 loss and gradient of plain Java loops, on random data, in both of its
 * forms: the Spark SQL query that GPU runs use and the CPU's ResidualPass (every test runs under each).
 */
class PerEpochGradientSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Tolerance = 1e-12

  /** A test run once with each engine of the passes over the rows. */
  private def bothEngines(name: String)(body: => Unit): Unit =
    for (engine <- Seq("sql", "blocked")) {
      test(s"$name ($engine)") {
        spark.conf.set(SumsEngines.ENGINE_KEY, engine)
        try body finally spark.conf.unset(SumsEngines.ENGINE_KEY)
      }
    }

  private def randomMatrix(random: Random, rows: Int, cols: Int, scale: Double, shift: Double) =
    Array.fill(rows, cols)(shift + scale * random.nextGaussian())

  private def table(x: Array[Array[Double]], y: Array[Array[Double]], partitions: Int): TrainingTable = {
    val d = x(0).length
    val k = y(0).length
    val fields = (0 until d).map(j => StructField(TrainingTable.featureColumn(j), DataTypes.DoubleType)) ++
      (0 until k).map(l => StructField(TrainingTable.labelColumn(l), DataTypes.DoubleType))
    val rows = x.indices.map(i => RowFactory.create((x(i) ++ y(i)).map(Double.box): _*))
    val frame = spark.createDataFrame(rows.asJava, StructType(fields)).repartition(partitions).cache()
    new TrainingTable(frame, frame, new ColumnSelection((0 until d).map("f" + _).asJava,
      (0 until k).map("l" + _).asJava), x.length, 0, java.util.Optional.empty())
  }

  private def assertSameGradient(actual: org.cropsgd.gradient.LossGradient,
      expected: org.cropsgd.gradient.LossGradient): Unit = {
    assertRelativelyClose(actual.loss, expected.loss, Tolerance, "loss")
    expected.weightGradient.indices.foreach { label =>
      assertRelativelyClose(actual.weightGradient()(label), expected.weightGradient()(label), Tolerance,
        s"dL/dW row $label")
    }
    assertRelativelyClose(actual.biasGradient, expected.biasGradient, Tolerance, "dL/db")
    assert(actual.weight == expected.weight)
  }

  bothEngines("loss and gradient of random models on random data equal the Java float64 reference") {
    val random = new Random(7)
    for ((n, d, k, partitions) <- Seq((1, 1, 1, 1), (257, 4, 3, 3), (1000, 7, 2, 8))) {
      val x = randomMatrix(random, n, d, 10.0, 50.0)
      val y = randomMatrix(random, n, k, 30.0, 100.0)
      val data = table(x, y, partitions)
      try {
        for (_ <- 1 to 3) {
          val w = randomMatrix(random, k, d, 1.0, 0.0)
          val b = Array.fill(k)(random.nextGaussian())
          val sql = new PerEpochGradient(data, Standardization.identity(d), true)
            .evaluate(new LinearModel(w, b))
          assertSameGradient(sql, ReferenceGradient.of(x, y, w, b))
        }
      } finally data.release()
    }
  }

  bothEngines("with standardization the gradient is the reference gradient on (x - mean) / scale") {
    val random = new Random(11)
    val (n, d, k) = (300, 3, 2)
    val x = randomMatrix(random, n, d, 5.0, 1000.0)
    val y = randomMatrix(random, n, k, 1.0, 10.0)
    val mean = Array(1000.5, 999.0, 1001.0)
    val scale = Array(5.0, 4.5, 6.0)
    val z = x.map(row => row.indices.map(j => (row(j) - mean(j)) / scale(j)).toArray)
    val w = randomMatrix(random, k, d, 1.0, 0.0)
    val b = Array.fill(k)(random.nextGaussian())
    val data = table(x, y, 2)
    try {
      val sql = new PerEpochGradient(data, new Standardization(mean, scale), true).evaluate(new LinearModel(w, b))
      assertSameGradient(sql, ReferenceGradient.of(z, y, w, b))
    } finally data.release()
  }

  bothEngines("without an intercept the intercept gradient is zero and the rest unchanged") {
    val random = new Random(3)
    val x = randomMatrix(random, 50, 2, 1.0, 0.0)
    val y = randomMatrix(random, 50, 2, 1.0, 0.0)
    val w = randomMatrix(random, 2, 2, 1.0, 0.0)
    val zeroBias = Array(0.0, 0.0)
    val data = table(x, y, 2)
    try {
      val sql = new PerEpochGradient(data, Standardization.identity(2), false).evaluate(new LinearModel(w, zeroBias))
      val reference = ReferenceGradient.of(x, y, w, zeroBias)
      assert(sql.biasGradient.forall(_ == 0.0))
      assert(reference.biasGradient.exists(_ != 0.0))
      assertRelativelyClose(sql.loss, reference.loss, Tolerance, "loss")
      assertRelativelyClose(sql.weightGradient()(1), reference.weightGradient()(1), Tolerance, "dL/dW")
    } finally data.release()
  }
}
