"""
Settings of the daily aggregation DAG, read from environment variables when the DAG file is parsed.

Environment variables rather than Airflow Variables or Connections: reading those at parse time costs a
metadata-database round trip on every parse of the file, and what changes here (the image tag, the namespace,
where the job runs) is deployment configuration that belongs with the deployment.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# airflow/dags/cryptopipe_airflow/settings.py -> the repository root, where the Maven build puts the job's jar.
REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_LOCAL_JAR = REPO_ROOT / "aggregate-service" / "target" / "quarkus-app" / "quarkus-run.jar"
DEFAULT_INGEST_LOCAL_JAR = REPO_ROOT / "ingest-service" / "target" / "quarkus-app" / "quarkus-run.jar"


class Runner(StrEnum):
    """Where the aggregate-service runs."""

    KUBERNETES = "kubernetes"
    LOCAL = "local"


@dataclass(frozen=True)
class PipelineSettings:
    """What the DAG needs to know about its deployment; every field has a default that suits production."""

    runner: Runner = Runner.KUBERNETES
    """CRYPTO_PIPELINE_RUNNER: `kubernetes` (one pod per task) or `local` (a process on the worker)."""

    image: str = "cryptopipe/aggregate-service:1.0.0-SNAPSHOT"
    """CRYPTO_PIPELINE_IMAGE: the aggregate-service container image."""

    ingest_image: str = "cryptopipe/ingest-service:1.0.0-SNAPSHOT"
    """CRYPTO_PIPELINE_INGEST_IMAGE: the ingest-service container image (its `repair-day` repairs a day's holes)."""

    coingecko_secret_key: str = "coingecko-api-key"
    """CRYPTO_PIPELINE_COINGECKO_SECRET_KEY: the key of the CoinGecko API key in the Secret (optional there: without
    it the repair runs keyless, on the configured plan)."""

    namespace: str = "crypto-pipeline"
    """CRYPTO_PIPELINE_NAMESPACE: the Kubernetes namespace the pods run in."""

    mongodb_secret: str = "crypto-pipeline-secrets"
    """CRYPTO_PIPELINE_MONGODB_SECRET: the Kubernetes Secret that holds the MongoDB connection string."""

    mongodb_secret_key: str = "mongodb-uri"
    """CRYPTO_PIPELINE_MONGODB_SECRET_KEY: the key of the connection string in that Secret."""

    config_map: str = "crypto-pipeline-config"
    """CRYPTO_PIPELINE_CONFIGMAP: the ConfigMap whose entries become the pod's environment (KAFKA_BOOTSTRAP_SERVERS,
    MONGODB_DATABASE, ...), the one the services use."""

    local_command: tuple[str, ...] = ("java", "-jar", str(DEFAULT_LOCAL_JAR))
    """CRYPTO_PIPELINE_LOCAL_COMMAND: how the local runner starts the job (split like a shell would)."""

    ingest_local_command: tuple[str, ...] = ("java", "-jar", str(DEFAULT_INGEST_LOCAL_JAR))
    """CRYPTO_PIPELINE_INGEST_LOCAL_COMMAND: how the local runner starts the ingest-service for `repair-day`."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> PipelineSettings:
        defaults = cls()
        runner_name = environ.get("CRYPTO_PIPELINE_RUNNER", defaults.runner.value).strip().lower()
        try:
            runner = Runner(runner_name)
        except ValueError:
            allowed = ", ".join(r.value for r in Runner)
            # Failing the parse shows up as an import error in the UI, instead of a DAG that runs somewhere else.
            raise ValueError(f"CRYPTO_PIPELINE_RUNNER must be one of {allowed}, not {runner_name!r}") from None
        command = environ.get("CRYPTO_PIPELINE_LOCAL_COMMAND")
        local_command = tuple(shlex.split(command)) if command else defaults.local_command
        if not local_command:
            raise ValueError("CRYPTO_PIPELINE_LOCAL_COMMAND is set but empty")
        ingest_command = environ.get("CRYPTO_PIPELINE_INGEST_LOCAL_COMMAND")
        ingest_local_command = tuple(shlex.split(ingest_command)) if ingest_command else defaults.ingest_local_command
        if not ingest_local_command:
            raise ValueError("CRYPTO_PIPELINE_INGEST_LOCAL_COMMAND is set but empty")
        return cls(
            runner=runner,
            image=environ.get("CRYPTO_PIPELINE_IMAGE", defaults.image),
            ingest_image=environ.get("CRYPTO_PIPELINE_INGEST_IMAGE", defaults.ingest_image),
            coingecko_secret_key=environ.get("CRYPTO_PIPELINE_COINGECKO_SECRET_KEY", defaults.coingecko_secret_key),
            namespace=environ.get("CRYPTO_PIPELINE_NAMESPACE", defaults.namespace),
            mongodb_secret=environ.get("CRYPTO_PIPELINE_MONGODB_SECRET", defaults.mongodb_secret),
            mongodb_secret_key=environ.get("CRYPTO_PIPELINE_MONGODB_SECRET_KEY", defaults.mongodb_secret_key),
            config_map=environ.get("CRYPTO_PIPELINE_CONFIGMAP", defaults.config_map),
            local_command=local_command,
            ingest_local_command=ingest_local_command,
        )
