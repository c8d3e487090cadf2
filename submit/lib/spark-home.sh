# Sourced by submit/cropsgd and submit/standalone: the application jar and a Spark home made of the
# Spark jars Maven resolved, for machines without a Spark distribution. Bash; expects CROPSGD_HOME.
#
# Why a Spark home at all: the driver of a local[*] run needs only a classpath, but whatever makes Spark
# start a JVM of its own (the executors of local-cluster[...], standalone Masters and Workers, a
# cluster-mode driver) builds that JVM's classpath from $SPARK_HOME/jars, and needs SPARK_SCALA_VERSION
# when $SPARK_HOME is not a Spark build tree (org.apache.spark.launcher.AbstractCommandBuilder).

CROPSGD_TARGET="$CROPSGD_HOME/target"
SPARK_CLASSPATH_FILE="$CROPSGD_TARGET/spark-classpath.txt"
# Assembled here; never a user's SPARK_HOME (it has no bin/ or sbin/, only jars/).
ASSEMBLED_SPARK_HOME="$CROPSGD_TARGET/spark-home"
SPARK_SCALA_BINARY_VERSION=2.13
JVM_MODULE_OPTIONS_FILE="$CROPSGD_HOME/conf/jvm-module-options"

# The application jar, or nothing when it was not built yet.
cropsgd_find_jar() {
  ls "$CROPSGD_TARGET"/cropsgd-*.jar 2>/dev/null | grep -v -e '-sources' -e 'original-' | head -n 1
}

# Sets CROPSGD_JAR, building it with Maven on first use and again when src/main or pom.xml is newer.
# Maven's output goes to target/build.log, not the terminal: a normal run prints nothing on stderr. One line
# on stdout says that a build runs (it takes minutes on a new machine); a failed build is one error line
# naming the log, exit 1 (it may be a download that a retry gets).
CROPSGD_BUILD_LOG="$CROPSGD_TARGET/build.log"
cropsgd_ensure_jar() {
  CROPSGD_JAR="$(cropsgd_find_jar || true)"
  if [[ -z "$CROPSGD_JAR" || ! -f "$SPARK_CLASSPATH_FILE" ]] \
     || [[ -n "$(find "$CROPSGD_HOME/src/main" "$CROPSGD_HOME/pom.xml" -newer "$CROPSGD_JAR" -print -quit)" ]]; then
    echo "cropsgd: building the application jar with Maven (first run, or the sources changed; log: $CROPSGD_BUILD_LOG)"
    cropsgd_maven "$CROPSGD_BUILD_LOG" -DskipTests package \
      || cropsgd_fail 1 "the Maven build of the application jar failed; its output is in $CROPSGD_BUILD_LOG"
    CROPSGD_JAR="$(cropsgd_find_jar)"
  fi
}

# cropsgd_maven LOG ARGS...: Maven in batch mode, without colours or download progress, output to LOG.
cropsgd_maven() {
  local log="$1"; shift
  mkdir -p "$(dirname "$log")"
  (cd "$CROPSGD_HOME" && mvn -B --no-transfer-progress -Dstyle.color=never "$@") > "$log" 2>&1
}

# cropsgd_fail CODE MESSAGE: the one error line, and the exit code.
cropsgd_fail() {
  echo "cropsgd: error: $2" >&2
  exit "$1"
}

# Makes $ASSEMBLED_SPARK_HOME/jars hold a symlink to every jar of spark-classpath.txt, and rebuilds it
# when that file changed (a new Spark version in pom.xml). Built beside and renamed into place, so
# launchers started at the same time never see half a directory.
cropsgd_assemble_spark_home() {
  local stamp="$ASSEMBLED_SPARK_HOME/spark-classpath.txt"
  if [[ -d "$ASSEMBLED_SPARK_HOME/jars" ]] && cmp -s "$SPARK_CLASSPATH_FILE" "$stamp"; then
    return 0
  fi
  mkdir -p "$ASSEMBLED_SPARK_HOME"
  local fresh="$ASSEMBLED_SPARK_HOME/.jars.$$"
  rm -rf "$fresh"
  mkdir "$fresh"
  local jar
  # (|| -n: the file has no newline at its end, and its last jar counts too)
  tr ':' '\n' < "$SPARK_CLASSPATH_FILE" | while IFS= read -r jar || [[ -n "$jar" ]]; do
    if [[ -n "$jar" ]]; then ln -s "$jar" "$fresh/$(basename "$jar")"; fi
  done
  rm -rf "$ASSEMBLED_SPARK_HOME/jars"
  # -T: never move into a jars/ that another launcher put in place meanwhile; theirs is as good.
  mv -T "$fresh" "$ASSEMBLED_SPARK_HOME/jars" 2>/dev/null || rm -rf "$fresh"
  cp "$SPARK_CLASSPATH_FILE" "$stamp"
}

# What a JVM needs to run Spark from the assembled home: the classpath, and the module flags Spark 4
# needs on Java 17 (Spark's own launch scripts add them; a bare `java` does not).
cropsgd_spark_classpath() { echo "$ASSEMBLED_SPARK_HOME/jars/*"; }
cropsgd_jvm_module_options() { echo "@$JVM_MODULE_OPTIONS_FILE"; }

# Exports what Spark needs to start JVMs of its own from the assembled home (see the top of this file).
cropsgd_export_assembled_spark_home() {
  export SPARK_HOME="$ASSEMBLED_SPARK_HOME"
  export SPARK_SCALA_VERSION="$SPARK_SCALA_BINARY_VERSION"
}
