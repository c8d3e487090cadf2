package org.cropsgd.report

import java.awt.Color
import java.awt.image.BufferedImage
import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import javax.imageio.ImageIO
import org.cropsgd.testing.{CropSgdFixtures, SharedSparkSession}
import org.jfree.chart.JFreeChart
import org.jfree.data.xy.XYSeriesCollection
import org.scalatest.funsuite.AnyFunSuite

/**
 * The pictures and the report beside every model (issue 14): trained on regional-crops.csv, every PNG is read
 * back and its curve, points and diagonal are where the data (history.csv, model.json and the table) puts
 * them (grouped too: every row predicted by its group's model); report.html's numbers are metrics.json's and
 * model.json's; `--plots false` writes neither; a picture
 * that cannot be drawn is a warning and the others are still drawn.
 */
class ReportSuite extends AnyFunSuite with SharedSparkSession with CropSgdFixtures {
  private val Labels = Seq("apples", "oranges")
  private val Features = Seq("year", "temp", "rainfall", "humidity")

  private def train(args: String*): Path = {
    val output = newTempDir().resolve("model")
    cropsgdOk(Seq("train", "--input", sample("regional-crops.csv"), "--labels", Labels.mkString(","), "--output",
      output.toString) ++ args: _*)
    output
  }

  private def image(file: Path): BufferedImage = {
    assert(Files.isRegularFile(file), s"$file is missing")
    val read = ImageIO.read(file.toFile)
    assert(read.getWidth == Charts.WIDTH && read.getHeight == Charts.HEIGHT, s"$file size")
    read
  }

  /** Whether a pixel within one of (x, y) has exactly `colour`. */
  private def near(picture: BufferedImage, at: Array[Int], colour: Color): Boolean =
    (for (dx <- -1 to 1; dy <- -1 to 1) yield picture.getRGB(at(0) + dx, at(1) + dy) & 0xffffff)
      .contains(colour.getRGB & 0xffffff)

  /** Where `chart` draws data point (x, y) in a picture of the standard size. */
  private def pixelOf(chart: JFreeChart, x: Double, y: Double): Array[Int] =
    Charts.pixel(chart, Charts.render(chart).dataArea, x, y)

  private def count(picture: BufferedImage, colour: Color): Int =
    (for (x <- 0 until picture.getWidth; y <- 0 until picture.getHeight
         if (picture.getRGB(x, y) & 0xffffff) == (colour.getRGB & 0xffffff)) yield 1).size

  /** The table's rows, and each label's prediction by model.json's coefficients. */
  private def actualAndPredicted(output: Path): (Array[Array[Double]], Array[Array[Double]]) = {
    val model = readModel(output)
    val lines = Files.readAllLines(Path.of(sample("regional-crops.csv"))).asScala.toSeq
    val header = lines.head.split(",").toSeq
    val rows = lines.tail.map(line => header.zip(line.split(",")).toMap)
    val actual = Labels.map(label => rows.map(_(label).toDouble).toArray).toArray
    val predicted = Labels.indices.map { k =>
      rows.map(row => model.bias(k) + model.features.zipWithIndex.map { case (f, j) =>
        model.weights(k)(j) * row(f).toDouble }.sum).toArray
    }.toArray
    (actual, predicted)
  }

