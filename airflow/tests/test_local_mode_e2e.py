"""
End to end in local mode: the real aggregate-service jar, launched by `airflow dags test`, against the local
stack's MongoDB wire server, on raw observations this test writes and checks the daily documents against.

Needs the Java modules built (`./mvnw -B package -DskipTests` at the repository root); without them it fails
and says so, it never skips.

What it expects of the aggregate-service command line:
  `--date YYYY-MM-DD`          aggregates that UTC day into crypto_market.market_data_daily, replacing the
                               day's documents of an earlier run; exit 0.
  `check --date YYYY-MM-DD`    exit 0 when every coin of the day has observations all day long (here one every
                               minute); exit 3 when a coin has a gap of many hours (here 06:00-18:00 missing).
  MONGODB_URI from the environment; database crypto_market (the job's default).
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from airflow_runtime import task_states
from conftest import DAG_ID, REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("airflow_db")]

VERSION = "1.0.0-SNAPSHOT"
LOCAL_STACK_JAR = REPO_ROOT / "local-stack" / "target" / f"local-stack-{VERSION}.jar"
LOCAL_STACK_LIB = REPO_ROOT / "local-stack" / "target" / "lib"
AGGREGATE_JAR = REPO_ROOT / "aggregate-service" / "target" / "quarkus-app" / "quarkus-run.jar"
# Where the real job's `archive` task writes (a folder target), fresh for each test session.
ARCHIVE_DIR = Path(tempfile.mkdtemp(prefix="crypto-archive-"))
BUILD_HINT = f"build the Java modules first: (cd {REPO_ROOT} && ./mvnw -B package -DskipTests)"

# The run of 2026-08-11 01:00 UTC processes 2026-08-10 (a gappy coin in it); the one of 08-13 processes 08-12.
GAPPY_DAY = datetime(2026, 8, 10, tzinfo=UTC)
CLEAN_DAY = datetime(2026, 8, 12, tzinfo=UTC)
GAPPY_RUN = GAPPY_DAY + timedelta(days=1, hours=1)
CLEAN_RUN = CLEAN_DAY + timedelta(days=1, hours=1)


class Coin(NamedTuple):
    symbol: str
    name: str
    market_cap_rank: int
    first_price: float
    circulating_supply: float


COINS = {
    "bitcoin": Coin("btc", "Bitcoin", 1, 61_250.0, 19_700_000.0),
    "ethereum": Coin("eth", "Ethereum", 2, 3_120.5, 120_200_000.0),
    "solana": Coin("sol", "Solana", 5, 142.37, 465_000_000.0),
}
GAPPY_COIN = "solana"
GAP = (timedelta(hours=6), timedelta(hours=18))
DAG_TEST_TIMEOUT = 420
# The repair branch of a run whose first aggregation did not exit 4.
NO_REPAIR = {"repair": ("skipped", 0), "aggregate_again": ("skipped", 0), "quality_gate_again": ("skipped", 0)}


def require_java_modules_built() -> None:
    """Fails the test (a failure, not a skip nor a setup error) when the jars it runs are missing."""
    missing = [str(path) for path in (LOCAL_STACK_JAR, LOCAL_STACK_LIB, AGGREGATE_JAR) if not path.exists()]
    if missing:
        pytest.fail(f"Missing {', '.join(missing)}: {BUILD_HINT}", pytrace=False)


LOCAL_STACK_KAFKA: list[str] = []


def free_port(*, with_next: bool = False) -> int:
    """A free loopback port; with_next: the port after it is free too (the Kafka controller takes it)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            if not with_next:
                return port
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
                return port
    raise RuntimeError("no free pair of loopback ports")


