package org.cropsgd

import java.nio.file.Path

import scala.jdk.CollectionConverters._

import com.fasterxml.jackson.databind.JsonNode
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.ml.regression.LinearRegression
import org.apache.spark.sql.DataFrame
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * Coefficient statistics (issue 12): the standard errors, t and p values, R² and adjusted R² of each label's
 * least-squares fit in metrics.json equal MLlib's normal-solver summary on the same data (one MLlib fit per
 * label, the same intercept setting, no regularization) to 1e-8, with and without an intercept, with and
 * without sample weights (MLlib's weightCol); and what is undefined is null and says why.
 */
class CoefficientStatisticsSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Tolerance = 1e-8

  /**
   * 300 rows: y0 on x0 and x1 with noise 3, y1 on x2; x2 (for y0) and x0 (for y1) are noise, p well above 0;
   * w a sample weight in [0.1, 3.1).
   */
  private def table(): String = {
    val input = newTempDir().resolve("stats.parquet").toString
    spark.range(0, 300, 1, 3)
      .selectExpr("randn(1) * 4 + 10 AS x0", "randn(2) * 2 AS x1", "randn(3) + 5 AS x2", "rand(6) * 3 + 0.1 AS w")
      .selectExpr("x0", "x1", "x2", "2 * x0 - x1 + 3 + randn(4) * 3 AS y0", "0.05 * x2 + randn(5) AS y1", "w")
      .write.parquet(input)
    input
  }

  private def train(input: String, extra: String*): JsonNode = {
    val output = newTempDir().resolve("model")
    cropsgdOk(Seq("train", "--input", input, "--labels", "y0,y1", "--features", "x0,x1,x2", "--output",
      output.toString) ++ extra: _*)
    readJson(output.resolve("metrics.json")).get("coefficient_statistics")
  }

  private def mllib(frame: DataFrame, label: String, intercept: Boolean, weighted: Boolean = false) = {
    val assembled = new VectorAssembler().setInputCols(Array("x0", "x1", "x2")).setOutputCol("features")
      .transform(frame)
    val regression = new LinearRegression().setSolver("normal").setFeaturesCol("features").setLabelCol(label)
      .setFitIntercept(intercept).setStandardization(true).setRegParam(0).setElasticNetParam(0)
    (if (weighted) regression.setWeightCol("w") else regression).fit(assembled)
  }

  private def column(label: JsonNode, field: String): Seq[Double] =
    label.get("terms").elements().asScala.map(_.get(field).asDouble()).toSeq

  for (intercept <- Seq(true, false); weighted <- Seq(false, true)) {
    test(s"the statistics equal MLlib's normal-solver summary (intercept: $intercept, weighted: $weighted)") {
      val input = table()
      val statistics = train(input, (if (intercept) Seq.empty[String] else Seq("--no-intercept")) ++
        (if (weighted) Seq("--weight-col", "w") else Seq.empty): _*)
      val frame = spark.read.parquet(input)
      var comparedPValues = Seq.empty[Double]
      for (label <- Seq("y0", "y1")) {
        val model = mllib(frame, label, intercept, weighted)
        val summary = model.summary
        val ours = statistics.get(label)
        val estimates = model.coefficients.toArray.toSeq ++ (if (intercept) Seq(model.intercept) else Seq.empty)
        val names = ours.get("terms").elements().asScala.map(_.get("term").asText()).toSeq
        assert(names == Seq("x0", "x1", "x2") ++ (if (intercept) Seq("(intercept)") else Seq.empty))
        def compare(field: String, theirs: Seq[Double]): Unit =
          column(ours, field).zip(theirs).zipWithIndex.foreach { case ((a, b), i) =>
            assertRelativelyClose(a, b, Tolerance, s"$label $field [$i]")
          }
        compare("estimate", estimates)
        compare("standard_error", summary.coefficientStandardErrors.toSeq)
        compare("t_value", summary.tValues.toSeq)
        // MLlib's p = 2·(1 − F(|t|)) keeps its digits only where p is not small: compare those.
        column(ours, "p_value").zip(summary.pValues.toSeq).foreach { case (a, b) =>
          if (b > 1e-4) assertRelativelyClose(a, b, Tolerance, s"$label p value") else assert(a <= 1.1e-4)
        }
        comparedPValues ++= summary.pValues.filter(_ > 1e-4)
        // Weighted with an intercept, MLlib's RegressionMetrics takes SST as its unbiased weighted variance
        // times (W − 1), which is the weighted Σw(y − ȳ)² times f = (W − 1)/(W − Σw²/W); cropsgd reports R²
        // from Σw(y − ȳ)² itself (as R's lm and scikit-learn's r2_score with weights do, and as the table with
        // each row repeated w times gives), so MLlib's 1 − R² is converted by f.
        val f = if (weighted && intercept) {
          val sums = frame.selectExpr("sum(w)", "sum(w * w)").head()
          val (w, w2) = (sums.getDouble(0), sums.getDouble(1))
          (w - 1) / (w - w2 / w)
        } else 1.0
        assert(!weighted || !intercept || math.abs(f - 1) > 1e-4, "the weights are too even to tell R²s apart")
        assertRelativelyClose(ours.get("r2").asDouble(), 1 - (1 - summary.r2) * f, Tolerance, s"$label R²")
        assertRelativelyClose(ours.get("r2_adjusted").asDouble(), 1 - (1 - summary.r2adj) * f, Tolerance,
          s"$label adjusted R²")
        assert(ours.get("degrees_of_freedom").asLong() == summary.degreesOfFreedom)
        assert(ours.get("undefined").isNull)
      }
      assert(comparedPValues.exists(_ > 0.01), "the table has no insignificant coefficient to compare p values on")
    }
  }

  test("the per-epoch strategy reports the same statistics, from the moments of its loading pass") {
    val input = table()
    val sufficient = train(input, "--strategy", "sufficient-stats", "--epochs", "3")
    val perEpoch = train(input, "--strategy", "per-epoch", "--epochs", "3")
    for (label <- Seq("y0", "y1"); field <- Seq("estimate", "standard_error", "t_value", "p_value")) {
      column(perEpoch.get(label), field).zip(column(sufficient.get(label), field)).foreach { case (a, b) =>
        assertRelativelyClose(a, b, 1e-12, s"$label $field")
      }
    }
  }

  test("a constant feature beside the intercept: its statistics are null, the others are MLlib's without it") {
    val input = table()
    val withConstant = newTempDir().resolve("constant.parquet").toString
    spark.read.parquet(input).selectExpr("x0", "x1", "x2", "7.5 AS k", "y0", "y1").write.parquet(withConstant)
    val output = newTempDir().resolve("model")
    cropsgdOk("train", "--input", withConstant, "--labels", "y0,y1", "--features", "x0,k,x1,x2", "--output",
      output.toString)
    val ours = readJson(output.resolve("metrics.json")).get("coefficient_statistics").get("y0")
    val summary = mllib(spark.read.parquet(input), "y0", intercept = true).summary
    assert(ours.get("undefined").asText().contains("[k]"), ours.toString)
    val terms = ours.get("terms").elements().asScala.toSeq
    assert(terms(1).get("term").asText() == "k" && terms(1).get("standard_error").isNull)
    val defined = terms.patch(1, Nil, 1)
    defined.map(_.get("standard_error").asDouble()).zip(summary.coefficientStandardErrors).foreach {
      case (a, b) => assertRelativelyClose(a, b, Tolerance, "standard error")
    }
    assert(ours.get("degrees_of_freedom").asLong() == summary.degreesOfFreedom)
    assertRelativelyClose(ours.get("r2_adjusted").asDouble(), summary.r2adj, Tolerance, "adjusted R²")
  }

  test("collinear features: no standard errors, and the reason is given") {
    val input = newTempDir().resolve("collinear.csv")
    java.nio.file.Files.writeString(input, "x0,x1,x2,y0,y1\n" +
      (0 until 20).map(i => s"$i,${i % 3},${i + i % 3},${2 * i + 1 + i % 2},${i % 5}").mkString("\n") + "\n")
    val statistics = train(input.toString, "--strategy", "sufficient-stats")
    val y0 = statistics.get("y0")
    assert(y0.get("undefined").asText().contains("collinear"), y0.toString)
    assert(y0.get("terms").elements().asScala.forall(_.get("standard_error").isNull), y0.toString)
    assert(y0.get("r2").asDouble() > 0.9)
  }

  test("as many parameters as rows: no degrees of freedom, and the reason is given") {
    val input = newTempDir().resolve("square.csv")
    java.nio.file.Files.writeString(input, "x0,x1,x2,y0,y1\n1,2,3,4,5\n2,1,0,3,1\n0,5,1,2,2\n3,3,8,1,0\n")
    val statistics = train(input.toString)
    val y0 = statistics.get("y0")
    assert(y0.get("degrees_of_freedom").asLong() == 0)
    assert(y0.get("undefined").asText().contains("no degrees of freedom"), y0.toString)
    assert(y0.get("residual_standard_error").isNull && y0.get("r2_adjusted").isNull)
    assert(y0.get("terms").elements().asScala.forall(_.get("t_value").isNull), y0.toString)
  }
}