  test("every picture is where the data says: the loss curve's ends, the diagonal's ends, points, residual bars") {
    val output = train("--epochs", "60")
    val plots = output.resolve("plots")
    assert(Files.list(plots).iterator().asScala.map(_.getFileName.toString).filterNot(_.endsWith(".crc")).toSet ==
      Set("loss.png", "fit-apples.png", "fit-oranges.png", "residuals-apples.png", "residuals-oranges.png"))

    // The loss line: its first and last points, from history.csv, in the series' colour.
    val losses = readHistory(output).toArray
    val lossChart = LossChart.of(losses, null, null, -1)
    val loss = image(plots.resolve("loss.png"))
    assert(near(loss, pixelOf(lossChart, 0, losses.head), Charts.FIRST), "the loss line's first point")
    assert(near(loss, pixelOf(lossChart, losses.length - 1, losses.last), Charts.FIRST), "its last point")
    assert(LossChart.spansDecades(lossChart.getXYPlot.getDataset.asInstanceOf[XYSeriesCollection]),
      "7,000 down to 5: a log scale")

    val (actual, predicted) = actualAndPredicted(output)
    for ((label, k) <- Labels.zipWithIndex) {
      // All 4,000 rows are the sample (fewer than 20,000): the diagonal runs from the smallest to the largest
      // label or prediction, and a row far off it is a point in the first colour.
      val fit = image(plots.resolve(s"fit-$label.png"))
      val metrics = readJson(output.resolve("metrics.json")).get("per_label").get(label)
      val chart = FitChart.of(label, actual(k), predicted(k), metrics.get("r2").asDouble, metrics.get("rmse").asDouble)
      val Array(low, high) = FitChart.diagonal(actual(k), predicted(k))
      assert(near(fit, pixelOf(chart, low, low), Charts.DIAGONAL), s"$label diagonal's low end")
      assert(near(fit, pixelOf(chart, high, high), Charts.DIAGONAL), s"$label diagonal's high end")
      val farthest = actual(k).indices.maxBy(i => math.abs(predicted(k)(i) - actual(k)(i)))
      assert(near(fit, pixelOf(chart, actual(k)(farthest), predicted(k)(farthest)), Charts.FIRST),
        s"$label: the row farthest from the diagonal")
      assert(count(fit, Charts.FIRST) > 2000, s"$label: thousands of points drawn")

      // The residuals: the tallest bar reaches its count and no higher.
      val residuals = actual(k).indices.map(i => predicted(k)(i) - actual(k)(i)).toArray
      val histogram = HistogramChart.of("Residuals: " + label, label + ": predicted − actual", "rows", residuals,
        s"${residuals.length} rows shown")
      val data = histogram.getXYPlot.getDataset
      val tallest = (0 until data.getItemCount(0)).maxBy(i => data.getYValue(0, i))
      val (x, top) = (data.getXValue(0, tallest), data.getYValue(0, tallest))
      val bars = image(plots.resolve(s"residuals-$label.png"))
      val Array(px, py) = pixelOf(histogram, x, top)
      assert((bars.getRGB(px + 2, py + 3) & 0xffffff) == (Charts.FIRST.getRGB & 0xffffff), s"$label tallest bar")
      assert((bars.getRGB(px + 2, py - 4) & 0xffffff) != (Charts.FIRST.getRGB & 0xffffff), s"$label bar's top")
    }
  }

  test("validation, the ridge penalty and an early stop are drawn too") {
    val output = train("--epochs", "300", "--validation-fraction", "0.2", "--l2", "0.01", "--tol", "1e-6",
      "--patience", "2")
    val metrics = readJson(output.resolve("metrics.json"))
    assert(metrics.get("stop_reason").asText == "tolerance")
    val loss = image(output.resolve("plots").resolve("loss.png"))
    assert(count(loss, Charts.SECOND) > 50 && count(loss, Charts.THIRD) > 50, "validation loss and penalty lines")
    assert(count(loss, Charts.DIAGONAL) > 20, "the early stop's marker")
  }