@pytest.fixture(scope="module")
def mongodb_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Starts the local stack (its MongoDB wire server is what this test needs) and stops it afterwards."""
    data_dir = tmp_path_factory.mktemp("local-stack")
    log_path = data_dir / "local-stack.log"
    command = [
        "java",
        "-cp",
        f"{LOCAL_STACK_JAR}:{LOCAL_STACK_LIB}/*",
        "io.cryptopipe.localstack.LocalStack",
        "--data-dir", str(data_dir),
        "--kafka-port", str(free_port(with_next=True)),
        "--mongo-port", str(free_port()),
        "--coingecko-port", str(free_port()),
    ]  # fmt: skip
    with log_path.open("w") as log:
        stack = subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        ready = wait_for_ready_line(stack, log_path, timeout=120)
        settings = dict(item.split("=", 1) for item in ready.split() if "=" in item)
        # The job also sends its market.daily events to the stack's broker.
        LOCAL_STACK_KAFKA.append(settings["KAFKA_BOOTSTRAP_SERVERS"])
        yield settings["MONGODB_URI"]
    finally:
        stack.terminate()
        try:
            stack.wait(timeout=30)
        except subprocess.TimeoutExpired:
            stack.kill()
            stack.wait()


def wait_for_ready_line(stack: subprocess.Popen, log_path: Path, *, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            if line.startswith("LOCAL-STACK READY"):
                return line
        if stack.poll() is not None:
            pytest.fail(f"The local stack exited with {stack.returncode}:\n{log_path.read_text()}", pytrace=False)
        time.sleep(0.2)
    pytest.fail(f"The local stack was not ready within {timeout} s:\n{log_path.read_text()}", pytrace=False)


@dataclass(frozen=True)
class Observation:
    coin_id: str
    timestamp: datetime
    price: float
    total_volume: float
    market_cap: float

    def raw_document(self) -> dict:
        """A market_data_raw document, in the shape store-service writes (see docs/document-shapes.md)."""
        coin = COINS[self.coin_id]
        return {
            "coin_id": self.coin_id,
            "timestamp": self.timestamp,
            "fetched_at": self.timestamp + timedelta(seconds=20),
            "source": "poll",
            "schema_version": 1,
            "symbol": coin.symbol,
            "name": coin.name,
            "current_price": self.price,
            "market_cap": self.market_cap,
            "market_cap_rank": coin.market_cap_rank,
            "total_volume": self.total_volume,
            "high_24h": round(self.price * 1.021, 6),
            "low_24h": round(self.price * 0.979, 6),
            "price_change_24h": round(self.price * 0.004, 6),
            "price_change_percentage_24h": 0.4,
            "circulating_supply": coin.circulating_supply,
        }

    @classmethod
    def of_bitcoin(cls, timestamp: datetime, price: float) -> Observation:
        return cls("bitcoin", timestamp, price, 2.5e10, price * COINS["bitcoin"].circulating_supply)


def observations_of_day(day: datetime, coin_id: str, *, gappy: bool, seed: int) -> list[Observation]:
    """One observation a minute from 00:00 to 23:59, a slow random walk; a gappy coin misses 06:00-18:00."""
    rng = random.Random(seed)
    coin = COINS[coin_id]
    price = coin.first_price
    observations = []
    for minute in range(24 * 60):
        offset = timedelta(minutes=minute)
        price = round(price * (1 + rng.uniform(-0.0008, 0.0008)), 6)
        if gappy and GAP[0] <= offset < GAP[1]:
            continue
        volume = round(rng.uniform(0.8, 1.2) * 2.5e10 * price / coin.first_price, 2)
        market_cap = round(price * coin.circulating_supply, 2)
        observations.append(Observation(coin_id, day + offset, price, volume, market_cap))
    return observations


def expected_daily(day: datetime, observations: list[Observation]) -> dict:
    """The market_data_daily document of a coin and day, computed here from the observations written."""
    ordered = sorted(observations, key=lambda o: o.timestamp)
    coin_id = ordered[0].coin_id
    prices = [o.price for o in ordered]
    return {
        "coin_id": coin_id,
        "date": day.date().isoformat(),
        "symbol": COINS[coin_id].symbol,
        "name": COINS[coin_id].name,
        "data_points": len(ordered),
        "first_timestamp": ordered[0].timestamp.replace(tzinfo=None),
        "last_timestamp": ordered[-1].timestamp.replace(tzinfo=None),
        "open_price": ordered[0].price,
        "close_price": ordered[-1].price,
        "min_price": min(prices),
        "max_price": max(prices),
        "avg_price": pytest.approx(sum(prices) / len(prices), rel=1e-9),
        "avg_total_volume": pytest.approx(sum(o.total_volume for o in ordered) / len(ordered), rel=1e-9),
        "last_total_volume": ordered[-1].total_volume,
        "avg_market_cap": pytest.approx(sum(o.market_cap for o in ordered) / len(ordered), rel=1e-9),
        "last_market_cap": ordered[-1].market_cap,
    }


def tail(output: str, lines: int = 80) -> str:
    return "\n".join(output.splitlines()[-lines:])


def run_dag_test(mongodb_uri: str, logical_date: datetime) -> subprocess.CompletedProcess:
    """`airflow dags test` in local mode, the way a user without a cluster runs the DAG."""
    env = {
        **os.environ,
        "CRYPTO_PIPELINE_RUNNER": "local",
        "MONGODB_URI": mongodb_uri,
        "KAFKA_BOOTSTRAP_SERVERS": LOCAL_STACK_KAFKA[-1],
        # This test's data has one observation a minute, so full coverage means one per minute.
        "AGGREGATE_QUALITY_EXPECTED_INTERVAL": "60s",
        "AGGREGATE_ARCHIVE_TARGET": ARCHIVE_DIR.as_uri(),
    }
    command = [sys.executable, "-m", "airflow", "dags", "test", DAG_ID, logical_date.isoformat()]
    try:
        return subprocess.run(command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=DAG_TEST_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        pytest.fail(
            f"`airflow dags test` did not finish in {DAG_TEST_TIMEOUT} s; a task was probably waiting for a retry "
            f"after a technical failure (exit 1):\n{tail(output)}",
            pytrace=False,
        )


def daily_documents(db, day: datetime) -> dict[str, dict]:
    """coin_id -> the day's document, reduced to the fields of the documented shape (the job may add more)."""
    documented = expected_daily(day, [Observation.of_bitcoin(day, 1.0)]).keys()
    documents = list(db.market_data_daily.find({"date": day.date().isoformat()}))
    by_coin = {document["coin_id"]: {field: document.get(field) for field in documented} for document in documents}
    assert len(by_coin) == len(documents), f"more than one document for a coin on {day.date()}: {documents}"
    return by_coin


