package org.cropsgd

import java.io.{ByteArrayOutputStream, PrintStream}
import java.nio.file.{Files, Path}
import java.util.{Optional, OptionalDouble}
import java.util.function.Supplier

import scala.collection.mutable.ArrayBuffer
import scala.jdk.CollectionConverters._

import org.apache.spark.sql.{DataFrame, Encoders}
import org.cropsgd.config.{FitSettings, GradientStrategy, InitMode, InvalidRowPolicy, OptimizerKind, OptimizerSettings,
  WarmStart}
import org.cropsgd.errors.{CropSgdException, ExitCode}
import org.cropsgd.model.RegressionModel
import org.cropsgd.optim.LearningRate
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.cropsgd.train.{FitListener, FitResult, Fitter, TrainingState}
import org.scalatest.funsuite.AnyFunSuite

/**
 * The core API, `train.Fitter.fit(Dataset<Row>, FitSettings, FitListener)`, on a DataFrame built in memory
 * (no file): it fits bit for bit the model `train` writes for the same rows and options, reports through the
 * listener and prints nothing, and resumes from a state its listener hands back.
 */
class CoreFitSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {

  /** The tutorial's table parsed from memory, in one partition like the one small file `train` reads. */
  private def cropsFrame(): DataFrame = {
    val lines = spark.createDataset(Crops.linesIterator.toSeq)(Encoders.STRING).coalesce(1)
    spark.read.option("header", "true").option("inferSchema", "true").csv(lines)
  }

  private final class Recording extends FitListener {
    val info = ArrayBuffer[String]()
    val warnings = ArrayBuffer[String]()
    val epochs = ArrayBuffer[Int]()
    var stoppedAt: Option[Int] = None
    val saved = ArrayBuffer[TrainingState]()
    var resumeFrom: Option[TrainingState] = None

    override def info(line: String): Unit = info += line
    override def warning(message: String): Unit = warnings += message
    override def epochDone(epoch: Int, loss: Double, validationLoss: Double): Unit = epochs += epoch
    override def stoppedEarly(epoch: Int): Unit = stoppedAt = Some(epoch)
    override def stateToResume(): Optional[TrainingState] = Optional.ofNullable(resumeFrom.orNull)
    override def epochStarting(epoch: Int, state: Supplier[TrainingState]): Unit =
      if (epoch % 10 == 0) saved += state.get()
  }

  private def settings(epochs: Int, optimizer: OptimizerSettings = OptimizerSettings.sgd(OptionalDouble.empty()),
      strategy: GradientStrategy = GradientStrategy.AUTO, validationFraction: Double = 0, tol: Double = 0,
      init: InitMode = InitMode.NORMAL): FitSettings =
    new FitSettings(java.util.List.of[String](), java.util.List.of("apples", "oranges"), Optional.empty(), null, epochs, optimizer, init, 42L, true, true,
      InvalidRowPolicy.ERROR, strategy, 0.0, tol, 3, validationFraction, 1.0, Optional.empty())

  /** Runs `body` and returns what it printed on System.out. */
  private def stdoutOf(body: => Unit): String = {
    val captured = new ByteArrayOutputStream()
    val original = System.out
    System.setOut(new PrintStream(captured, true))
    try body finally System.setOut(original)
    captured.toString
  }

  private def bits(values: Array[Double]): Seq[Long] = values.toSeq.map(java.lang.Double.doubleToLongBits)

  /** history.csv as columns by header name. */
  private def historyColumns(output: Path): Map[String, Seq[Double]] = {
    val lines = Files.readAllLines(output.resolve("history.csv")).asScala.toSeq
    val header = lines.head.split(",").toSeq
    val rows = lines.tail.map(_.split(",").map(_.toDouble))
    header.zipWithIndex.map { case (name, i) => name -> rows.map(_(i)) }.toMap
  }

  private def assertSameAsTrain(result: FitResult, fit: FitSettings, args: String*): Unit = {
    val output = newTempDir().resolve("model")
    val input = writeFile(newTempDir(), "crops.csv", Crops)
    cropsgdOk(Seq("train", "--input", input.toString, "--labels", "apples,oranges", "--output", output.toString,
      "--epochs", fit.epochs.toString) ++ args: _*)
    val saved = readModel(output)
    val model = result.model
    assert(model.features.asScala == saved.features)
    assert(model.labels.asScala == saved.labels)
    for (k <- saved.weights.indices) {
      assert(bits(model.coefficients.weights()(k)) == bits(saved.weights(k)), s"weights of label $k")
    }
    assert(bits(model.coefficients.bias()) == bits(saved.bias), "intercepts")

    val metrics = readJson(output.resolve("metrics.json"))
    val m = result.metrics
    assert(m.loss == metrics.get("loss").asDouble)
    assert(m.epochs == metrics.get("epochs").asInt)
    assert(m.stopReason.jsonName == metrics.get("stop_reason").asText)
    assert(m.rows == metrics.get("rows").asLong)
    assert(m.validationRows == metrics.get("validation_rows").asLong)
    assert(m.strategy.cliName == metrics.get("strategy").asText)
    assert(m.dataPasses == metrics.get("data_passes").asLong)
    assert(m.learningRate.value == metrics.get("learning_rate").asDouble)
    for ((label, labelMetrics) <- m.perLabel.asScala) {
      assert(labelMetrics.rmse == metrics.get("per_label").get(label).get("rmse").asDouble, label)
    }
    val history = historyColumns(output)
    assert(bits(result.history.loss) == bits(history("loss").toArray))
    if (result.history.validation != null) {
      assert(bits(result.history.validation) == bits(history("validation_loss").toArray))
    }
  }

