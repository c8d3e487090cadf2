package org.cropsgd.testing

import java.nio.file.{Files, Path}

import scala.sys.process._

/** What one run of a script under submit/ printed and returned, and how long it took. */
final case class ScriptResult(exitCode: Int, out: String, err: String, seconds: Double) {
  def describe: String = f"exit $exitCode after $seconds%.1f s\nstdout:\n$out\nstderr:\n$err"
}

/**
 * Runs the project's scripts (submit/cropsgd, submit/standalone) as a user does, in a process of their
 * own, with SPARK_HOME unset so that they use the Spark jars of the build.
 */
object LauncherRun {
  /**
   * Runs `projectHome/script args...` to its end. `onStdoutLine` sees each line of stdout as it comes
   * (to act on a run while it is under way). `env` is added to the environment. Both streams are also kept
   * in `logDir/name.{out,err}`.
   */
  def apply(projectHome: Path, logDir: Path, name: String, script: String, args: Seq[String],
      onStdoutLine: String => Unit = _ => (), env: Seq[(String, String)] = Seq.empty): ScriptResult = {
    val out = new StringBuilder
    val err = new StringBuilder
    val command = projectHome.resolve(script).toString +: args
    val started = System.nanoTime()
    val code = Process(command, projectHome.toFile, ("SPARK_HOME" -> "") +: env: _*).!(ProcessLogger(
      line => { out.synchronized(out.append(line).append('\n')); onStdoutLine(line) },
      line => err.synchronized(err.append(line).append('\n'))))
    val seconds = (System.nanoTime() - started) / 1e9
    Files.createDirectories(logDir)
    Files.writeString(logDir.resolve(s"$name.out"), out.toString)
    Files.writeString(logDir.resolve(s"$name.err"), err.toString)
    ScriptResult(code, out.toString, err.toString, seconds)
  }
}
