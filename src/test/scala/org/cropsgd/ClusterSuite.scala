package org.cropsgd

import java.nio.file.{Files, Path}
import java.util.UUID
import java.util.concurrent.atomic.AtomicInteger

import scala.collection.concurrent.TrieMap
import scala.concurrent.{Await, ExecutionContext, Future}
import scala.concurrent.duration._
import scala.jdk.CollectionConverters._

import org.cropsgd.testing.{CropSgdFixtures, Launcher, LauncherRun, SavedModel, ScriptResult, StandaloneCluster}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

/**
 * The job on real multi-JVM Spark clusters, through submit/cropsgd as a user runs it: one training run on
 * local[1], on local-cluster[2,1,1024], and on a standalone cluster (submit/standalone, one for the whole
 * suite) in client and in cluster deploy mode must give the same model; and a run that loses an executor
 * to SIGKILL mid-training must finish through Spark's task retry with the model of the undisturbed run.
 */
class ClusterSuite extends AnyFunSuite with CropSgdFixtures with BeforeAndAfterAll {
  // Per-epoch strategy: every epoch is a Spark job on the executors (sufficient statistics would do the
  // epochs on the driver). 30 epochs: long enough for the executor kill to land mid-training, short
  // enough for the suite's time budget, since each run also pays Spark's and the executors' start-up.
  private val Epochs = 30
  private val Tolerance = 1e-12
  private val KillAfterEpoch = 3

  // Unique to this run of the suite: in the state directory and on the command line of every executor
  // and driver the suite starts, so it finds (and checks it stopped) its own processes and no one else's.
  private val runId = UUID.randomUUID().toString.take(8)
  private val runMarker = s"cropsgd.cluster-suite.run=$runId"
  private val stateDir = projectHome.resolve("target/cluster-suite").resolve(s"run-$runId")
  private val cluster = new StandaloneCluster(projectHome, stateDir, workers = 2)
  private val outputs = newTempDir()
  private val models = TrieMap.empty[String, SavedModel]
  private val runNumber = new AtomicInteger()
  private var shutdownHook: Option[Thread] = None

  override protected def beforeAll(): Unit = {
    super.beforeAll()
    Files.createDirectories(stateDir)
    // Stops the cluster also when the test JVM is ended from outside before afterAll runs.
    val hook = new Thread(() => cluster.down())
    Runtime.getRuntime.addShutdownHook(hook)
    shutdownHook = Some(hook)
    val up = cluster.up()
    assert(up.exitCode == 0, s"submit/standalone up failed:\n${up.describe}")
    info(f"standalone cluster up at ${cluster.masterUrl} in ${up.seconds}%.1f s (state in $stateDir)")
  }

  override protected def afterAll(): Unit = {
    try {
      val down = cluster.down()
      shutdownHook.foreach(Runtime.getRuntime.removeShutdownHook)
      assert(down.exitCode == 0, s"submit/standalone down failed:\n${down.describe}")
      val leftovers = StandaloneCluster.pgrep(s"cropsgd\\.standalone\\.state=$stateDir( |$$)") ++
        StandaloneCluster.pgrep(s"cropsgd\\.cluster-suite\\.run=$runId")
      if (leftovers.nonEmpty) {
        StandaloneCluster.kill9(leftovers)
        fail(s"processes of this suite were still running after submit/standalone down: $leftovers")
      }
    } finally {
      super.afterAll()
    }
  }

  /** submit/cropsgd [sparkOptions] train ... on regional-crops.csv; the output goes to outputs/name. */
  private def train(name: String, sparkOptions: Seq[String], onStdoutLine: String => Unit = _ => (),
      executorMarker: String = runMarker, env: Seq[(String, String)] = cluster.launcherEnv): (ScriptResult, Path) = {
    val output = outputs.resolve(name)
    val args = sparkOptions ++ Seq(
      "--conf", "spark.ui.enabled=false",
      // 4 input partitions in every mode (the split size otherwise depends on the number of cores), so
      // that both executors get tasks, and every run adds the same partial sums in the same order.
      "--conf", "spark.sql.files.maxPartitionBytes=49152",
      "--conf", s"spark.executor.extraJavaOptions=-D$executorMarker",
      "train", "--input", sample("regional-crops.csv"), "--labels", "apples,oranges",
      "--strategy", "per-epoch", "--epochs", Epochs.toString, "--output", output.toString)
    val result = LauncherRun(projectHome, stateDir.resolve("runs"), f"${runNumber.incrementAndGet()}%02d-$name",
      "submit/cropsgd", args, onStdoutLine, env)
    info(f"$name: ${result.seconds}%.1f s")
    (result, output)
  }

