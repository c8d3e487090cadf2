package org.cropsgd.testing

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.scalactic.source.Position
import org.scalatest.Assertions

/**
 * Every file and folder under a root, as relative path → bytes (folders: None), to show that a command
 * left what was there byte for byte as it was.
 */
final case class DirectorySnapshot(root: Path, entries: Map[String, Option[Seq[Byte]]]) extends Assertions {
  /** Fails naming each entry that is gone, new or changed under the root since the snapshot. */
  def assertUnchanged()(implicit pos: Position): Unit = {
    val now = DirectorySnapshot.of(root).entries
    val gone = entries.keySet -- now.keySet
    val added = now.keySet -- entries.keySet
    val changed = entries.keySet.intersect(now.keySet).filter(name => entries(name) != now(name))
    assert(gone.isEmpty && added.isEmpty && changed.isEmpty,
      s"under $root: gone ${gone.toSeq.sorted}, new ${added.toSeq.sorted}, changed ${changed.toSeq.sorted}")
  }
}

object DirectorySnapshot {
  def of(root: Path): DirectorySnapshot = {
    val stream = Files.walk(root)
    try {
      val entries = stream.iterator().asScala.filter(_ != root).map { path =>
        root.relativize(path).toString ->
          (if (Files.isDirectory(path)) None else Some(Files.readAllBytes(path).toSeq))
      }.toMap
      DirectorySnapshot(root, entries)
    } finally stream.close()
  }
}
