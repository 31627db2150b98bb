"""
The aggregate-service's exit codes, and what each one makes of an Airflow task.

The contract of the job's command line (same in a pod and as a local process):
0 = done (for `check`: the data is good), 1 = technical failure, 2 = usage error, 3 = quality gate failed
(for `archive`: a raw day about to expire has no archive), 4 = (aggregate only) the day was aggregated and failed the
quality gate only on holes a repair can still fill. The ingest-service's `repair-day` keeps to 0, 1 and 2.

Retrying only makes sense when the next try can end differently. A technical failure (database unreachable,
pod evicted, out of memory) can; bad data and a wrong command line cannot, so those fail the task at once,
through AirflowFailException, which Airflow never retries.
"""

from __future__ import annotations

from airflow.sdk.exceptions import AirflowException, AirflowFailException

SUCCESS = 0
TECHNICAL_FAILURE = 1
USAGE_ERROR = 2
QUALITY_GATE_FAILED = 3
GATE_FAILED_REPAIRABLE = 4


class QualityGateFailed(AirflowFailException):
    """The day's data did not pass the quality gate: the data is bad, the job did its work."""


class ArchiveMissingBeforeExpiry(AirflowFailException):
    """`archive` found raw days about to expire that no archive holds: they need archiving, a retry cannot help."""


class HolesLeftAfterRepair(AirflowFailException):
    """The day still fails the gate on fillable holes after its repair: repairing again would fetch the same data."""


class JobUsageError(AirflowFailException):
    """The job refused its command line: a deployment mistake that no retry fixes."""


class JobFailed(AirflowException):
    """The job broke for a technical reason; the task's retries apply."""


def raise_for_exit_code(exit_code: int, *, job: str) -> None:
    """Raise what the exit code of `job` (a description such as "check --date 2026-08-10") means to Airflow."""
    if exit_code == SUCCESS:
        return
    if exit_code == QUALITY_GATE_FAILED and job.startswith("archive"):
        raise ArchiveMissingBeforeExpiry(
            f"Raw days about to expire have no archive (`{job}`, exit code 3; the job's log names them); "
            "not retrying. Archive those days (archive --from ... --to ...), then clear this task."
        )
    if exit_code == QUALITY_GATE_FAILED:
        raise QualityGateFailed(
            f"Quality gate failed for `{job}` (exit code 3): the data is bad, not the job; not retrying. "
            "Fix or re-ingest the data, then clear this task."
        )
    if exit_code == GATE_FAILED_REPAIRABLE:
        # Only a task that does not skip on 4 gets here: the aggregation after the repair.
        raise HolesLeftAfterRepair(
            f"`{job}` still fails the quality gate on holes a repair could fill, after the repair (exit code 4; the "
            "job's line names them); not retrying. Check ingest's repair-day log, repair the day, then clear this task."
        )
    if exit_code == USAGE_ERROR:
        raise JobUsageError(f"`{job}` rejected its arguments (exit code 2); not retrying.")
    raise JobFailed(f"`{job}` failed (exit code {exit_code}); the task's retries apply.")
