package org.cropsgd.testing

import org.scalatest.Tag

/** Tests that run the real submit/cropsgd launcher; they need the packaged jar (integration-test phase). */
object Launcher extends Tag("org.cropsgd.tags.Launcher")
