"""The backfill command of airflow/README.md, planned by Airflow's own CLI (dry run): which days it re-aggregates."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import DAG_ID


def airflow_cli(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "airflow", *args], capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.usefixtures("airflow_db")
def test_readme_backfill_plans_one_run_per_day_from_the_first_day_to_the_day_before_to_date():
    airflow_cli("dags", "reserialize")

    plan = airflow_cli(
        "backfill", "create", "--dag-id", DAG_ID, "--from-date", "2026-08-01", "--to-date", "2026-08-11", "--dry-run"
    )

    logical_dates = re.findall(r"^\|\s*(\d{4}-\d{2}-\d{2}) 01:00:00\+00:00\s*\|", plan, flags=re.MULTILINE)
    # A run's day is the date of its logical date (the start of its 01:00 -> 01:00 interval): 08-01 ... 08-10.
    assert logical_dates == [f"2026-08-{day:02d}" for day in range(1, 11)], plan
