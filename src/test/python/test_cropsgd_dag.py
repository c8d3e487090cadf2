"""Tests of the example Airflow DAG, submit/airflow/cropsgd_dag.py. Standard library only: Airflow is not
installed where the tests run, so one group imports the DAG without it, and the other against a minimal
fake ``airflow`` package written to a temporary directory, which records what the DAG builds and lets a
fake spark-submit fail with a chosen exit code.

    python3 src/test/python/test_cropsgd_dag.py                   # everything
    python3 src/test/python/test_cropsgd_dag.py WithoutAirflow    # one group

AirflowDagSuite (src/test/scala) runs each group.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

DAG_FILE = Path(__file__).resolve().parents[3] / "submit" / "airflow" / "cropsgd_dag.py"
DATE = "2024-05-01"


def forget_modules() -> None:
    for name in list(sys.modules):
        if name in ("airflow", "cropsgd_dag") or name.startswith("airflow."):
            del sys.modules[name]


def load_dag_module():
    """Executes the DAG file as a fresh module ``cropsgd_dag``, as Airflow's DAG processor does."""
    forget_modules()
    spec = importlib.util.spec_from_file_location("cropsgd_dag", DAG_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def value_after(args: list[str], option: str) -> str:
    assert args.count(option) == 1, f"{option} should occur once in {args}"
    return args[args.index(option) + 1]


class NoAirflow(importlib.abc.MetaPathFinder):
    """Makes ``import airflow`` fail, as on a machine without Airflow, even where it is installed."""

    def find_spec(self, name, path=None, target=None):
        if name == "airflow" or name.startswith("airflow."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


class WithoutAirflow(unittest.TestCase):
    """The DAG file imports without Airflow, and its pure functions."""

    @classmethod
    def setUpClass(cls):
        cls.blocker = NoAirflow()
        sys.meta_path.insert(0, cls.blocker)
        cls.dag_module = load_dag_module()

    @classmethod
    def tearDownClass(cls):
        sys.meta_path.remove(cls.blocker)
        forget_modules()

    def test_imports_without_airflow_and_defines_no_dag(self):
        self.assertIsNone(self.dag_module.airflow)
        self.assertIsNone(self.dag_module.dag)
        self.assertFalse(hasattr(self.dag_module, "CropSgdSubmitOperator"))

    def test_application_args_for_a_date(self):
        args = self.dag_module.train_application_args(
            DATE, "hdfs:///in/regional_crops", "hdfs:///out/models", "hdfs:///ck/checkpoints/")
        self.assertEqual(args[0], "train")
        self.assertEqual(value_after(args, "--input"), "hdfs:///in/regional_crops/date=2024-05-01")
        self.assertEqual(value_after(args, "--output"), "hdfs:///out/models/date=2024-05-01")
        self.assertEqual(value_after(args, "--checkpoint-dir"), "hdfs:///ck/checkpoints/date=2024-05-01")
        self.assertIn("--overwrite", args)
        self.assertIn("--resume", args)
        self.assertGreater(int(value_after(args, "--checkpoint-every")), 0)
        self.assertEqual(value_after(args, "--format"), "parquet")
        self.assertEqual(value_after(args, "--labels"), "apples,oranges")

    def test_different_dates_never_share_a_directory(self):
        first = self.dag_module.train_application_args("2024-05-01")
        second = self.dag_module.train_application_args("2024-05-02")
        for option in ("--input", "--output", "--checkpoint-dir"):
            self.assertNotEqual(value_after(first, option), value_after(second, option), option)

    def test_predict_args_for_a_date_score_the_model_train_writes(self):
        train = self.dag_module.train_application_args(
            DATE, "hdfs:///in/regional_crops", "hdfs:///out/models", "hdfs:///ck/checkpoints")
        args = self.dag_module.predict_application_args(
            DATE, "hdfs:///in/to_score", "hdfs:///out/models/", "hdfs:///out/predictions")
        self.assertEqual(args[0], "predict")
        self.assertEqual(value_after(args, "--model"), value_after(train, "--output"))
        self.assertEqual(value_after(args, "--input"), "hdfs:///in/to_score/date=2024-05-01")
        self.assertEqual(value_after(args, "--output"), "hdfs:///out/predictions/date=2024-05-01")
        self.assertEqual(value_after(args, "--format"), "parquet")
        self.assertEqual(value_after(args, "--output-format"), "parquet")
        self.assertIn("--overwrite", args)

    def test_by_default_predict_scores_the_table_train_reads(self):
        train = self.dag_module.train_application_args(DATE)
        predict = self.dag_module.predict_application_args(DATE)
        self.assertEqual(value_after(predict, "--input"), value_after(train, "--input"))
        self.assertEqual(value_after(predict, "--model"), value_after(train, "--output"))

    def test_predict_outputs_of_different_dates_never_share_a_directory(self):
        first = self.dag_module.predict_application_args("2024-05-01")
        second = self.dag_module.predict_application_args("2024-05-02")
        for option in ("--model", "--input", "--output"):
            self.assertNotEqual(value_after(first, option), value_after(second, option), option)

    def test_exit_codes_a_retry_cannot_fix(self):
        for code in (2, 3, 4, 5):
            with self.subTest(code=code):
                self.assertFalse(self.dag_module.is_retryable(code))

    def test_exit_codes_worth_a_retry(self):
        # 1: internal error or lost cluster; None: no exit code at all; negative: killed by a signal;
        # 137, 143: killed, as a shell reports it.
        for code in (1, None, -9, -15, 137, 143):
            with self.subTest(code=code):
                self.assertTrue(self.dag_module.is_retryable(code))

    def test_exit_code_from_the_hooks_message(self):
        exit_code = self.dag_module.spark_submit_exit_code
        message = ("Cannot execute: spark-submit --master spark://127.0.0.1:7077 --name cropsgd-2024-05-01 "
                   "--class org.cropsgd.cli.CropSgd /opt/cropsgd.jar train --checkpoint-every 50. "
                   "Error code is: 3.\nLast spark-submit output:\ncropsgd: error: the table is empty")
        self.assertEqual(exit_code(Exception(message)), 3)
        self.assertEqual(exit_code(Exception("Cannot execute: spark-submit x. Error code is: -9.")), -9)
        self.assertIsNone(exit_code(Exception("spark-submit did not return a driver ID")))

    def test_the_hooks_process_handle_wins_over_its_message(self):
        class Process:
            returncode = 4

        class Hook:
            _submit_sp = Process()

        error = Exception("Cannot execute: spark-submit x. Error code is: 1.")
        self.assertEqual(self.dag_module.spark_submit_exit_code(error, Hook()), 4)
        self.assertEqual(self.dag_module.spark_submit_exit_code(error, object()), 1)

    def test_non_retryable_reason_names_the_code_and_its_meaning(self):
        reason = self.dag_module.non_retryable_reason(Exception("Cannot execute: x. Error code is: 4."))
        self.assertIn("code 4", reason)
        self.assertIn("diverged", reason)
        self.assertIsNone(self.dag_module.non_retryable_reason(Exception("Cannot execute: x. Error code is: 1.")))


# A minimal stand-in for the parts of Airflow and its Spark provider the DAG uses.
FAKE_AIRFLOW = {
    "airflow/__init__.py": """
        class DAG:
            current = None

            def __init__(self, dag_id, default_args=None, **kwargs):
                self.dag_id = dag_id
                self.default_args = default_args or {}
                self.kwargs = kwargs
                self.tasks = []

            def __enter__(self):
                DAG.current = self
                return self

            def __exit__(self, *exc):
                DAG.current = None
        """,
    "airflow/exceptions.py": """
        class AirflowException(Exception):
            pass

        class AirflowFailException(AirflowException):
            '''Fails the task at once, without retries.'''
        """,
    "airflow/timetables/__init__.py": "",
    "airflow/timetables/interval.py": """
        class CronDataIntervalTimetable:
            def __init__(self, cron, timezone):
                self.cron = cron
                self.timezone = timezone
        """,
    "airflow/providers/__init__.py": "",
    "airflow/providers/apache/__init__.py": "",
    "airflow/providers/apache/spark/__init__.py": "",
    "airflow/providers/apache/spark/operators/__init__.py": "",
    "airflow/providers/apache/spark/operators/spark_submit.py": """
        from airflow import DAG
        from airflow.exceptions import AirflowException


        class FakePopen:
            def __init__(self, returncode):
                self.returncode = returncode


        class FakeSparkSubmitHook:
            '''Fails as SparkSubmitHook.submit does when spark-submit returns non-zero.'''

            def __init__(self, returncode, keeps_process):
                self.returncode = returncode
                self.keeps_process = keeps_process
                self._submit_sp = None

            def submit(self, application, application_args):
                command = ["spark-submit", "--master", "spark://127.0.0.1:7077", application, *application_args]
                if self.keeps_process:
                    self._submit_sp = FakePopen(self.returncode)
                if self.returncode:
                    raise AirflowException(
                        f"Cannot execute: {' '.join(command)}. Error code is: {self.returncode}."
                        "\\nLast spark-submit output:\\ncropsgd: error: ...")


        class SparkSubmitOperator:
            # Set by the tests: what the fake spark-submit returns, and whether the hook keeps its process.
            returncode = 0
            hook_keeps_process = True

            def __init__(self, *, task_id, **kwargs):
                dag = DAG.current
                self.kwargs = {**(dag.default_args if dag else {}), **kwargs}
                self.task_id = task_id
                for name, value in self.kwargs.items():
                    setattr(self, name, value)
                self._hook = None
                self.upstream = []
                self.downstream = []
                if dag is not None:
                    dag.tasks.append(self)

            def __rshift__(self, other):
                '''self >> other: other runs after self; returns other, as Airflow does.'''
                self.downstream.append(other)
                other.upstream.append(self)
                return other

            def execute(self, context):
                self._hook = FakeSparkSubmitHook(SparkSubmitOperator.returncode,
                                                 SparkSubmitOperator.hook_keeps_process)
                self._hook.submit(self.kwargs["application"], self.kwargs["application_args"])
        """,
}


def write_fake_airflow(root: Path, with_provider: bool = True) -> None:
    for name, source in FAKE_AIRFLOW.items():
        if not with_provider and name.startswith("airflow/providers"):
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))