@pytest.fixture
def db(mongodb_uri: str):
    """The pipeline's database in the local stack, as the aggregate-service finds it (MONGODB_DATABASE default)."""
    from pymongo import MongoClient

    with MongoClient(mongodb_uri, tz_aware=False, serverSelectionTimeoutMS=10_000) as client:
        yield client["crypto_market"]


def test_dag_aggregates_the_day_and_its_quality_gate_fails_at_once_on_a_gappy_coin(request):
    require_java_modules_built()
    mongodb_uri = request.getfixturevalue("mongodb_uri")
    db = request.getfixturevalue("db")
    written: dict[datetime, dict[str, list[Observation]]] = {
        GAPPY_DAY: {
            coin: observations_of_day(GAPPY_DAY, coin, gappy=coin == GAPPY_COIN, seed=seed)
            for seed, coin in enumerate(COINS)
        },
        CLEAN_DAY: {
            coin: observations_of_day(CLEAN_DAY, coin, gappy=False, seed=10 + seed) for seed, coin in enumerate(COINS)
        },
    }
    # Just outside the gappy day, on both sides, with prices outside its range: counting them would show.
    outside = [
        Observation.of_bitcoin(GAPPY_DAY - timedelta(seconds=1), 50_000.0),
        Observation.of_bitcoin(GAPPY_DAY + timedelta(days=1), 75_000.0),
    ]
    raw = [o for by_coin in written.values() for observations in by_coin.values() for o in observations]
    db.market_data_raw.insert_many([o.raw_document() for o in [*raw, *outside]], ordered=False)

    gappy_run = run_dag_test(mongodb_uri, GAPPY_RUN)

    output = gappy_run.stdout + gappy_run.stderr
    assert gappy_run.returncode != 0, tail(output)
    assert task_states(DAG_ID, GAPPY_RUN) == {
        "aggregate": ("success", 1),
        # Failed on its first try although the task has retries: bad data is not retried. Its hole is months older
        # than CoinGecko's 5-minute history, so the job did not ask for a repair (exit 4).
        "quality_gate": ("failed", 1),
        **NO_REPAIR,
        "archive": ("upstream_failed", 0),
    }, tail(output)
    if "Quality gate failed for `check --date 2026-08-10` (exit code 3)" not in output:
        pytest.fail(f"quality_gate did not fail through exit code 3:\n{tail(output)}", pytrace=False)
    documents = daily_documents(db, GAPPY_DAY)
    assert documents == {coin: expected_daily(GAPPY_DAY, obs) for coin, obs in written[GAPPY_DAY].items()}

    clean_run = run_dag_test(mongodb_uri, CLEAN_RUN)

    output = clean_run.stdout + clean_run.stderr
    # Same coins and cadence, no gap: the gate passes, so it failed above because of the gappy coin.
    assert clean_run.returncode == 0, tail(output)
    assert task_states(DAG_ID, CLEAN_RUN) == {
        "aggregate": ("success", 1),
        "quality_gate": ("success", 1),
        **NO_REPAIR,
        "archive": ("success", 1),
    }, tail(output)
    # The real job archived the clean day: its Parquet file and manifest, with every raw row of the day.
    day_folder = ARCHIVE_DIR / "market_data_raw" / f"date={CLEAN_DAY.date().isoformat()}"
    manifest = json.loads((day_folder / "_manifest.json").read_text())
    assert manifest["rows"] == sum(len(obs) for obs in written[CLEAN_DAY].values()), manifest
    assert (day_folder / "data.parquet").stat().st_size == manifest["file_bytes"]
    assert daily_documents(db, CLEAN_DAY) == {
        coin: expected_daily(CLEAN_DAY, obs) for coin, obs in written[CLEAN_DAY].items()
    }

    # A late observation arrives, then the day is run again (a cleared task, a backfill): its documents are
    # replaced, not duplicated, and nothing from the days around it leaks in.
    late = Observation.of_bitcoin(GAPPY_DAY + timedelta(hours=12, seconds=30), 61_999.5)
    db.market_data_raw.insert_one(late.raw_document())
    written[GAPPY_DAY]["bitcoin"].append(late)

    rerun = run_dag_test(mongodb_uri, GAPPY_RUN)

    output = rerun.stdout + rerun.stderr
    assert task_states(DAG_ID, GAPPY_RUN)["aggregate"] == ("success", 1), tail(output)
    assert daily_documents(db, GAPPY_DAY) == {
        coin: expected_daily(GAPPY_DAY, obs) for coin, obs in written[GAPPY_DAY].items()
    }
    assert sorted(db.market_data_daily.distinct("date")) == ["2026-08-10", "2026-08-12"]
    assert db.market_data_daily.count_documents({}) == 2 * len(COINS)
