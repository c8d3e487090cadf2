# Sourced by submit/standalone and submit/cropsgd (after spark-home.sh): Spark's authentication for the
# standalone cluster of a state directory. Bash.
#
# `submit/standalone up` writes a fresh secret into STATE_DIR/spark-auth.jvm-options (mode 0600, written
# under umask 077), a java @argfile with spark.authenticate, spark.authenticate.secret and
# spark.network.crypto.enabled (AES-based RPC encryption) as system properties. Every JVM of the cluster
# (Master, Workers) and every driver submit/cropsgd starts for it reads that file: `java @FILE` keeps the
# secret off the command line, which `ps` shows to every user, and Spark's SparkConf reads spark.* system
# properties. spark.authenticate.secret.file is no alternative: Spark 4.0 accepts it on Kubernetes only. The
# Workers hand the secret to the executors and cluster-mode drivers they start in an environment variable
# (_SPARK_AUTH_SECRET), never on their command lines.

CROPSGD_STANDALONE_DEFAULT_STATE_DIR="$CROPSGD_TARGET/standalone"
STANDALONE_HOST=127.0.0.1

standalone_auth_file() { echo "$1/spark-auth.jvm-options"; }

# standalone_write_auth STATE_DIR: a new secret for the cluster of STATE_DIR.
standalone_write_auth() {
  local file secret
  file="$(standalone_auth_file "$1")"
  secret="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  [[ ${#secret} -eq 64 ]] || { echo "standalone: could not read 32 random bytes from /dev/urandom" >&2; return 1; }
  (
    umask 077
    rm -f "$file.tmp"
    printf '%s\n' "# Spark authentication for the cluster of this state directory (written by submit/standalone up)." \
      "-Dspark.authenticate=true" "-Dspark.authenticate.secret=$secret" "-Dspark.network.crypto.enabled=true" \
      > "$file.tmp"
  )
  mv -f "$file.tmp" "$file"
}

# standalone_auth_options MASTER: prints @FILE, the java option that makes a driver authenticate to MASTER,
# when MASTER is the URL of the cluster of the state directory ($CROPSGD_STANDALONE_STATE_DIR, default
# target/standalone, the same as submit/standalone's) and that cluster was started with a secret; nothing
# otherwise.
standalone_auth_options() {
  local master="$1" state_dir="${CROPSGD_STANDALONE_STATE_DIR:-$CROPSGD_STANDALONE_DEFAULT_STATE_DIR}" port file
  [[ "$master" == spark://* && -f "$state_dir/ports" ]] || return 0
  port="$(sed -n 's/^port=//p' "$state_dir/ports")"
  file="$(standalone_auth_file "$state_dir")"
  if [[ -n "$port" && -r "$file" ]] \
     && [[ "$master" == "spark://$STANDALONE_HOST:$port" || "$master" == "spark://localhost:$port" ]]; then
    echo "@$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
  fi
}