  test("a DataFrame built in memory fits bit for bit the model train writes; the listener hears it all") {
    val fit = settings(epochs = 40)
    val listener = new Recording
    var result: FitResult = null
    val printed = stdoutOf { result = Fitter.fit(cropsFrame(), fit, listener) }
    assert(printed.isEmpty, printed)

    assert(listener.info.exists(_.startsWith("Default features [temp, rainfall, humidity]; left out: region")),
      listener.info)
    assert(listener.info.contains("Training on 5 rows: features [temp, rainfall, humidity], labels [apples, oranges]"),
      listener.info)
    val rate = result.metrics.learningRate
    assert(rate.origin == LearningRate.Origin.INVERSE_HESSIAN_EIGENVALUE)
    assert(listener.info.contains(s"40 epochs, strategy sufficient-stats, optimizer sgd, learning rate " +
      s"${rate.value} (auto: 1/λ of the loss Hessian)"), listener.info)
    assert(listener.epochs == (1 to 40), "every epoch is reported; printing decides how often")
    assert(listener.saved.map(_.epoch) == Seq(10, 20, 30), "the states a checkpointing caller is offered")
    assert(result.history.size == 41)
    assert(result.metrics.perLabel.keySet.asScala == Set("apples", "oranges"))
    assert(result.metrics.warnings.isEmpty && listener.warnings.isEmpty)

    assertSameAsTrain(result, fit)
  }

  test("per-epoch with a validation split and --tol: still bit for bit train's model; Adam's auto rate") {
    val perEpoch = settings(epochs = 4, strategy = GradientStrategy.PER_EPOCH, validationFraction = 0.4,
      tol = 1e-3)
    val listener = new Recording
    val result = Fitter.fit(cropsFrame(), perEpoch, listener)
    assert(result.metrics.validationRows > 0 && result.history.validation != null)
    assert(listener.info.exists(_.contains("more held out for validation")), listener.info)
    assertSameAsTrain(result, perEpoch, "--strategy", "per-epoch", "--validation-fraction", "0.4", "--tol", "1e-3",
      "--patience", "3")

    val adam = settings(epochs = 3, optimizer = new OptimizerSettings(OptimizerKind.ADAM, OptionalDouble.empty(),
      0, false, 0, OptimizerSettings.DEFAULT_BETA1, OptimizerSettings.DEFAULT_BETA2, OptimizerSettings.DEFAULT_EPS))
    val adamResult = Fitter.fit(cropsFrame(), adam, FitListener.SILENT)
    assert(adamResult.metrics.learningRate == new LearningRate(OptimizerSettings.ADAM_DEFAULT_LEARNING_RATE,
      LearningRate.Origin.ADAM_DEFAULT))
  }

  test("a fit resumed from a state its listener saved ends bit for bit where the uninterrupted fit does") {
    val fit = settings(epochs = 25)
    val first = new Recording
    val uninterrupted = Fitter.fit(cropsFrame(), fit, first)
    val resuming = new Recording
    resuming.resumeFrom = Some(first.saved.head)
    val resumed = Fitter.fit(cropsFrame(), fit, resuming)
    assert(resuming.epochs == (10 to 25), "the saved state is the one before epoch 10's loss")
    assert(bits(resumed.model.coefficients.bias()) == bits(uninterrupted.model.coefficients.bias()))
    assert(bits(resumed.history.loss) == bits(uninterrupted.history.loss))
  }

  test("bad input on a DataFrame: the command line's errors, naming the DataFrame and the columns") {
    val missing = intercept[CropSgdException] {
      Fitter.fit(cropsFrame().drop("oranges"), settings(epochs = 5), FitListener.SILENT)
    }
    assert(missing.exitCode == ExitCode.BAD_INPUT, missing.getMessage)
    assert(missing.getMessage.contains("oranges"), missing.getMessage)

    val empty = intercept[CropSgdException] {
      Fitter.fit(cropsFrame().limit(0), settings(epochs = 5), FitListener.SILENT)
    }
    assert(empty.getMessage.contains("The input 'DataFrame' has no rows"), empty.getMessage)

    val other = new RegressionModel(java.util.List.of("temp"), java.util.List.of("apples", "oranges"),
      org.cropsgd.model.LinearModel.zeros(2, 1))
    val mismatch = intercept[CropSgdException] {
      Fitter.fit(cropsFrame(), settings(epochs = 5).withWarmStart(new WarmStart("the model of 2025", other)),
        FitListener.SILENT)
    }
    assert(mismatch.exitCode == ExitCode.USAGE, mismatch.getMessage)
    assert(mismatch.getMessage.contains("'the model of 2025' was trained with features [temp]"), mismatch.getMessage)
  }
}