  private def trainOk(name: String, sparkOptions: String*): SavedModel = {
    val (result, output) = train(name, sparkOptions)
    assert(result.exitCode == 0, result.describe)
    completeModel(name, output, result)
  }

  /** The model of a finished run, which must have written its whole output and taken every epoch. */
  private def completeModel(name: String, output: Path, result: ScriptResult): SavedModel = {
    assert(Files.exists(output.resolve("_SUCCESS")), s"no complete output in $output\n${result.describe}")
    assert(readJson(output.resolve("metrics.json")).get("epochs").asInt() == Epochs)
    val model = readModel(output)
    models(name) = model
    model
  }

  private def parameters(model: SavedModel): Seq[Double] = model.weights.flatten.toSeq ++ model.bias

  private def assertSameModel(actual: SavedModel, expected: SavedModel, what: String): Unit = {
    assert(actual.features == expected.features && actual.labels == expected.labels, what)
    actual.weights.indices.foreach(k =>
      assertRelativelyClose(actual.weights(k), expected.weights(k), Tolerance, s"$what: weights($k)"))
    assertRelativelyClose(actual.bias, expected.bias, Tolerance, s"$what: bias")
    val bitwise = parameters(actual).map(java.lang.Double.doubleToLongBits) ==
      parameters(expected).map(java.lang.Double.doubleToLongBits)
    val largest = parameters(actual).zip(parameters(expected))
      .map { case (a, e) => math.abs(a - e) / math.abs(e) }.max
    info(f"$what: same model, ${if (bitwise) "bit for bit" else f"largest relative difference $largest%.1e"}")
  }

  test("the same model on local[1], local-cluster[2,1,1024] and standalone in client and cluster mode",
      Launcher) {
    implicit val ec: ExecutionContext = ExecutionContext.global
    // The runs without the standalone cluster go alongside those with it: each run alone leaves much of
    // this 2-core machine idle (the driver plans every epoch while the executors wait, and the other way).
    val withoutStandalone = Future {
      trainOk("local-1", "--master", "local[1]")
      trainOk("local-cluster", "--master", "local-cluster[2,1,1024]")
    }
    trainOk("standalone-client", "--master", cluster.masterUrl)

    // Cluster mode: the driver runs on a worker. With waitAppCompletion, the submitting process waits
    // for the driver to end, but its exit code is 0 for a FAILED driver too: the driver's state at the
    // master, and the output's _SUCCESS, are what say that the job succeeded.
    val driversBefore = cluster.completedDrivers().map(_._1).toSet
    trainOk("standalone-cluster", "--master", cluster.masterUrl, "--deploy-mode", "cluster",
      "--conf", "spark.standalone.submit.waitAppCompletion=true")
    val newDrivers = cluster.completedDrivers().filterNot { case (id, _) => driversBefore(id) }
    assert(newDrivers.map(_._2) == Seq("FINISHED"), s"cluster-mode drivers: $newDrivers")

    Await.result(withoutStandalone, 10.minutes)
    for (name <- Seq("local-cluster", "standalone-client", "standalone-cluster")) {
      assertSameModel(models(name), models("local-1"), s"$name against local[1]")
    }
  }