  test("report.html: the numbers of metrics.json and model.json, the pictures linked, nothing from the network") {
    val output = train("--epochs", "60")
    val html = Files.readString(output.resolve("report.html"))
    def cell(id: String): String = {
      val at = html.indexOf(s"""id="$id">""")
      assert(at >= 0, s"no cell $id")
      html.substring(at + id.length + 6, html.indexOf("<", at))
    }
    val metrics = readJson(output.resolve("metrics.json"))
    for (label <- Labels; metric <- Seq("mse", "rmse", "mae", "r2")) {
      assertRelativelyClose(cell(s"metric-$label-$metric").toDouble,
        metrics.get("per_label").get(label).get(metric).asDouble, 1e-9, s"$label $metric")
    }
    assertRelativelyClose(cell("learning-rate").toDouble, metrics.get("learning_rate").asDouble, 1e-9, "lr")
    assertRelativelyClose(cell("loss").toDouble, metrics.get("loss").asDouble, 1e-9, "loss")
    assert(cell("rows").toLong == metrics.get("rows").asLong && cell("strategy") == metrics.get("strategy").asText)
    val model = readModel(output)
    for ((label, k) <- Labels.zipWithIndex) {
      for ((feature, j) <- model.features.zipWithIndex) {
        assertRelativelyClose(cell(s"weight-$label-$feature").toDouble, model.weights(k)(j), 1e-9, s"$label $feature")
      }
      assertRelativelyClose(cell(s"intercept-$label").toDouble, model.bias(k), 1e-9, s"$label intercept")
    }
    // Beside the model's coefficients, the least-squares fit's (60 epochs stop short of it), with its statistics.
    val statistics = metrics.get("coefficient_statistics")
    for (label <- Labels; term <- statistics.get(label).get("terms").elements().asScala) {
      val name = term.get("term").asText
      assertRelativelyClose(cell(s"estimate-$label-$name").toDouble, term.get("estimate").asDouble, 1e-9,
        s"$label $name least-squares estimate")
    }
    for (picture <- Seq("loss", "fit-apples", "residuals-oranges")) {
      assert(html.contains(s"""<img src="plots/$picture.png""""), picture)
    }
    assert(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
      "a static page: nothing to fetch, nothing to run")
    assert(html.contains("std. error"))
  }

  test("grouped: each group's loss curve, each label's group RMSE and R² spread drawn; the report's spread is metrics.json's") {
    val output = train("--group-by", "region", "--epochs", "60")
    for (label <- Labels; metric <- Seq("rmse", "r2")) {
      val picture = image(output.resolve("plots").resolve(s"group-$metric-$label.png"))
      assert(count(picture, Charts.FIRST) > 500, s"$metric $label bars")
    }
    // loss.png: each group's loss ÷ its first (history.csv's), the least converged group's curve in the first
    // colour, ending where its last relative loss is.
    val history = spark.read.option("header", "true").option("escape", "\"").option("inferSchema", "true")
      .csv(output.resolve("history.csv").toString).collect()
    val lossByGroup = new java.util.TreeMap[String, Array[Double]]()
    history.groupBy(_.getString(0)).foreach { case (group, rows) =>
      lossByGroup.put(group, rows.sortBy(_.getInt(1)).map(_.getDouble(2)))
    }
    assert(lossByGroup.size == 8, lossByGroup.keySet)
    val lossChart = GroupLossChart.of(lossByGroup)
    val worst = GroupLossChart.drawn(lossByGroup).get(0)
    val relative = GroupLossChart.relative(lossByGroup.get(worst))
    val loss = image(output.resolve("plots").resolve("loss.png"))
    assert(near(loss, pixelOf(lossChart, relative.length - 1, relative.last), Charts.FIRST), s"$worst's last epoch")
    assert(count(loss, Charts.FIRST) > 50, "its curve")
    val html = Files.readString(output.resolve("report.html"))
    val metrics = readJson(output.resolve("metrics.json"))
    for (label <- Labels; (metric, key) <- Seq(("rmse", "group_rmse"), ("r2", "group_r2")); end <- Seq("min", "median", "max")) {
      val id = s"spread-$label-$metric-$end"
      val at = html.indexOf(s"""id="$id">""")
      assert(at >= 0, id)
      assertRelativelyClose(html.substring(at + id.length + 6, html.indexOf("<", at)).toDouble,
        metrics.get(key).get(label).get(end).asDouble, 1e-9, id)
    }
    assert(html.contains("""<img src="plots/group-rmse-apples.png""""))
  }

  test("evaluate --output draws predicted against actual and the residuals of the evaluated rows") {
    val model = train("--epochs", "60")
    val evaluation = newTempDir().resolve("evaluation")
    cropsgdOk("evaluate", "--model", model.toString, "--input", sample("regional-crops.csv"), "--output",
      evaluation.toString)
    val (actual, predicted) = actualAndPredicted(model)
    val metrics = readJson(evaluation.resolve("metrics.json")).get("per_label").get("apples")
    val chart = FitChart.of("apples", actual(0), predicted(0), metrics.get("r2").asDouble, metrics.get("rmse").asDouble)
    val fit = image(evaluation.resolve("plots").resolve("fit-apples.png"))
    val Array(low, high) = FitChart.diagonal(actual(0), predicted(0))
    assert(near(fit, pixelOf(chart, low, low), Charts.DIAGONAL) && near(fit, pixelOf(chart, high, high), Charts.DIAGONAL))
    assert(Files.isRegularFile(evaluation.resolve("plots").resolve("residuals-oranges.png")))
  }

  test("grouped train and evaluate --output draw every row, each predicted by its group's model") {
    val model = train("--group-by", "region", "--epochs", "60")
    for (label <- Labels; kind <- Seq("fit", "residuals")) {
      image(model.resolve("plots").resolve(s"$kind-$label.png"))
    }
    assert(Files.readString(model.resolve("report.html")).contains("""<img src="plots/fit-apples.png""""))

    val evaluation = newTempDir().resolve("evaluation")
    cropsgdOk("evaluate", "--model", model.toString, "--input", sample("regional-crops.csv"), "--output",
      evaluation.toString)
    // Each row's prediction by its group's model, as predict writes it: the picture's diagonal spans them all.
    val predictions = newTempDir().resolve("predictions")
    cropsgdOk("predict", "--model", model.toString, "--input", sample("regional-crops.csv"), "--output",
      predictions.toString, "--keep", "apples")
    val rows = spark.read.parquet(predictions.toString)
      .selectExpr("cast(apples as double)", "apples_predicted").collect()
    val actual = rows.map(_.getDouble(0))
    val predicted = rows.map(_.getDouble(1))
    assert(actual.length == 4000)
    val metrics = readJson(evaluation.resolve("metrics.json")).get("per_label").get("apples")
    val chart = FitChart.of("apples", actual, predicted, metrics.get("r2").asDouble, metrics.get("rmse").asDouble)
    val fit = image(evaluation.resolve("plots").resolve("fit-apples.png"))
    val Array(low, high) = FitChart.diagonal(actual, predicted)
    assert(near(fit, pixelOf(chart, low, low), Charts.DIAGONAL) && near(fit, pixelOf(chart, high, high), Charts.DIAGONAL))
    assert(count(fit, Charts.FIRST) > 500, "the rows' points")
    image(evaluation.resolve("plots").resolve("residuals-oranges.png"))
  }

  test("--plots false writes neither pictures nor report; a picture that cannot be drawn is a warning") {
    val output = train("--epochs", "5", "--plots", "false")
    assert(!Files.exists(output.resolve("plots")) && !Files.exists(output.resolve("report.html")))
    assert(Files.isRegularFile(output.resolve("model.json")))
    val evaluation = newTempDir().resolve("evaluation")
    cropsgdOk("evaluate", "--model", output.toString, "--input", sample("regional-crops.csv"), "--output",
      evaluation.toString, "--plots", "false")
    assert(!Files.exists(evaluation.resolve("plots")) && Files.isRegularFile(evaluation.resolve("metrics.json")))

    val written = scala.collection.mutable.LinkedHashMap[String, Array[Byte]]()
    val warnings = scala.collection.mutable.Buffer[String]()
    val drawn = new RunPictures(java.util.List.of())
      .add("broken.png", () => throw new IllegalStateException("no fonts"))
      .loss(Array(3.0, 2.0, 1.0), null, null, -1)
      .draw((path, png) => written(path) = png, warning => warnings += warning)
    assert(drawn.asScala == Seq("loss.png") && written.keys.toSeq == Seq("plots/loss.png"))
    assert(warnings.size == 1 && warnings.head.contains("plots/broken.png") && warnings.head.contains("no fonts"),
      warnings)
  }
}
