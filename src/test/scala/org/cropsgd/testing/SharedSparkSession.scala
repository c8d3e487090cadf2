package org.cropsgd.testing

import org.apache.spark.sql.SparkSession
import org.scalatest.{BeforeAndAfterAll, Suite}

/**
 * One local[2] SparkSession per suite, as Spark's own SharedSparkSession: created before the first test,
 * stopped after the last, also when a test fails. The CLI run in-process picks it up through getOrCreate.
 */
trait SharedSparkSession extends BeforeAndAfterAll { self: Suite =>
  @transient private var session: SparkSession = _

  protected def spark: SparkSession = session

  override protected def beforeAll(): Unit = {
    super.beforeAll()
    session = SparkSession.builder()
      .master("local[2]")
      .appName(getClass.getSimpleName)
      .config("spark.ui.enabled", "false")
      .config("spark.sql.shuffle.partitions", "4")
      .getOrCreate()
  }

  override protected def afterAll(): Unit = {
    try {
      if (session != null) session.stop()
      SparkSession.clearActiveSession()
      SparkSession.clearDefaultSession()
    } finally {
      super.afterAll()
    }
  }
}
