"""
Which day a run processes, rendered by Airflow itself: the scheduler's data interval, then the worker's
template rendering. The 01:00 UTC run of 2026-08-11 must aggregate 2026-08-10, whatever the runner.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from airflow.sdk.api.datamodels._generated import DagRunType
from airflow.timetables.base import DagRunInfo, DataInterval

from airflow_runtime import manual_run, next_scheduled_run, render_task

RUNNERS = ["kubernetes", "local"]


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def rendered_arguments(dag, run: DagRunInfo, run_type: DagRunType, logical_date: datetime | None = None):
    return {
        task_id: render_task(dag.task_dict[task_id], run, run_type=run_type, logical_date=logical_date)[0].arguments
        for task_id in ("aggregate", "quality_gate", "archive")
    }


@pytest.mark.parametrize("runner", RUNNERS)
def test_the_0100_run_of_2026_08_11_processes_2026_08_10(load_dag, runner):
    dag = load_dag(CRYPTO_PIPELINE_RUNNER=runner)

    run = next_scheduled_run(dag, after=DataInterval(utc(2026, 8, 9, 1), utc(2026, 8, 10, 1)), catchup=True)

    assert run.run_after == utc(2026, 8, 11, 1)
    assert run.data_interval == DataInterval(utc(2026, 8, 10, 1), utc(2026, 8, 11, 1))
    assert rendered_arguments(dag, run, DagRunType.SCHEDULED) == {
        "aggregate": ["--date", "2026-08-10"],
        "quality_gate": ["check", "--date", "2026-08-10"],
        "archive": ["archive", "--date", "2026-08-10"],
    }


def test_consecutive_scheduled_runs_cover_consecutive_days(load_dag):
    dag = load_dag()
    interval = DataInterval(utc(2026, 2, 26, 1), utc(2026, 2, 27, 1))
    days = []
    for _ in range(4):
        run = next_scheduled_run(dag, after=interval, catchup=True)
        days.append(rendered_arguments(dag, run, DagRunType.SCHEDULED)["aggregate"][1])
        interval = run.data_interval

    assert days == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]


def test_after_a_pause_the_scheduler_resumes_with_the_last_complete_day_only(load_dag):
    dag = load_dag()

    before = datetime.now(UTC)
    run = next_scheduled_run(dag, after=DataInterval(utc(2026, 1, 1, 1), utc(2026, 1, 2, 1)), catchup=dag.catchup)
    after = datetime.now(UTC)

    def last_0100(now: datetime) -> datetime:
        today_0100 = now.replace(hour=1, minute=0, second=0, microsecond=0)
        return today_0100 if now >= today_0100 else today_0100 - timedelta(days=1)

    # catchup=False: no run per missed day (backfill is for that), just the latest complete one.
    assert run.run_after in {last_0100(before), last_0100(after)}
    assert run.data_interval.end - run.data_interval.start == timedelta(days=1)


@pytest.mark.parametrize(
    ("triggered_at", "day"),
    [
        (utc(2026, 8, 11, 15, 30), "2026-08-10"),
        (utc(2026, 8, 11, 1, 0), "2026-08-10"),
        # Before 01:00 the previous day is still in its grace hour for late observations: the last complete one
        # is the day before.
        (utc(2026, 8, 11, 0, 30), "2026-08-09"),
    ],
)
def test_a_manual_run_processes_the_last_complete_day(load_dag, triggered_at, day):
    dag = load_dag()

    run = manual_run(dag, triggered_at=triggered_at)

    assert rendered_arguments(dag, run, DagRunType.MANUAL, logical_date=triggered_at) == {
        "aggregate": ["--date", day],
        "quality_gate": ["check", "--date", day],
        "archive": ["archive", "--date", day],
    }


def test_a_run_without_a_data_interval_fails_before_the_job_starts(load_dag):
    dag = load_dag()
    # What a manual trigger without a logical date creates in Airflow 3.
    run = DagRunInfo(run_after=utc(2026, 8, 11, 15), data_interval=None)

    with pytest.raises(ValueError, match="has no data interval"):
        render_task(dag.task_dict["aggregate"], run, run_type=DagRunType.MANUAL, logical_date=None)
