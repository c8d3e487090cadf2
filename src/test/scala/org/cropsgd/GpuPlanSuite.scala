package org.cropsgd

import java.nio.file.Path

import scala.sys.process._

import org.cropsgd.testing.{CropSgdFixtures, Launcher, SharedSparkSession}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The GPU plan checks, on a machine without a GPU: `gpu-check` through the real launcher with the RAPIDS
 * Accelerator jar (fetched by the build into target/rapids) in explain-only mode. Runs after packaging.
 */
class GpuPlanSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val launcher = projectHome.resolve("submit/cropsgd").toString

  private def run(args: String*): (Int, String, String) = runWith(sys.env.get("RAPIDS_JAR"), args: _*)

  private def runWith(rapidsJar: Option[String], args: String*): (Int, String, String) = {
    val out = new StringBuilder
    val err = new StringBuilder
    val env = Seq("SPARK_HOME" -> "") ++ rapidsJar.map("RAPIDS_JAR" -> _)
    val code = Process(launcher +: args, projectHome.toFile, env: _*)
      .!(ProcessLogger(line => out.append(line).append('\n'), line => err.append(line).append('\n')))
    (code, out.toString, err.toString)
  }

  private lazy val regionalParquet: String = {
    val path = newTempDir().resolve("regional.parquet").toString
    spark.read.option("header", "true").option("inferSchema", "true").csv(sample("regional-crops.csv"))
      .repartition(3).write.parquet(path)
    path
  }

  private lazy val weightedRegional: String = {
    val path = newTempDir().resolve("weighted-regional.parquet").toString
    spark.read.option("header", "true").option("inferSchema", "true").csv(sample("regional-crops.csv"))
      .selectExpr("*", "cast(year div 10 AS int) AS era", "1.0 + year % 3 AS area").repartition(3).write.parquet(path)
    path
  }

  private lazy val wideParquet: String = {
    val path = newTempDir().resolve("wide.parquet").toString
    spark.range(0, 500, 1, 2).selectExpr((0 until 20).map(j => s"randn(${j + 1}) AS f$j"): _*)
      .selectExpr("*", (0 until 20).map(j => s"$j * f$j").mkString(" + ") + " AS apples", "f0 - f1 AS oranges")
      .write.parquet(path)
    path
  }

  private val cases = Seq(
    ("sufficient-stats, CSV, standardized", () => sample("regional-crops.csv"),
      Seq("--strategy", "sufficient-stats", "--standardize", "true")),
    ("per-epoch, Parquet, not standardized, validation split", () => regionalParquet,
      Seq("--strategy", "per-epoch", "--standardize", "false", "--validation-fraction", "0.2")),
    ("sufficient-stats, Parquet, standardized, validation split", () => regionalParquet,
      Seq("--strategy", "sufficient-stats", "--validation-fraction", "0.25")),
    ("per-epoch, CSV, standardized, mini-batches", () => sample("crops.csv"),
      Seq("--strategy", "per-epoch", "--batch-fraction", "0.5", "--no-intercept")),
    // 20 features and 2 labels: 231 products, past Spark's code generation limit, so SqlSums stacks tiles.
    ("sufficient-stats, Parquet, 20 features (tiled moments)", () => wideParquet,
      Seq("--strategy", "sufficient-stats")),
    ("one model per region and era (--group-by), weighted, Parquet", () => weightedRegional,
      Seq("--group-by", "region,era", "--weight-col", "area")),
    ("one model per region, per-epoch (every group's gradient in one pass), weighted, Parquet", () => weightedRegional,
      Seq("--group-by", "region", "--weight-col", "area", "--strategy", "per-epoch")))

  for ((name, input, options) <- cases) {
    test(s"gpu-check: every operator of the training plans can run on the GPU ($name)", Launcher) {
      val (code, out, err) = run(Seq("--gpu-explain-only", "gpu-check", "--input", input(),
        "--labels", "apples,oranges") ++ options: _*)
      assert(code == 0, s"$out\n$err")
      assert(out.contains("All operators of the"), out)
      val grouped = options.contains("--group-by")
      val plans = if (grouped) {
        Seq("loading pass, grouped (checks, column profiles, every group's moments)", "final metrics of every group",
          "prediction (predict), grouped")
      } else Seq("loading pass (checks, column profiles, moments)", "final metrics", "prediction (predict)")
      val perEpochGroups = if (grouped && options.contains("per-epoch")) {
        Seq("gradient pass (per-epoch), every group's")
      } else Nil
      for (plan <- plans ++ perEpochGroups) {
        assert(out.contains(s"== $plan =="), out)
      }
      // Grouped: every group's coefficients broadcast and joined to the rows on their key.
      if (grouped) assert(out.contains("GPU     Exec BroadcastHashJoinExec") ||
        out.linesIterator.exists(l => l.trim.startsWith("GPU") && l.contains("BroadcastHashJoinExec")), out)
      // Held-out rows: the loading pass's moments do not cover the training rows, which get a pass of their own.
      if (options.contains("--validation-fraction")) {
        assert(out.contains("== validation"), out)
        assert(out.contains("== centred moments =="), out)
      }
      if (options.contains("--batch-fraction")) assert(out.contains("== mini-batch gradient pass =="), out)
      assert(out.contains("GPU     Exec HashAggregateExec"), out)
      if (name.contains("tiled")) {
        assert(out.linesIterator.exists(l => l.trim.startsWith("GPU") && l.contains("Exec GenerateExec")), out)
      }
      assert(!out.linesIterator.exists(_.trim.startsWith("CPU")), out)
    }
  }

  test("gpu-check catches a fallback: an operator that cannot run on the GPU fails it and is named", Launcher) {
    val (code, out, err) = run("--gpu-explain-only", "--conf", "spark.rapids.sql.exec.ProjectExec=false",
      "gpu-check", "--input", sample("crops.csv"), "--labels", "apples,oranges")
    assert(code == 5, s"$out\n$err")
    assert(out.linesIterator.exists(l => l.trim.startsWith("CPU") && l.contains("Exec ProjectExec")), out)
    assert(err.contains("would run on the CPU: Exec ProjectExec"), err)
  }

  test("gpu-check without the RAPIDS jar is a usage error", Launcher) {
    val (code, _, err) = run("gpu-check", "--input", sample("crops.csv"), "--labels", "apples")
    assert(code == 2, err)
    assert(err.contains("RAPIDS Accelerator jar"), err)
  }

  test("--gpu with a RAPIDS_JAR that does not exist is a clear usage error", Launcher) {
    val missing = newTempDir().resolve("rapids.jar").toString
    val (code, _, err) = runWith(Some(missing), "--gpu", "train", "--input", sample("crops.csv"), "--labels", "apples",
      "--output", newTempDir().resolve("model").toString)
    assert(code == 2, err)
    assert(err.contains(s"RAPIDS_JAR=$missing does not exist"), err)
  }

  test("train with the plugin in explain-only mode gives the same model as without it", Launcher) {
    def train(gpu: Seq[String]): Path = {
      val output = newTempDir().resolve("model")
      val (code, out, err) = run(gpu ++ Seq("train", "--input", sample("regional-crops.csv"), "--labels",
        "apples,oranges", "--output", output.toString, "--epochs", "50", "--strategy", "per-epoch"): _*)
      assert(code == 0, s"$out\n$err")
      output
    }
    val plain = readModel(train(Seq.empty))
    val explained = readModel(train(Seq("--gpu-explain-only")))
    for (k <- 0 until 2) {
      assertRelativelyClose(explained.weights(k), plain.weights(k), 1e-12, s"W row $k")
      assertRelativelyClose(explained.bias(k), plain.bias(k), 1e-12, s"b $k")
    }
  }

}
