"""Nightly cropsgd training and scoring with Airflow: an example DAG.

Every night this DAG runs two tasks, one after the other, for one day's partition of the regional crop
table:

1. ``train`` trains cropsgd on the day's partition and writes the model to a directory for that day:

    input        <input table>/date={{ ds }}          (Parquet, one partition of a date-partitioned table)
    output       <models dir>/date={{ ds }}
    checkpoints  <checkpoints dir>/date={{ ds }}

2. ``predict`` (only once ``train`` has succeeded: ``train >> predict``) scores the day's partition of the
   scoring table with the model just written, into a predictions folder for that day:

    model        <models dir>/date={{ ds }}           (the model the train task wrote)
    input        <scoring table>/date={{ ds }}        (by default the input table: the day's own rows)
    output       <predictions dir>/date={{ ds }}      (Parquet: the kept columns + <label>_predicted)

``{{ ds }}`` is the run's logical date. The schedule below is a data-interval timetable at 03:00 UTC, so
the run that starts at 03:00 on day D+1 trains on day D, the day that has just ended.

Rerunning a date is safe (idempotent):

- ``--overwrite`` (both tasks): cropsgd writes the new output beside the old one and swaps it in only once
  it is complete, so a rerun replaces that date's model and predictions, and a failed rerun leaves the old
  ones untouched. A failed ``train`` never reaches ``predict``, so the predictions of a date always come
  from that date's complete model.
- ``--checkpoint-dir <checkpoints dir>/date={{ ds }} --checkpoint-every N --resume`` (``train``): an attempt
  that dies part-way (killed driver, lost Airflow worker, timeout) leaves checkpoints behind, and Airflow's
  retry continues from the newest complete one instead of starting over. A run that finds no checkpoint
  starts fresh; cropsgd deletes the checkpoints once the model is written. ``predict`` is one pass over
  the rows and needs none: a retry starts it over.

Exit codes decide whether Airflow retries, the same way for both tasks (``CropSgdSubmitOperator``, below):

    1            internal error, lost cluster, I/O failure    -> failed attempt, retried
    spark-submit killed or lost (no exit code)                 -> failed attempt, retried
    2            usage or configuration error                 -> task fails at once, no retries
    3            bad input data (also: partition missing,     -> task fails at once, no retries
                 a feature missing from the scoring table)
    4            training diverged (learning rate too large)  -> task fails at once, no retries
    5            GPU fallback (gpu-check only, never train)   -> task fails at once, no retries

Codes 2-5 are deterministic: a retry with the same settings and the same data fails the same way, so
retrying only delays the alert.

Deploy mode: client, on purpose. In client mode the driver runs inside the spark-submit process on the
Airflow worker, so spark-submit's exit code *is* cropsgd's exit code, which the mapping above needs. In
cluster mode it is not: on a standalone cluster spark-submit returns once the master has accepted the
driver (the provider then polls the driver's state, FINISHED/FAILED/KILLED, which carries no exit code),
and on YARN spark-submit exits 1 for any failed application. There every failure looks like exit 1 and is
retried. Client mode also means that when the Airflow worker dies, the driver dies with it, so a retry
never runs beside an orphaned driver writing the same output and checkpoints. The price: the driver's
memory and CPU are on the Airflow worker (give this task a pool or queue with room for it), and the
executors must be able to connect back to the worker host.

Configuration (module-level constants; the paths and the jar can be changed without editing this file
through Airflow Variables, read when the task is rendered, not when the DAG file is parsed):

    Airflow Variable              default                                    meaning
    cropsgd_input_table           DEFAULT_INPUT_TABLE                        date-partitioned input table
    cropsgd_models_dir            DEFAULT_MODELS_DIR                         one model directory per date
    cropsgd_checkpoints_dir       DEFAULT_CHECKPOINTS_DIR                    one checkpoint directory per date
    cropsgd_scoring_table         the value of cropsgd_input_table           date-partitioned table to score
    cropsgd_predictions_dir       DEFAULT_PREDICTIONS_DIR                    one predictions directory per date
    cropsgd_application_jar       DEFAULT_APPLICATION_JAR                    target/cropsgd-<version>.jar

- ``SPARK_CONN_ID``: the Airflow connection that names the master, e.g. for the standalone cluster of
  ``submit/standalone``: ``AIRFLOW_CONN_CROPSGD_SPARK='spark://127.0.0.1:7077'``; for YARN a Spark
  connection whose host is ``yarn``. ``spark-submit`` (Spark 4.0.x for Scala 2.13) must be on the worker's
  PATH.
- ``PROPERTIES_FILE``: Spark properties (``conf/spark-cluster.conf`` of this repository, copied to the
  workers). A constant, because ``properties_file`` is a templated field only in recent provider versions.
- ``LABELS``, ``INPUT_FORMAT``, ``CHECKPOINT_EVERY``, ``EXTRA_TRAIN_ARGS``: what to train.
- ``PREDICTIONS_FORMAT``, ``EXTRA_PREDICT_ARGS``: how to score (e.g. ``["--keep", "region,field"]`` to
  keep only those input columns beside the predictions, or ``["--invalid", "null"]``).

The file imports without Airflow (the pure functions below are tested that way); with Airflow present it
defines ``dag``.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

# --- Settings -------------------------------------------------------------------------------------------

DAG_ID = "cropsgd_nightly"
TRAIN_TASK_ID = "train"
PREDICT_TASK_ID = "predict"
SPARK_CONN_ID = "cropsgd_spark"
DEPLOY_MODE = "client"  # see the module docstring before changing it
MAIN_CLASS = "org.cropsgd.cli.CropSgd"

DEFAULT_INPUT_TABLE = "hdfs:///warehouse/regional_crops"
DEFAULT_MODELS_DIR = "hdfs:///cropsgd/models"
DEFAULT_CHECKPOINTS_DIR = "hdfs:///cropsgd/checkpoints"
DEFAULT_PREDICTIONS_DIR = "hdfs:///cropsgd/predictions"
DEFAULT_APPLICATION_JAR = "/opt/cropsgd/cropsgd-0.1.0-SNAPSHOT.jar"
PROPERTIES_FILE = "/opt/cropsgd/conf/spark-cluster.conf"

LABELS = "apples,oranges"
INPUT_FORMAT = "parquet"  # a partition directory has no extension to tell the format by
CHECKPOINT_EVERY = 50  # epochs; a resumed attempt redoes at most this many
# More train options, e.g. ["--epochs", "500"] or ["--config", "/opt/cropsgd/conf/train.properties"].
EXTRA_TRAIN_ARGS: list[str] = []
PREDICTIONS_FORMAT = "parquet"
# More predict options, e.g. ["--keep", "region,field"] or ["--invalid", "null"].
EXTRA_PREDICT_ARGS: list[str] = []

SCHEDULE_CRON = "0 3 * * *"  # 03:00 UTC; ds = the day that has just ended
RETRIES = 3
RETRY_DELAY = timedelta(minutes=10)
EXECUTION_TIMEOUT = timedelta(hours=6)  # a timed-out attempt is retried, and resumes from its checkpoints

# --- Pure logic (no Airflow needed) ---------------------------------------------------------------------

#: Exit codes a retry cannot fix, with what they mean (org.cropsgd.errors.ExitCode).
NON_RETRYABLE_EXIT_CODES = {
    2: "usage or configuration error",
    3: "bad input data",
    4: "training diverged (learning rate too large)",
    5: "GPU fallback (gpu-check only)",
}

# The message SparkSubmitHook.submit raises when spark-submit returns non-zero:
#   "Cannot execute: <command>. Error code is: <returncode>." (+ ". Kubernetes spark exit code is: ...")
_ERROR_CODE = re.compile(r"Error code is: (-?\d+)")


def partition_path(root: str, ds: str) -> str:
    """The directory of date ``ds`` under ``root``: ``<root>/date=<ds>``."""
    return f"{root.rstrip('/')}/date={ds}"


def train_application_args(
    ds: str,
    input_table: str = DEFAULT_INPUT_TABLE,
    models_dir: str = DEFAULT_MODELS_DIR,
    checkpoints_dir: str = DEFAULT_CHECKPOINTS_DIR,
    *,
    labels: str = LABELS,
    input_format: str = INPUT_FORMAT,
    checkpoint_every: int = CHECKPOINT_EVERY,
    extra: list[str] | None = None,
) -> list[str]:
    """The cropsgd command line (after the jar) that trains date ``ds``: a date, or the template
    ``"{{ ds }}"``; the roots may be templates too."""
    return [
        "train",
        "--input", partition_path(input_table, ds),
        "--format", input_format,
        "--labels", labels,
        "--output", partition_path(models_dir, ds),
        "--overwrite",
        "--checkpoint-dir", partition_path(checkpoints_dir, ds),
        "--checkpoint-every", str(checkpoint_every),
        "--resume",
        *(EXTRA_TRAIN_ARGS if extra is None else extra),
    ]


def predict_application_args(
    ds: str,
    scoring_table: str = DEFAULT_INPUT_TABLE,
    models_dir: str = DEFAULT_MODELS_DIR,
    predictions_dir: str = DEFAULT_PREDICTIONS_DIR,
    *,
    input_format: str = INPUT_FORMAT,
    predictions_format: str = PREDICTIONS_FORMAT,
    extra: list[str] | None = None,
) -> list[str]:
    """The cropsgd command line (after the jar) that scores date ``ds`` with the model that
    ``train_application_args`` writes for the same date (same ``models_dir``)."""
    return [
        "predict",
        "--model", partition_path(models_dir, ds),
        "--input", partition_path(scoring_table, ds),
        "--format", input_format,
        "--output", partition_path(predictions_dir, ds),
        "--output-format", predictions_format,
        "--overwrite",
        *(EXTRA_PREDICT_ARGS if extra is None else extra),
    ]


def variable_expression(name: str, default: str) -> str:
    """The Jinja expression that reads Airflow Variable ``name``; ``default`` is a Jinja expression (a
    quoted string, or another Variable's expression) used when it is not set."""
    return "var.value.get(%r, %s)" % (name, default)


def variable_template(name: str, default: str) -> str:
    """A Jinja template that reads Airflow Variable ``name`` (``default`` when it is not set) when the
    task is rendered."""
    return "{{ %s }}" % variable_expression(name, repr(default))


def variable_template_or(name: str, fallback: str, default: str) -> str:
    """A Jinja template that reads Airflow Variable ``name``, else Variable ``fallback``, else
    ``default``."""
    return "{{ %s }}" % variable_expression(name, variable_expression(fallback, repr(default)))


def is_retryable(exit_code: int | None) -> bool:
    """Whether an attempt that ended with ``exit_code`` may succeed when retried. ``None`` (no exit code:
    spark-submit was lost) and 1 retry; the deterministic codes in NON_RETRYABLE_EXIT_CODES do not."""
    return exit_code not in NON_RETRYABLE_EXIT_CODES


def spark_submit_exit_code(error: BaseException, hook: Any = None) -> int | None:
    """The exit code of the spark-submit process behind a failed SparkSubmitHook.submit, or None.

    First the hook's own process handle (``hook._submit_sp``, the ``subprocess.Popen`` it waited for:
    exact, and negative when a signal killed the process); then the ``"Error code is: N"`` of the hook's
    message, should a provider version not keep the handle. Both are provider internals, kept here and
    nowhere else. In client mode this is cropsgd's own exit code.
    """
    returncode = getattr(getattr(hook, "_submit_sp", None), "returncode", None)
    if isinstance(returncode, int) and returncode != 0:
        return returncode
    match = _ERROR_CODE.search(str(error))
    return int(match.group(1)) if match else None


def non_retryable_reason(error: BaseException, hook: Any = None) -> str | None:
    """Why the failure ``error`` must not be retried, or None when a retry may help."""
    code = spark_submit_exit_code(error, hook)
    if is_retryable(code):
        return None
    return (
        f"cropsgd exited with code {code} ({NON_RETRYABLE_EXIT_CODES[code]}): a retry with the same "
        f"settings and data would fail the same way, so the task fails without retries. The cause is the "
        f"'cropsgd: error:' line in the log above."
    )


# --- The DAG (only with Airflow) ------------------------------------------------------------------------

try:
    import airflow  # noqa: F401  (only to know whether Airflow is installed)
except ImportError:
    airflow = None

dag = None

if airflow is not None:
    # Outside the guard on purpose: with Airflow present, a missing provider must show as an import error
    # of this DAG, not as a silently missing DAG.
    from airflow.exceptions import AirflowFailException
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    try:
        from airflow.sdk import DAG  # Airflow 3
    except ImportError:
        from airflow import DAG  # Airflow 2

    try:
        from airflow.timetables.interval import CronDataIntervalTimetable
    except ImportError:  # before Airflow 2.2, a cron string meant exactly this
        CronDataIntervalTimetable = None

    class CropSgdSubmitOperator(SparkSubmitOperator):
        """SparkSubmitOperator that fails at once, without retries, when cropsgd exits with a code a retry
        cannot fix (2, 3, 4, 5); every other failure is re-raised unchanged, so Airflow retries it."""

        def execute(self, context):
            try:
                return super().execute(context)
            except AirflowFailException:
                raise
            # Any exception type: the provider raises AirflowException, but from a module that moved
            # between Airflow versions; the exit code decides, not the class.
            except Exception as error:
                reason = non_retryable_reason(error, getattr(self, "_hook", None))
                if reason is None:
                    raise
                raise AirflowFailException(reason) from error

    # A data-interval timetable makes {{ ds }} the day before the run on Airflow 2 and 3 alike (Airflow 3
    # reads a bare cron string as a trigger timetable, where ds would be the day the run starts).
    if CronDataIntervalTimetable is not None:
        schedule = CronDataIntervalTimetable(SCHEDULE_CRON, timezone="UTC")
    else:
        schedule = SCHEDULE_CRON

    def submit_task(task_id: str, application_args: list[str]) -> CropSgdSubmitOperator:
        """One cropsgd command as a spark-submit task, with the settings both tasks share."""
        return CropSgdSubmitOperator(
            task_id=task_id,
            conn_id=SPARK_CONN_ID,
            deploy_mode=DEPLOY_MODE,
            application=variable_template("cropsgd_application_jar", DEFAULT_APPLICATION_JAR),
            java_class=MAIN_CLASS,
            properties_file=PROPERTIES_FILE,
            name=f"cropsgd-{task_id}-{{{{ ds }}}}",
            application_args=application_args,
        )

    with DAG(
        dag_id=DAG_ID,
        description="Train cropsgd on each day's partition of the regional crop table, then score it",
        schedule=schedule,
        start_date=datetime(2025, 1, 1, tzinfo=timezone.utc),
        catchup=False,
        max_active_runs=1,
        default_args={
            "retries": RETRIES,
            "retry_delay": RETRY_DELAY,
            "retry_exponential_backoff": True,
            "execution_timeout": EXECUTION_TIMEOUT,
        },
        doc_md=__doc__,
        tags=["cropsgd"],
    ) as dag:
        models_dir = variable_template("cropsgd_models_dir", DEFAULT_MODELS_DIR)
        train = submit_task(TRAIN_TASK_ID, train_application_args(
            "{{ ds }}",
            variable_template("cropsgd_input_table", DEFAULT_INPUT_TABLE),
            models_dir,
            variable_template("cropsgd_checkpoints_dir", DEFAULT_CHECKPOINTS_DIR),
        ))
        predict = submit_task(PREDICT_TASK_ID, predict_application_args(
            "{{ ds }}",
            variable_template_or("cropsgd_scoring_table", "cropsgd_input_table", DEFAULT_INPUT_TABLE),
            models_dir,
            variable_template("cropsgd_predictions_dir", DEFAULT_PREDICTIONS_DIR),
        ))
        train >> predict
