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
        assert task_states(DAG_ID, RUN_OF_2026_08_11) == {
            "aggregate": ("success", 1),
            "quality_gate": ("failed", 1),
            # A gate that failed is not one a repair can lift: the repair branch stays out of it.
            "repair": ("skipped", 0),
            "aggregate_again": ("skipped", 0),
            "quality_gate_again": ("skipped", 0),
            # Bad data is not archived as if it were good: the archive waits until the day is fixed.
            "archive": ("upstream_failed", 0),
        }
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
        assert task_states(DAG_ID, RUN_OF_2026_08_11) == {
            "aggregate": ("success", 1),
            "quality_gate": ("success", 2),
            "repair": ("skipped", 0),
            "aggregate_again": ("skipped", 0),
            "quality_gate_again": ("skipped", 0),
            "archive": ("success", 1),
        }
        assert [call["exit_code"] for call in fake_job.calls() if call["kind"] == "check"] == [1, 0]

    def test_the_archive_runs_last_and_its_asset_event_names_the_day(self, load_dag, fake_job):
        dag = load_dag(**fake_job.settings(), MONGODB_URI=MONGODB_URI)
        started = datetime.now(UTC)

        dag_run = dag.test(logical_date=RUN_OF_2026_08_11)

        assert str(dag_run.state) == "success"
        assert [call["argv"] for call in fake_job.calls()] == [
            ["--date", "2026-08-10"],
            ["check", "--date", "2026-08-10"],
            ["archive", "--date", "2026-08-10"],
        ]
        assert archive_asset_events(since=started) == [{"date": "2026-08-10"}]

    def test_a_day_with_fillable_holes_is_repaired_aggregated_and_checked_again_then_archived(self, load_dag, fake_job):
        dag = load_dag(**fake_job.settings(aggregate=[4, 0]), MONGODB_URI=MONGODB_URI)
        started = datetime.now(UTC)

        dag_run = dag.test(logical_date=RUN_OF_2026_08_11)

        assert str(dag_run.state) == "success"
        assert task_states(DAG_ID, RUN_OF_2026_08_11) == {
            "aggregate": ("skipped", 1),
            "quality_gate": ("skipped", 0),
            "repair": ("success", 1),
            "aggregate_again": ("success", 1),
            "quality_gate_again": ("success", 1),
            "archive": ("success", 1),
        }
        assert [(call["kind"], call["argv"]) for call in fake_job.calls()] == [
            ("aggregate", ["--date", "2026-08-10"]),
            ("repair", ["repair-day", "--date", "2026-08-10"]),
            ("aggregate", ["--date", "2026-08-10"]),
            ("check", ["check", "--date", "2026-08-10"]),
            ("archive", ["archive", "--date", "2026-08-10"]),
        ]
        assert archive_asset_events(since=started) == [{"date": "2026-08-10"}]

    def test_holes_the_repair_did_not_fill_fail_the_run_at_once_without_archiving(self, load_dag, fake_job):
        dag = load_dag(**fake_job.settings(aggregate=[4, 4]), MONGODB_URI=MONGODB_URI)

        dag_run = dag.test(logical_date=RUN_OF_2026_08_11)

        assert str(dag_run.state) == "failed"
        assert task_states(DAG_ID, RUN_OF_2026_08_11) == {
            "aggregate": ("skipped", 1),
            "quality_gate": ("skipped", 0),
            "repair": ("success", 1),
            "aggregate_again": ("failed", 1),
            "quality_gate_again": ("upstream_failed", 0),
            "archive": ("upstream_failed", 0),
        }
        assert [call["kind"] for call in fake_job.calls()] == ["aggregate", "repair", "aggregate"]

    def test_a_repaired_day_that_still_fails_its_gate_fails_the_run(self, load_dag, fake_job):
        dag = load_dag(**fake_job.settings(aggregate=[4, 0], check=[3]), MONGODB_URI=MONGODB_URI)

        dag_run = dag.test(logical_date=RUN_OF_2026_08_11)

        assert str(dag_run.state) == "failed"
        states = task_states(DAG_ID, RUN_OF_2026_08_11)
        assert states["quality_gate_again"] == ("failed", 1)
        assert states["archive"] == ("upstream_failed", 0)

    def test_a_day_about_to_expire_without_archive_fails_the_archive_at_once(self, load_dag, fake_job):
        dag = load_dag(**fake_job.settings(archive=[3]), MONGODB_URI=MONGODB_URI)
        started = datetime.now(UTC)

        dag_run = dag.test(logical_date=RUN_OF_2026_08_11)

        assert str(dag_run.state) == "failed"
        assert task_states(DAG_ID, RUN_OF_2026_08_11)["archive"] == ("failed", 1)
        assert dag.task_dict["archive"].retries >= 2
        assert archive_asset_events(since=started) == []


def archive_asset_events(*, since: datetime) -> list[dict]:
    """The extra of every event of the raw-archive asset since `since` (the runs share one database), oldest first."""
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        return list(
            session.scalars(
                select(AssetEvent.extra)
                .join(AssetModel, AssetModel.id == AssetEvent.asset_id)
                .where(AssetModel.name == "crypto_market_raw_archive", AssetEvent.timestamp >= since)
                .order_by(AssetEvent.timestamp)
            )
        )
