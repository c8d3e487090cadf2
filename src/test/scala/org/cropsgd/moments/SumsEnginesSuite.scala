package org.cropsgd.moments

import java.util.Random

import scala.jdk.CollectionConverters._

import org.apache.spark.sql.{Row, RowFactory}
import org.apache.spark.sql.execution.WholeStageCodegenExec
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanHelper
import org.apache.spark.sql.execution.aggregate.HashAggregateExec
import org.apache.spark.sql.types.{DataTypes, StructField, StructType}
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The two engines of RowSums, SqlSums (in its narrow and its tiled layout) and BlockedSums, give what plain
 * Scala loops over the rows give — the row count, sums, the profiles of columns with nulls, NaN and
 * infinities, and the moments over the rows whose product columns are all finite — to 1e-12, and each
 * gives the same bits on every run.
 */
class SumsEnginesSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Tolerance = 1e-12

  /** Random rows: m product columns (null, NaN or ∞ in some rows), s summed columns, p profiled columns. */
  private case class Table(m: Int, s: Int, p: Int, values: Array[Array[java.lang.Double]]) {
    def width: Int = m + s + p
  }

  private def randomTable(seed: Long, n: Int, m: Int, s: Int, p: Int): Table = {
    val random = new Random(seed)
    def odd(): java.lang.Double = random.nextInt(3) match {
      case 0 => null
      case 1 => Double.NaN
      case _ => Double.NegativeInfinity
    }
    val values = Array.fill(n)(Array.tabulate[java.lang.Double](m + s + p) { c =>
      val v: java.lang.Double = 1000.0 + c + random.nextGaussian() * (1 + c % 4)
      if (c >= m && c < m + s) v else if (random.nextInt(40) == 0) odd() else v
    })
    Table(m, s, p, values)
  }

  private def rowSums(table: Table, partitions: Int): RowSums = {
    val names = (0 until table.width).map("v" + _)
    val schema = StructType(names.map(StructField(_, DataTypes.DoubleType)))
    val rows = table.values.toSeq.map(v => RowFactory.create(v.toSeq: _*))
    val frame = spark.createDataFrame(rows.asJava, schema).repartition(partitions).cache()
    new RowSums(frame, names.slice(table.m, table.m + table.s).asJava, names.drop(table.m + table.s).asJava,
      names.take(table.m).asJava)
  }

  private def assertClose(actual: Array[Double], expected: Array[Double], what: String): Unit = {
    assert(actual.length == expected.length, what)
    actual.zip(expected).zipWithIndex.foreach { case ((a, e), i) =>
      assertRelativelyClose(a, e, Tolerance, s"$what [$i]")
    }
  }

  private def finite(v: java.lang.Double): Boolean = v != null && !v.isNaN && !v.isInfinite

  /** The totals by plain loops; the moments about a shift of zeros (raw sums), for comparison. */
  private def reference(table: Table): (Long, Array[Double], Seq[RowSums.ValueProfile], Long, Array[Double],
      Array[Double]) = {
    val (m, s, p) = (table.m, table.s, table.p)
    val summed = new Array[Double](s)
    val profiles = (0 until p).map { k =>
      val column = table.values.map(_(m + s + k))
      val numbers = column.filter(finite).map(_.doubleValue)
      new RowSums.ValueProfile(column.count(_ != null), column.count(v => !finite(v)),
        numbers.map(v => v * v).sum, if (numbers.isEmpty) 0.0 else numbers.map(math.abs).max)
    }
    val sum = new Array[Double](m)
    val products = new Array[Double](RowSums.packedSize(m))
    var counted = 0L
    for (v <- table.values) {
      for (k <- 0 until s) summed(k) += v(m + k)
      if ((0 until m).forall(i => finite(v(i)))) {
        counted += 1
        for (a <- 0 until m) {
          sum(a) += v(a)
          for (b <- a until m) products(RowSums.packedIndex(a, b, m)) += v(a) * v(b)
        }
      }
    }
    (table.values.length.toLong, summed, profiles, counted, sum, products)
  }

  private def assertMatches(actual: RowSums.Totals, table: Table, what: String): Unit = {
    val (rows, summed, profiles, counted, sum, products) = reference(table)
    assert(actual.rows == rows, what)
    assertClose(actual.summed, summed, s"$what summed")
    actual.profiles.asScala.zip(profiles).foreach { case (a, e) =>
      assert(a.nonNull == e.nonNull && a.invalid == e.invalid && a.largest == e.largest, s"$what profile $a vs $e")
      assertRelativelyClose(a.sumOfSquares, e.sumOfSquares, Tolerance, s"$what squares")
    }
    val moments = actual.moments
    assert(moments.rows == counted, what)
    val raw = moments.about(new Array[Double](table.m))
    assertClose(raw.sum, sum, s"$what Σp")
    assertClose(raw.products, products, s"$what Σpp")
  }

  private def sameBits(a: RowSums.Totals, b: RowSums.Totals): Boolean =
    a.rows == b.rows && java.util.Arrays.equals(a.summed, b.summed) && a.profiles == b.profiles &&
      java.util.Arrays.equals(a.moments.sum, b.moments.sum) &&
      java.util.Arrays.equals(a.moments.products, b.moments.products)

  private def withMaxFields[T](maxFields: Option[Int])(body: => T): T = {
    val key = "spark.sql.codegen.maxFields"
    maxFields.foreach(limit => spark.conf.set(key, limit.toLong))
    try body finally if (maxFields.isDefined) spark.conf.unset(key)
  }

  private object Plans extends AdaptiveSparkPlanHelper

  // (what, seed, rows, m, summed, profiled, spark.sql.codegen.maxFields)
  private val cases = Seq(
    ("m = 3", 1L, 1000, 3, 2, 3, None),
    ("m = 12, tiled past the code generation limit", 2L, 1000, 12, 3, 2, None),
    ("m = 150, wide", 3L, 400, 150, 4, 6, None),
    ("m = 4 with maxFields = 20: tiles of 3, padded", 4L, 1000, 4, 2, 2, Some(20)))

  for ((what, seed, n, m, s, p, maxFields) <- cases) {
    test(s"SqlSums and BlockedSums equal plain loops, the same bits every run ($what)") {
      val table = randomTable(seed, n, m, s, p)
      val sums = rowSums(table, partitions = 3)
      try withMaxFields(maxFields) {
        val sql = new SqlSums().total(sums)
        assertMatches(sql, table, "SqlSums")
        val blocked = new BlockedSums().total(sums)
        assertMatches(blocked, table, "BlockedSums")
        assert(sameBits(new SqlSums().total(sums), sql), "a second SqlSums run differs in its bits")
        assert(sameBits(new BlockedSums().total(sums), blocked), "a second BlockedSums run differs in its bits")
      } finally spark.catalog.clearCache()
    }
  }

  /**
   * A near-exact table: d features, then k labels y = W·x + b + 1e-6·noise (times 100 for the second label,
   * still near exact), with an invalid cell in every 500th row.
   */
  private def nearExactTable(seed: Long, n: Int, d: Int, k: Int): Table = {
    val random = new Random(seed)
    val weights = Array.fill(k, d)(random.nextGaussian() * 3)
    val values = Array.fill(n) {
      val x = Array.fill(d)(50.0 + random.nextGaussian() * 10)
      val y = Array.tabulate(k)(l => 7.0 * l + weights(l).zip(x).map { case (w, v) => w * v }.sum +
        1e-6 * math.pow(100, l) * random.nextGaussian())
      (x ++ y).map(v => java.lang.Double.valueOf(v))
    }
    values.zipWithIndex.foreach { case (row, i) => if (i % 500 == 499) row(i % (d + k)) = Double.NaN }
    Table(d + k, 0, 0, values)
  }

  for ((partitions, what) <- Seq((3, "three tasks, each with its own anchor"),
      (BlockedSums.DIRECT_PARTITIONS + 6, "many small tasks, added in groups"))) {
    test(s"BlockedSums with anchored labels adds up the residuals of the anchor it reports ($what)") {
      val (d, k) = (6, 2)
      val table = nearExactTable(7L, 6000, d, k)
      val plain = rowSums(table, partitions)
      val sums = new RowSums(plain.rows, plain.summed, plain.profiled, plain.products, k)
      try {
        val totals = new BlockedSums().total(sums)
        assert(totals.anchor.isPresent, "no anchor")
        val anchor = totals.anchor.get.model
        // The moments of x, y and r = W·x + b − y at the reported anchor, by plain loops over the valid rows.
        val expected = ShiftedMoments.of(table.values.toSeq.filter(_.forall(finite)).map { v =>
          val x = v.map(_.doubleValue)
          x ++ (0 until k).map(l => anchor.bias(l) - x(d + l) + (0 until d).map(j => anchor.weight(l, j) * x(j)).sum)
        }.asJava)
        val actual = totals.moments
        assert(actual.rows == expected.rows)
        val moved = expected.about(actual.shift)
        // Each sum to 1e-12 of the size of what it adds up: for x and y their own spread; for a residual the
        // terms it is computed from, Σ (|b| + |y| + Σ|w·x|)², since a residual computed in doubles carries
        // rounding of about 1e-16 of those (in the engine as in these loops), not of itself.
        val size = (0 until d + 2 * k).map { c =>
          if (c < d + k) moved.products()(RowSums.packedIndex(c, c, d + 2 * k))
          else {
            val l = c - d - k
            table.values.toSeq.filter(_.forall(finite)).map { v =>
              val terms = math.abs(anchor.bias(l)) + math.abs(v(d + l)) +
                (0 until d).map(j => math.abs(anchor.weight(l, j) * v(j))).sum
              terms * terms
            }.sum
          }
        }
        for (i <- 0 until d + 2 * k; j <- i until d + 2 * k) {
          val at = RowSums.packedIndex(i, j, d + 2 * k)
          assert(math.abs(actual.products()(at) - moved.products()(at)) <= 1e-12 * math.sqrt(size(i) * size(j)),
            s"Σ(v$i − s)(v$j − s): ${actual.products()(at)} vs ${moved.products()(at)}")
        }
        for (label <- 0 until k) {
          val r = d + k + label
          val ownSquares = moved.products()(RowSums.packedIndex(r, r, d + 2 * k))
          assert(totals.anchor.get.roundingScale()(label) >= ownSquares * (1 - 1e-9), s"rounding scale of $label")
        }
        assert(sameBits(new BlockedSums().total(sums), totals), "a second run differs in its bits")
      } finally spark.catalog.clearCache()
    }
  }

  test("BlockedSums adds many partitions in groups and still equals the loops") {
    val table = randomTable(6L, 3000, 5, 1, 1)
    val sums = rowSums(table, partitions = BlockedSums.DIRECT_PARTITIONS * 2 + 3)
    try assertMatches(new BlockedSums().total(sums), table, "grouped BlockedSums")
    finally spark.catalog.clearCache()
  }

  test("the wide SqlSums query is one query whose aggregates Spark compiles (whole-stage code generation)") {
    val table = randomTable(5L, 200, 150, 2, 2)
    val sums = rowSums(table, partitions = 2)
    val queries = new SqlSums().queries(sums).asScala
    assert(queries.size == 1)
    val query = queries.head
    try {
      assert(query.schema.size <= SqlSums.maxFields(sums.rows()), query.schema.size)
      query.collect()
      val plan = query.queryExecution.executedPlan
      val aggregates = Plans.collect(plan) { case aggregate: HashAggregateExec => aggregate }
      val compiled = Plans.collect(plan) { case stage: WholeStageCodegenExec =>
        stage.child.collect { case aggregate: HashAggregateExec => aggregate } }.flatten
      assert(aggregates.nonEmpty && compiled.size == aggregates.size, plan.toString)
    } finally spark.catalog.clearCache()
  }
}