def render(template: str, variables: dict[str, str] | None = None) -> str:
    """What Airflow's Jinja rendering makes of the DAG's templates with these Variables set (none by
    default)."""
    variables = variables or {}
    rendered = template.replace("{{ ds }}", DATE)
    innermost = re.compile(r"var\.value\.get\('([^']*)', '([^']*)'\)")
    while innermost.search(rendered):  # var.value.get(name, default) may be another one's default
        rendered = innermost.sub(lambda m: repr(variables.get(m.group(1), m.group(2))), rendered)
    return re.sub(r"\{\{ '([^']*)' \}\}", r"\1", rendered)


class WithFakeAirflow(unittest.TestCase):
    """The DAG that the file builds with Airflow, and how its tasks turn exit codes into retries."""

    @classmethod
    def setUpClass(cls):
        cls.directory = tempfile.TemporaryDirectory(prefix="fake-airflow")
        write_fake_airflow(Path(cls.directory.name))
        sys.path.insert(0, cls.directory.name)
        cls.load()

    @classmethod
    def load(cls):
        """Loads the DAG file against the fake Airflow, and keeps the fake's classes it uses."""
        cls.dag_module = load_dag_module()
        from airflow.exceptions import AirflowException, AirflowFailException
        from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
        cls.AirflowException = AirflowException
        cls.AirflowFailException = AirflowFailException
        cls.fake_operator = SparkSubmitOperator

    @classmethod
    def tearDownClass(cls):
        sys.path.remove(cls.directory.name)
        forget_modules()
        cls.directory.cleanup()

    def setUp(self):
        self.fake_operator.returncode = 0
        self.fake_operator.hook_keeps_process = True

    @property
    def tasks(self):
        dag = self.dag_module.dag
        self.assertIsNotNone(dag)
        self.assertEqual([task.task_id for task in dag.tasks], ["train", "predict"])
        return dag.tasks

    @property
    def task(self):
        return self.tasks[0]

    @property
    def predict_task(self):
        return self.tasks[1]

    def test_the_dag_has_two_spark_submit_tasks_in_client_mode(self):
        dag = self.dag_module.dag
        self.assertEqual(dag.dag_id, "cropsgd_nightly")
        for task in self.tasks:
            with self.subTest(task=task.task_id):
                self.assertIsInstance(task, self.dag_module.CropSgdSubmitOperator)
                self.assertEqual(task.deploy_mode, "client")
                self.assertEqual(task.java_class, "org.cropsgd.cli.CropSgd")
                self.assertEqual(task.conn_id, "cropsgd_spark")
                self.assertTrue(task.properties_file.endswith("/spark-cluster.conf"), task.properties_file)
                self.assertGreater(task.retries, 0)
                self.assertEqual(render(task.application), self.dag_module.DEFAULT_APPLICATION_JAR)
        self.assertNotEqual(render(self.task.name), render(self.predict_task.name))

    def test_predict_runs_after_train_and_only_then(self):
        train, predict = self.tasks
        self.assertEqual(train.downstream, [predict])
        self.assertEqual(predict.upstream, [train])
        self.assertEqual(train.upstream, [])
        self.assertEqual(predict.downstream, [])

    def test_the_schedule_makes_ds_the_day_before_the_run(self):
        schedule = self.dag_module.dag.kwargs["schedule"]
        self.assertEqual(type(schedule).__name__, "CronDataIntervalTimetable")
        self.assertEqual(schedule.cron, "0 3 * * *")
        self.assertFalse(self.dag_module.dag.kwargs["catchup"])

    def test_application_args_are_templated_with_ds(self):
        args = self.task.application_args
        for option in ("--input", "--output", "--checkpoint-dir"):
            self.assertTrue(value_after(args, option).endswith("/date={{ ds }}"), value_after(args, option))
            self.assertIn("{{ var.value.get(", value_after(args, option))
        # Rendered with no Variables set, they are exactly the pure function's arguments for that date.
        self.assertEqual([render(arg) for arg in args], self.dag_module.train_application_args(DATE))
        self.assertEqual(render(self.task.application), self.dag_module.DEFAULT_APPLICATION_JAR)

    def test_predict_args_are_templated_with_ds_and_read_the_model_train_writes(self):
        args = self.predict_task.application_args
        for option in ("--model", "--input", "--output"):
            self.assertTrue(value_after(args, option).endswith("/date={{ ds }}"), value_after(args, option))
            self.assertIn("{{ var.value.get(", value_after(args, option))
        self.assertEqual(value_after(args, "--model"), value_after(self.task.application_args, "--output"))
        self.assertEqual([render(arg) for arg in args], self.dag_module.predict_application_args(DATE))

    def test_the_scoring_table_is_a_variable_that_defaults_to_the_input_table(self):
        scored = value_after(self.predict_task.application_args, "--input")
        self.assertEqual(render(scored, {"cropsgd_input_table": "hdfs:///other"}), f"hdfs:///other/date={DATE}")
        self.assertEqual(render(scored, {"cropsgd_input_table": "hdfs:///other",
                                         "cropsgd_scoring_table": "hdfs:///score"}),
                         f"hdfs:///score/date={DATE}")
        output = value_after(self.predict_task.application_args, "--output")
        self.assertEqual(render(output, {"cropsgd_predictions_dir": "hdfs:///p"}), f"hdfs:///p/date={DATE}")
        model = value_after(self.predict_task.application_args, "--model")
        self.assertEqual(render(model, {"cropsgd_models_dir": "hdfs:///m"}), f"hdfs:///m/date={DATE}")

    def test_exit_codes_2_3_4_fail_either_task_without_retries(self):
        meanings = {2: "usage", 3: "bad input data", 4: "diverged"}
        for task in self.tasks:
            for code, meaning in meanings.items():
                with self.subTest(task=task.task_id, code=code):
                    self.fake_operator.returncode = code
                    with self.assertRaises(self.AirflowFailException) as raised:
                        task.execute({})
                    self.assertIn(f"code {code}", str(raised.exception))
                    self.assertIn(meaning, str(raised.exception))
                    self.assertIsInstance(raised.exception.__cause__, self.AirflowException)

    def test_exit_code_1_is_retried(self):
        for task in self.tasks:
            with self.subTest(task=task.task_id):
                self.fake_operator.returncode = 1
                with self.assertRaises(self.AirflowException) as raised:
                    task.execute({})
                self.assertNotIsInstance(raised.exception, self.AirflowFailException)
                self.assertIn("Error code is: 1.", str(raised.exception))

    def test_a_killed_spark_submit_is_retried(self):
        for task in self.tasks:
            with self.subTest(task=task.task_id):
                self.fake_operator.returncode = -9
                with self.assertRaises(self.AirflowException) as raised:
                    task.execute({})
                self.assertNotIsInstance(raised.exception, self.AirflowFailException)

    def test_the_message_alone_is_enough_when_the_hook_keeps_no_process(self):
        self.fake_operator.hook_keeps_process = False
        self.fake_operator.returncode = 3
        with self.assertRaises(self.AirflowFailException):
            self.task.execute({})
        self.fake_operator.returncode = 1
        with self.assertRaises(self.AirflowException) as raised:
            self.task.execute({})
        self.assertNotIsInstance(raised.exception, self.AirflowFailException)

    def test_success_raises_nothing(self):
        self.fake_operator.returncode = 0
        for task in self.tasks:
            task.execute({})

    def test_airflow_without_the_spark_provider_is_an_import_error(self):
        # With Airflow installed, a missing provider must show as an import error of the DAG, not as a
        # silently missing DAG.
        with tempfile.TemporaryDirectory(prefix="fake-airflow-no-provider") as directory:
            write_fake_airflow(Path(directory), with_provider=False)
            sys.path.insert(0, directory)
            try:
                with self.assertRaises(ImportError):
                    load_dag_module()
            finally:
                sys.path.remove(directory)
                self.load()


if __name__ == "__main__":
    unittest.main(verbosity=2)
