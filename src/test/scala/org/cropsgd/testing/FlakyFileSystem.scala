package org.cropsgd.testing

import java.io.IOException
import java.net.URI

import org.apache.hadoop.fs.{FileStatus, FSDataInputStream, Path, RawLocalFileSystem}

/**
 * A Hadoop file system (scheme `flaky:`) whose storage never answers: every look-up and read throws an
 * IOException, as a lost connection to HDFS or S3 does. A failure a retry may fix, so cropsgd must exit 1.
 * Register it with `fs.flaky.impl` in the session's Hadoop configuration.
 */
class FlakyFileSystem extends RawLocalFileSystem {
  override def getUri: URI = URI.create("flaky:///")

  private def unavailable(path: Path): Nothing =
    throw new IOException(s"simulated outage: the storage service did not answer for $path")

  override def getFileStatus(path: Path): FileStatus = unavailable(path)
  override def listStatus(path: Path): Array[FileStatus] = unavailable(path)
  override def open(path: Path, bufferSize: Int): FSDataInputStream = unavailable(path)
}

object FlakyFileSystem {
  val Scheme = "flaky"
}
