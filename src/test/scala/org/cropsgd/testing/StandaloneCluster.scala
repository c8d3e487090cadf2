package org.cropsgd.testing

import java.net.{InetAddress, ServerSocket, URI}
import java.nio.file.Path

import scala.jdk.CollectionConverters._
import scala.sys.process._

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}

/**
 * A Spark standalone cluster started with submit/standalone on ports the OS reports free, with its state
 * (pids, logs, work dirs) in `stateDir`, so that it shares nothing with another cluster on the machine.
 */
final class StandaloneCluster(projectHome: Path, val stateDir: Path, workers: Int) {
  val port: Int = StandaloneCluster.freePort()
  val webUiPort: Int = StandaloneCluster.freePort()
  val masterUrl: String = s"spark://127.0.0.1:$port"

  private def standalone(options: String*): ScriptResult =
    LauncherRun(projectHome, stateDir.resolve("script-logs"), s"standalone-${options.last}", "submit/standalone",
      Seq("--state-dir", stateDir.toString, "--port", port.toString, "--webui-port", webUiPort.toString,
        "--workers", workers.toString) ++ options)

  /** What submit/cropsgd needs in its environment to find this cluster's secret (the cluster's state
   * directory is not the default one). */
  def launcherEnv: Seq[(String, String)] = Seq("CROPSGD_STANDALONE_STATE_DIR" -> stateDir.toString)

  /** The cluster's secret file (absent after `upInsecure`). */
  def secretFile: Path = stateDir.resolve("spark-auth.jvm-options")

  def up(): ScriptResult = standalone("up")
  def down(): ScriptResult = standalone("down")
  def status(): ScriptResult = standalone("status")

  /** The master's state as its web UI reports it (workers, apps, drivers). */
  def masterJson(): JsonNode =
    new ObjectMapper().readTree(URI.create(s"http://127.0.0.1:$webUiPort/json/").toURL)

  /** (id, state) of every driver submitted in cluster mode that has ended. */
  def completedDrivers(): Seq[(String, String)] =
    masterJson().get("completeddrivers").elements().asScala
      .map(driver => driver.get("id").asText() -> driver.get("state").asText()).toSeq

  /** Pids of the processes whose command line contains `marker`. */
  def processesWith(marker: String): Seq[Long] = StandaloneCluster.pgrep(marker)
}

object StandaloneCluster {
  /** A port nobody listens on now. (Closed again before use; another process taking it meanwhile is
   * unlikely, and `submit/standalone up` then fails saying the port is in use.) */
  def freePort(): Int = {
    val socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress)
    try socket.getLocalPort finally socket.close()
  }

  /** SIGKILL: the process gets no chance to say goodbye, as when a machine or container is lost. */
  def kill9(pids: Seq[Long]): Unit = signal("KILL", pids)

  /** Sends the signal (KILL, STOP, CONT, ...) to the processes. */
  def signal(name: String, pids: Seq[Long]): Unit =
    if (pids.nonEmpty) (Seq("kill", s"-$name") ++ pids.map(_.toString)).!(ProcessLogger(_ => (), _ => ()))

  /** Pids of the processes whose command line matches the extended regex `pattern` (pgrep -f). */
  def pgrep(pattern: String): Seq[Long] = {
    val out = new StringBuilder
    Seq("pgrep", "-f", pattern).!(ProcessLogger(line => out.append(line).append('\n'), _ => ()))
    out.toString.linesIterator.map(_.trim).filter(_.nonEmpty).map(_.toLong).toSeq
  }
}