  test("an executor killed mid-training: Spark retries its tasks and the model is the undisturbed one",
      Launcher) {
    val undisturbed = models.getOrElse("standalone-client", trainOk("standalone-client", "--master", cluster.masterUrl))
    val executorMarker = s"$runMarker-kill"
    // The driver's scheduler at INFO, so that the retried task attempts show on its stderr.
    val driverLogConfig = stateDir.resolve("log4j2-scheduler-info.properties")
    Files.writeString(driverLogConfig, Files.readString(projectHome.resolve("conf/log4j2.properties")) +
      "\nlogger.tasks.name = org.apache.spark.scheduler.TaskSetManager\nlogger.tasks.level = info\n")

    @volatile var killedAtEpoch = -1
    @volatile var executors = Seq.empty[Long]
    val progress = """epoch (\d+)/\d+ .*""".r
    // Once the epoch loop is under way, SIGKILL one of the run's two executors while it has a task: both
    // are stopped (SIGSTOP) long enough for the next epoch's tasks to be handed to them, then one is
    // killed and the other resumed. (On the thread that reads the driver's stdout; no assertions here.)
    def killOneExecutor(line: String): Unit = line match {
      case progress(epoch) if killedAtEpoch < 0 && epoch.toInt >= KillAfterEpoch =>
        killedAtEpoch = epoch.toInt
        executors = StandaloneCluster.pgrep(s"$executorMarker .*CoarseGrainedExecutorBackend")
        StandaloneCluster.signal("STOP", executors)
        Thread.sleep(3000)
        StandaloneCluster.kill9(executors.take(1))
        StandaloneCluster.signal("CONT", executors.drop(1))
      case _ =>
    }
    def retriedTasks(result: ScriptResult): Int =
      """Starting task \d+\.[1-9]\d* in stage""".r.findAllIn(result.err).size
    // The stop can land after the killed executor's last task of a stage had finished, with the rest on the
    // other one: then nothing is lost and nothing retried. That run proves nothing either way, so it is run
    // once more (a second run with the same luck fails the assertions below).
    def killedRun(attempt: Int): (ScriptResult, Path) = {
      killedAtEpoch = -1
      executors = Seq.empty
      train(s"standalone-client-executor-killed-$attempt",
        Seq("--master", cluster.masterUrl, "--driver-java-options", s"-Dlog4j2.configurationFile=$driverLogConfig"),
        killOneExecutor, executorMarker)
    }
    val (result, output) = {
      val first = killedRun(1)
      if (first._1.exitCode == 0 && retriedTasks(first._1) == 0) killedRun(2) else first
    }
    assert(killedAtEpoch > 0, s"the run never reached epoch $KillAfterEpoch\n${result.describe}")
    assert(executors.size == 2, s"expected the run's 2 executors, found $executors")
    assert(killedAtEpoch < Epochs / 2, s"the kill came late, at epoch $killedAtEpoch of $Epochs")
    assert(result.exitCode == 0, result.describe)
    assert(result.err.contains("Lost executor"), s"the driver did not notice the kill\n${result.describe}")
    val retried = retriedTasks(result)
    assert(retried > 0, s"no task was retried\n${result.describe}")
    info(s"executor pid ${executors.head} killed at epoch $killedAtEpoch; $retried task attempt(s) retried")
    assertSameModel(completeModel(output.getFileName.toString, output, result), undisturbed,
      "after the executor loss against the undisturbed standalone client run")
  }

  test("nobody without the cluster's secret gets in: a submission without it is refused", Launcher) {
    val secret = cluster.secretFile
    assert(Files.getPosixFilePermissions(secret).asScala.map(_.toString) == Set("OWNER_READ", "OWNER_WRITE"),
      s"$secret must be readable by its owner only")
    val secretValue = Files.readAllLines(secret).asScala.collectFirst {
      case line if line.startsWith("-Dspark.authenticate.secret=") => line.stripPrefix("-Dspark.authenticate.secret=")
    }.getOrElse(fail(s"no secret in $secret"))
    assert(StandaloneCluster.pgrep(secretValue).isEmpty, "the secret shows on a command line (ps)")

    // Without CROPSGD_STANDALONE_STATE_DIR, submit/cropsgd looks for the secret in target/standalone, which
    // is not this cluster's: the submission goes out without it. Cluster mode, so that the refusal comes at
    // once (a client-mode driver retries registering with the Master for a minute before it gives up).
    val driversBefore = cluster.masterJson().get("completeddrivers").size() + cluster.masterJson().get("activedrivers").size()
    val (result, output) = train("standalone-cluster-without-secret",
      Seq("--master", cluster.masterUrl, "--deploy-mode", "cluster"), env = Seq.empty)
    assert(result.exitCode != 0, result.describe)
    assert(result.err.contains("Expected SaslMessage"), s"not refused by authentication:\n${result.describe}")
    assertNothingWritten(output)
    val driversAfter = cluster.masterJson().get("completeddrivers").size() + cluster.masterJson().get("activedrivers").size()
    assert(driversAfter == driversBefore, "the Master accepted a driver from a submission without the secret")
  }
}
