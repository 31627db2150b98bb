"""
A throw-away Airflow for the tests: its own AIRFLOW_HOME with a SQLite metadata database, this project's DAG
folder, no example DAGs. Set here, before any test module imports Airflow, since Airflow reads its
configuration once at import; a developer's own AIRFLOW_HOME is never touched.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

AIRFLOW_DIR = Path(__file__).resolve().parents[1]
DAGS_FOLDER = AIRFLOW_DIR / "dags"
REPO_ROOT = AIRFLOW_DIR.parent
DAG_ID = "crypto_daily_aggregation"
BUNDLE_NAME = "dags-folder"

_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="crypto-pipeline-airflow-home-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_AIRFLOW_HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}",
    }
)
# Each test states the pipeline settings it runs with; none leak in from the developer's shell.
for _name in [name for name in os.environ if name.startswith("CRYPTO_PIPELINE_")]:
    del os.environ[_name]


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """The migrated metadata database, for tests that run DAGs (about 2 s, once)."""
    subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return _AIRFLOW_HOME / "airflow.db"


@pytest.fixture
def load_dag(monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """
    Parses the DAG folder the way the DAG processor does, with the given CRYPTO_PIPELINE_* settings, and returns
    the DAG. The environment stays set for the rest of the test, as it would on the worker.
    """
    from airflow.dag_processing.dagbag import BundleDagBag

    def load(**settings: str):
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        bag = BundleDagBag(dag_folder=DAGS_FOLDER, bundle_path=DAGS_FOLDER, bundle_name=BUNDLE_NAME)
        assert bag.import_errors == {}
        return bag.dags[DAG_ID]

    return load


@dataclass(frozen=True)
class FakeJob:
    """The local runner pointed at fake_aggregate_service.py instead of the real jar."""

    calls_file: Path

    def settings(
        self,
        *,
        aggregate: Sequence[int] = (0,),
        check: Sequence[int] = (0,),
        archive: Sequence[int] = (0,),
        repair: Sequence[int] = (0,),
    ) -> dict[str, str]:
        """CRYPTO_PIPELINE_* settings for `load_dag`, with the exit codes the fake job answers in turn."""
        script = Path(__file__).with_name("fake_aggregate_service.py")
        return {
            "CRYPTO_PIPELINE_RUNNER": "local",
            "CRYPTO_PIPELINE_LOCAL_COMMAND": shlex.join([sys.executable, str(script)]),
            "CRYPTO_PIPELINE_INGEST_LOCAL_COMMAND": shlex.join([sys.executable, str(script)]),
            "FAKE_JOB_CALLS": str(self.calls_file),
            "FAKE_JOB_EXIT_CODES": json.dumps(
                {"aggregate": list(aggregate), "check": list(check), "archive": list(archive), "repair": list(repair)}
            ),
        }

    def calls(self) -> list[dict]:
        if not self.calls_file.exists():
            return []
        return [json.loads(line) for line in self.calls_file.read_text().splitlines()]


@pytest.fixture
def fake_job(tmp_path: Path) -> FakeJob:
    return FakeJob(tmp_path / "fake-aggregate-service-calls.jsonl")
