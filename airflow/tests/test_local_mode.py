"""
Whole DAG runs in local mode, through Airflow's own run loop (`dag.test`, a real metadata database, real task
states and retries), with fake_aggregate_service.py standing in for the Java job.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from airflow_runtime import task_states
from conftest import DAG_ID

RUN_OF_2026_08_11 = datetime(2026, 8, 11, 1, tzinfo=UTC)
MONGODB_URI = "mongodb://127.0.0.1:1/from-the-worker"


@pytest.mark.usefixtures("airflow_db")
class TestLocalModeRuns:
    def test_bad_data_fails_the_run_at_the_quality_gate_on_its_first_try(self, load_dag, fake_job):
        dag = load_dag(**fake_job.settings(aggregate=[0], check=[3]), MONGODB_URI=MONGODB_URI)

        dag_run = dag.test(logical_date=RUN_OF_2026_08_11)

        assert str(dag_run.state) == "failed"
        assert task_states(DAG_ID, RUN_OF_2026_08_11) == {"aggregate": ("success", 1), "quality_gate": ("failed", 1)}
        assert dag.task_dict["quality_gate"].retries >= 2, "failing on the first try must not be for lack of retries"
        assert [(call["argv"], call["mongodb_uri"]) for call in fake_job.calls()] == [
            (["--date", "2026-08-10"], MONGODB_URI),
            (["check", "--date", "2026-08-10"], MONGODB_URI),
        ]

    def test_a_technical_failure_of_the_gate_is_retried_and_can_then_pass(self, load_dag, fake_job):
        dag = load_dag(**fake_job.settings(aggregate=[0], check=[1, 0]), MONGODB_URI=MONGODB_URI)
        # The DAG's real delay is minutes; the retry itself is what this test is about.
        for task in dag.tasks:
            task.retry_delay = timedelta(0)

        dag_run = dag.test(logical_date=RUN_OF_2026_08_11)

        assert str(dag_run.state) == "success"
        assert task_states(DAG_ID, RUN_OF_2026_08_11) == {"aggregate": ("success", 1), "quality_gate": ("success", 2)}
        assert [call["exit_code"] for call in fake_job.calls() if call["kind"] == "check"] == [1, 0]
