"""
The job's exit codes as each runner reports them to Airflow: bad data (3) and a usage error (2) fail the task
at once, through AirflowFailException, which Airflow never retries; anything else is a retryable failure.
"""

from __future__ import annotations

import shlex
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import pytest
from airflow.sdk.api.datamodels._generated import DagRunType
from airflow.sdk.exceptions import AirflowException, AirflowFailException
from airflow.timetables.base import DataInterval
from kubernetes.client import models as k8s

from airflow_runtime import next_scheduled_run, render_task
from airflow.sdk.exceptions import AirflowSkipException

from cryptopipe_airflow.exit_codes import HolesLeftAfterRepair, JobFailed, JobUsageError, QualityGateFailed

RUN_OF_2026_08_11 = DataInterval(datetime(2026, 8, 9, 1, tzinfo=UTC), datetime(2026, 8, 10, 1, tzinfo=UTC))


def rendered(dag, task_id: str):
    run = next_scheduled_run(dag, after=RUN_OF_2026_08_11, catchup=True)
    return render_task(dag.task_dict[task_id], run, run_type=DagRunType.SCHEDULED)


def wait_until(condition: Callable[[], object], what: str, *, timeout: float = 60) -> object:
    """Polls until `condition` gives something truthy and returns it; fails after a generous `timeout`."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for: {what}"
        time.sleep(0.1)
    return result


def is_running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (exited, waiting to be reaped by whoever adopted it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def finished_pod(request: k8s.V1Pod, *, phase: str, exit_code: int | None) -> k8s.V1Pod:
    """The pod as the cluster reports it once it stopped; no exit code = its container never ran."""
    state = (
        k8s.V1ContainerState(terminated=k8s.V1ContainerStateTerminated(exit_code=exit_code))
        if exit_code is not None
        else k8s.V1ContainerState(waiting=k8s.V1ContainerStateWaiting(reason="ImagePullBackOff"))
    )
    status = k8s.V1ContainerStatus(
        name="base", image=request.spec.containers[0].image, image_id="", ready=False, restart_count=0, state=state
    )
    return k8s.V1Pod(
        metadata=request.metadata, spec=request.spec, status=k8s.V1PodStatus(phase=phase, container_statuses=[status])
    )


class PodOutcome:
    """What the operator made of a finished pod: the exception it raised, and whether it deleted the pod."""

    def __init__(self, dag, task_id: str, *, phase: str, exit_code: int | None) -> None:
        task, context = rendered(dag, task_id)
        request = task.build_pod_request_obj(context, dry_run=True)
        remote_pod = finished_pod(request, phase=phase, exit_code=exit_code)
        # Stand-ins for the cluster API, which cleanup asks for the pod, to label it and to delete it.
        task.client = mock.Mock(name="CoreV1Api")
        task.pod_manager = mock.Mock(name="PodManager")
        task.pod_manager.read_pod.return_value = remote_pod
        self.raised: BaseException | None = None
        try:
            task.cleanup(pod=request, remote_pod=remote_pod, context=context)
        except BaseException as raised:  # noqa: BLE001 - what was raised is the outcome under test
            self.raised = raised
        self.pod_deleted = task.pod_manager.delete_pod.called


def pod_outcome(dag, task_id: str, *, phase: str, exit_code: int | None) -> BaseException | None:
    return PodOutcome(dag, task_id, phase=phase, exit_code=exit_code).raised


class TestKubernetesRunner:
    def test_bad_data_fails_the_quality_gate_without_retry(self, load_dag):
        outcome = pod_outcome(load_dag(), "quality_gate", phase="Failed", exit_code=3)

        assert isinstance(outcome, QualityGateFailed)
        assert isinstance(outcome, AirflowFailException)
        assert "Quality gate failed for `check --date 2026-08-10`" in str(outcome)

    @pytest.mark.parametrize("task_id", ["aggregate", "quality_gate"])
    def test_technical_failure_is_retryable(self, load_dag, task_id):
        outcome = pod_outcome(load_dag(), task_id, phase="Failed", exit_code=1)

        assert isinstance(outcome, JobFailed)
        assert not isinstance(outcome, AirflowFailException)

    @pytest.mark.parametrize("task_id", ["aggregate", "quality_gate"])
    def test_usage_error_fails_without_retry(self, load_dag, task_id):
        outcome = pod_outcome(load_dag(), task_id, phase="Failed", exit_code=2)

        assert isinstance(outcome, JobUsageError)
        assert isinstance(outcome, AirflowFailException)

    def test_fillable_holes_skip_the_first_aggregation_into_the_repair(self, load_dag):
        outcome = PodOutcome(load_dag(), "aggregate", phase="Failed", exit_code=4)

        assert isinstance(outcome.raised, AirflowSkipException)
        assert "exit code 4" in str(outcome.raised)

    def test_holes_left_after_the_repair_fail_the_second_aggregation_without_retry(self, load_dag):
        outcome = pod_outcome(load_dag(), "aggregate_again", phase="Failed", exit_code=4)

        assert isinstance(outcome, HolesLeftAfterRepair)
        assert isinstance(outcome, AirflowFailException)

    @pytest.mark.parametrize("exit_code", [1, 2])
    def test_the_repair_pod_follows_the_same_contract(self, load_dag, exit_code):
        outcome = pod_outcome(load_dag(), "repair", phase="Failed", exit_code=exit_code)

        assert isinstance(outcome, JobUsageError if exit_code == 2 else JobFailed)
        assert "`repair-day --date 2026-08-10`" in str(outcome)

    def test_pod_that_never_ran_the_job_keeps_the_providers_retryable_error(self, load_dag):
        outcome = pod_outcome(load_dag(), "quality_gate", phase="Failed", exit_code=None)

        assert isinstance(outcome, AirflowException)
        assert not isinstance(outcome, AirflowFailException)
        assert "returned a failure" in str(outcome)

    @pytest.mark.parametrize("task_id", ["aggregate", "quality_gate"])
    def test_succeeded_pod_is_success_and_deleted(self, load_dag, task_id):
        outcome = PodOutcome(load_dag(), task_id, phase="Succeeded", exit_code=0)

        assert outcome.raised is None
        assert outcome.pod_deleted

    def test_failed_pod_is_kept_for_inspection(self, load_dag):
        outcome = PodOutcome(load_dag(), "quality_gate", phase="Failed", exit_code=3)

        assert isinstance(outcome.raised, QualityGateFailed)
        assert not outcome.pod_deleted


class TestLocalRunner:
    def run_local(self, load_dag, fake_job, task_id: str, **exit_codes: list[int]) -> BaseException | None:
        dag = load_dag(**fake_job.settings(**exit_codes), MONGODB_URI="mongodb://127.0.0.1:1/from-the-worker")
        task, context = rendered(dag, task_id)
        try:
            task.execute(context)
        except BaseException as raised:  # noqa: BLE001 - what was raised is the outcome under test
            return raised
        return None

    def test_bad_data_fails_the_quality_gate_without_retry(self, load_dag, fake_job):
        outcome = self.run_local(load_dag, fake_job, "quality_gate", check=[3])

        assert isinstance(outcome, QualityGateFailed)
        assert isinstance(outcome, AirflowFailException)

    @pytest.mark.parametrize(("task_id", "kind"), [("aggregate", "aggregate"), ("quality_gate", "check")])
    def test_technical_failure_is_retryable(self, load_dag, fake_job, task_id, kind):
        outcome = self.run_local(load_dag, fake_job, task_id, **{kind: [1]})

        assert isinstance(outcome, JobFailed)
        assert not isinstance(outcome, AirflowFailException)

    @pytest.mark.parametrize(("task_id", "kind"), [("aggregate", "aggregate"), ("quality_gate", "check")])
    def test_usage_error_fails_without_retry(self, load_dag, fake_job, task_id, kind):
        outcome = self.run_local(load_dag, fake_job, task_id, **{kind: [2]})

        assert isinstance(outcome, JobUsageError)

    def test_fillable_holes_skip_the_first_aggregation_and_fail_the_second(self, load_dag, fake_job):
        assert isinstance(self.run_local(load_dag, fake_job, "aggregate", aggregate=[4]), AirflowSkipException)
        assert isinstance(self.run_local(load_dag, fake_job, "aggregate_again", aggregate=[4]), HolesLeftAfterRepair)

    def test_the_repair_runs_ingests_command_line(self, load_dag, fake_job):
        assert self.run_local(load_dag, fake_job, "repair") is None

        assert [(call["kind"], call["argv"]) for call in fake_job.calls()] == [
            ("repair", ["repair-day", "--date", "2026-08-10"])
        ]

    def test_process_gets_the_same_arguments_as_the_pod_and_the_workers_mongodb_uri(self, load_dag, fake_job):
        assert self.run_local(load_dag, fake_job, "aggregate") is None
        assert self.run_local(load_dag, fake_job, "quality_gate") is None

        assert [(call["argv"], call["mongodb_uri"]) for call in fake_job.calls()] == [
            (["--date", "2026-08-10"], "mongodb://127.0.0.1:1/from-the-worker"),
            (["check", "--date", "2026-08-10"], "mongodb://127.0.0.1:1/from-the-worker"),
        ]

    def test_the_job_runs_in_the_workers_working_directory(self, load_dag, fake_job, tmp_path, monkeypatch):
        # SubprocessHook would run it in a throw-away directory: a relative path would then point elsewhere.
        monkeypatch.chdir(tmp_path)

        assert self.run_local(load_dag, fake_job, "aggregate") is None

        assert [call["cwd"] for call in fake_job.calls()] == [str(tmp_path)]

    def test_killing_the_task_stops_the_job_and_every_process_it_started(self, load_dag, tmp_path):
        # A job that started a process of its own, which holds the job's output open: stopping only the job's
        # process would leave the child running and the task waiting for the output to end.
        child_pid_file = tmp_path / "child.pid"
        job = f"sleep 600 & echo $! > {shlex.quote(str(child_pid_file))}; wait"
        dag = load_dag(CRYPTO_PIPELINE_RUNNER="local", CRYPTO_PIPELINE_LOCAL_COMMAND=shlex.join(["sh", "-c", job, "job"]))
        task, context = rendered(dag, "aggregate")
        outcome: dict[str, BaseException] = {}

        def run() -> None:
            try:
                task.execute(context)
            except BaseException as raised:  # noqa: BLE001 - what was raised is the outcome under test
                outcome["raised"] = raised

        runner = threading.Thread(target=run, daemon=True)
        runner.start()
        child_pid = wait_until(lambda: child_pid_file.exists() and child_pid_file.read_text().strip(), "job started")
        task.on_kill()
        # Generous bounds, for a busy machine: they only prove that the kill ends the task, not how fast.
        runner.join(timeout=60)

        assert not runner.is_alive(), "the task still waits for the job after on_kill"
        assert isinstance(outcome.get("raised"), JobFailed)
        wait_until(lambda: not is_running(int(child_pid)), "the job's child process stopped")

    def test_missing_executable_fails_without_retry(self, load_dag, tmp_path):
        dag = load_dag(CRYPTO_PIPELINE_RUNNER="local", CRYPTO_PIPELINE_LOCAL_COMMAND=str(tmp_path / "no-such-java"))
        task, context = rendered(dag, "aggregate")

        with pytest.raises(JobUsageError, match="Cannot start .*no-such-java"):
            task.execute(context)

    def test_default_command_is_the_built_jar_of_this_repository(self, load_dag):
        from conftest import REPO_ROOT

        dag = load_dag(CRYPTO_PIPELINE_RUNNER="local")

        assert dag.task_dict["aggregate"].command == [
            "java",
            "-jar",
            str(REPO_ROOT / "aggregate-service" / "target" / "quarkus-app" / "quarkus-run.jar"),
        ]
