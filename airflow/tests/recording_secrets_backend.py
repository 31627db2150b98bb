"""A secrets backend that writes down every Variable and Connection lookup, to catch reads at parse time."""

from __future__ import annotations

from pathlib import Path

from airflow.secrets.base_secrets import BaseSecretsBackend


class RecordingSecretsBackend(BaseSecretsBackend):
    def __init__(self, record_to: str) -> None:
        super().__init__()
        self._record_to = Path(record_to)

    def _record(self, what: str) -> None:
        with self._record_to.open("a") as record:
            record.write(what + "\n")

    def get_conn_value(self, conn_id: str, team_name: str | None = None) -> str | None:
        self._record(f"connection {conn_id}")
        return None

    def get_variable(self, key: str, team_name: str | None = None) -> str | None:
        self._record(f"variable {key}")
        return None
