"""The DAG as the DAG processor and the scheduler see it: it imports, and says when and how it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from airflow.dag_processing.dagbag import BundleDagBag

from airflow_runtime import scheduler_timetable
from conftest import BUNDLE_NAME, DAG_ID, DAGS_FOLDER

RUNNERS = ["kubernetes", "local"]


@pytest.mark.parametrize("runner", RUNNERS)
def test_dag_folder_imports_without_errors_and_holds_exactly_this_dag(monkeypatch, runner):
    monkeypatch.setenv("CRYPTO_PIPELINE_RUNNER", runner)

    bag = BundleDagBag(dag_folder=DAGS_FOLDER, bundle_path=DAGS_FOLDER, bundle_name=BUNDLE_NAME)

    assert bag.import_errors == {}
    assert bag.dag_ids == [DAG_ID]
    # The helper package is listed in .airflowignore: the processor must not even try to parse it.
    assert [stat.file for stat in bag.dagbag_stats] == ["crypto_daily_aggregation.py"]


def test_an_unknown_runner_is_an_import_error_not_a_silent_default(monkeypatch):
    monkeypatch.setenv("CRYPTO_PIPELINE_RUNNER", "ssh")

    bag = BundleDagBag(dag_folder=DAGS_FOLDER, bundle_path=DAGS_FOLDER, bundle_name=BUNDLE_NAME)

    assert DAG_ID not in bag.dags
    (error,) = bag.import_errors.values()
    assert "CRYPTO_PIPELINE_RUNNER must be one of kubernetes, local, not 'ssh'" in error


def test_schedule_is_0100_utc_daily_with_a_data_interval(load_dag):
    dag = load_dag()
    timetable = scheduler_timetable(dag)

    assert type(timetable).__name__ == "CronDataIntervalTimetable"
    assert timetable.serialize() == {"expression": "0 1 * * *", "timezone": "UTC"}
    assert dag.timezone.name == "UTC"


def test_does_not_catch_up_and_runs_one_day_at_a_time(load_dag):
    dag = load_dag()

    assert dag.catchup is False
    assert dag.max_active_runs == 1


@pytest.mark.parametrize("runner", RUNNERS)
def test_every_task_retries_with_exponential_backoff(load_dag, runner):
    dag = load_dag(CRYPTO_PIPELINE_RUNNER=runner)

    for task in dag.tasks:
        assert task.retries >= 2, task.task_id
        assert task.retry_exponential_backoff >= 2, task.task_id
        assert task.retry_delay == timedelta(minutes=2), task.task_id
        assert task.max_retry_delay == timedelta(minutes=30), task.task_id
        assert task.execution_timeout > timedelta(minutes=30), task.task_id


def test_owner_tags_and_documentation(load_dag):
    dag = load_dag()
    module_doc = (DAGS_FOLDER / "crypto_daily_aggregation.py").read_text().split('"""')[1]

    assert {task.owner for task in dag.tasks} == {"crypto-pipeline"}
    assert {"crypto-market-pipeline", "aggregation", "daily", "kubernetes"} <= set(dag.tags)
    assert dag.doc_md == module_doc
    assert "airflow backfill create --dag-id crypto_daily_aggregation" in dag.doc_md
    assert all(task.doc_md for task in dag.tasks)


def test_tags_name_the_runner_in_local_mode(load_dag):
    dag = load_dag(CRYPTO_PIPELINE_RUNNER="local")

    assert "local" in dag.tags
    assert "kubernetes" not in dag.tags


@pytest.mark.parametrize("runner", RUNNERS)
def test_quality_gate_runs_after_the_aggregation_and_the_archive_after_the_gate(load_dag, runner):
    dag = load_dag(CRYPTO_PIPELINE_RUNNER=runner)

    assert sorted(dag.task_ids) == [
        "aggregate",
        "aggregate_again",
        "archive",
        "quality_gate",
        "quality_gate_again",
        "repair",
    ]
    assert dag.task_dict["quality_gate"].upstream_task_ids == {"aggregate"}
    assert dag.task_dict["aggregate"].upstream_task_ids == set()
    assert dag.task_dict["repair"].upstream_task_ids == {"quality_gate"}
    assert dag.task_dict["aggregate_again"].upstream_task_ids == {"repair"}
    assert dag.task_dict["quality_gate_again"].upstream_task_ids == {"aggregate_again"}
    assert dag.task_dict["archive"].upstream_task_ids == {"quality_gate", "quality_gate_again"}


@pytest.mark.parametrize("runner", RUNNERS)
def test_exit_four_of_the_first_aggregation_skips_into_the_repair_branch(load_dag, runner):
    dag = load_dag(CRYPTO_PIPELINE_RUNNER=runner)

    assert list(dag.task_dict["aggregate"].skip_on_exit_code) == [4]
    assert not dag.task_dict["aggregate_again"].skip_on_exit_code
    assert dag.task_dict["repair"].trigger_rule == "all_skipped"
    assert dag.task_dict["archive"].trigger_rule == "none_failed_min_one_success"
    assert dag.task_dict["repair"].arguments == ["repair-day", "--date", "{{ aggregation_day(data_interval_start) }}"]


@pytest.mark.parametrize("runner", RUNNERS)
def test_the_archive_task_updates_the_raw_archive_asset_with_its_day(load_dag, runner):
    dag = load_dag(CRYPTO_PIPELINE_RUNNER=runner)

    archive = dag.task_dict["archive"]
    assert [outlet.name for outlet in archive.outlets] == ["crypto_market_raw_archive"]
    assert archive.asset_extra == {"date": "{{ aggregation_day(data_interval_start) }}"}
    assert all(not task.outlets for task in dag.tasks if task.task_id != "archive")


@pytest.mark.parametrize("runner", RUNNERS)
def test_parsing_reads_no_variable_or_connection(tmp_path: Path, runner):
    lookups = tmp_path / "lookups.txt"
    parse = (
        "import json\n"
        "from airflow.dag_processing.dagbag import BundleDagBag\n"
        f"bag = BundleDagBag(dag_folder={str(DAGS_FOLDER)!r}, bundle_path={str(DAGS_FOLDER)!r}, "
        f"bundle_name={BUNDLE_NAME!r})\n"
        "print(json.dumps({'dags': bag.dag_ids, 'errors': bag.import_errors}))\n"
    )
    env = {
        **os.environ,
        "CRYPTO_PIPELINE_RUNNER": runner,
        "PYTHONPATH": str(Path(__file__).parent),
        "AIRFLOW__SECRETS__BACKEND": "recording_secrets_backend.RecordingSecretsBackend",
        "AIRFLOW__SECRETS__BACKEND_KWARGS": json.dumps({"record_to": str(lookups)}),
    }

    result = subprocess.run(
        [sys.executable, "-c", parse], env=env, capture_output=True, text=True, timeout=120, check=True
    )

    parsed = json.loads(result.stdout.strip().splitlines()[-1])
    assert parsed == {"dags": [DAG_ID], "errors": {}}
    assert not lookups.exists(), lookups.read_text()
