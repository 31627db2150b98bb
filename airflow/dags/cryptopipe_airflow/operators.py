"""The two ways to run the aggregate-service from a task, with one exit-code contract (see exit_codes)."""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.standard.hooks.subprocess import SubprocessHook
from airflow.sdk import BaseOperator
from airflow.sdk.exceptions import AirflowException, AirflowSkipException

from cryptopipe_airflow.exit_codes import JobUsageError, raise_for_exit_code

if TYPE_CHECKING:
    from airflow.sdk import Context
    from kubernetes.client import models as k8s


def record_asset_extra(context: Context, outlets: Sequence[Any], extra: dict | None) -> None:
    """Attach `extra` (rendered, e.g. the archived day) to the asset events a successful task emits."""
    if not extra:
        return
    for outlet in outlets:
        context["outlet_events"][outlet].extra = dict(extra)


class AggregateJobPodOperator(KubernetesPodOperator):
    """
    A KubernetesPodOperator that reads the job's exit code when its pod fails.

    The stock operator turns every failed pod into the same retryable error; here an exit code that a retry
    cannot change (bad data, usage error) fails the task at once instead. `asset_extra` (templated) goes with the
    asset events of its outlets.
    """

    template_fields: Sequence[str] = (*KubernetesPodOperator.template_fields, "asset_extra")

    def __init__(self, *, asset_extra: dict | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.asset_extra = asset_extra

    def execute(self, context: Context) -> Any:
        result = super().execute(context)
        record_asset_extra(context, self.outlets, self.asset_extra)
        return result

    def cleanup(
        self,
        pod: k8s.V1Pod,
        remote_pod: k8s.V1Pod,
        xcom_result: dict | None = None,
        context: Context | None = None,
    ) -> None:
        try:
            super().cleanup(pod, remote_pod, xcom_result=xcom_result, context=context)
        except AirflowSkipException:
            raise
        except AirflowException as failure:
            exit_code = base_container_exit_code(remote_pod, self.base_container_name)
            if exit_code is None:
                # The job never ran to an end (image pull, eviction, deadline): the provider's retryable error stands.
                raise
            try:
                raise_for_exit_code(exit_code, job=shlex.join(self.arguments or []))
            except AirflowException as meaning:
                raise meaning from failure
            # The job's container succeeded but the pod did not (a sidecar failed): keep the stock error.
            raise


def base_container_exit_code(remote_pod: k8s.V1Pod | None, container_name: str) -> int | None:
    """The exit code of the job's container if it terminated, else None."""
    statuses = (remote_pod.status.container_statuses if remote_pod and remote_pod.status else None) or []
    for status in statuses:
        if status.name == container_name and status.state and status.state.terminated:
            return status.state.terminated.exit_code
    return None


class LocalProcessOperator(BaseOperator):
    """
    Runs the aggregate-service as a process on the worker, for a machine without a Kubernetes cluster.

    Same arguments, exit-code contract and `skip_on_exit_code` as the pod. The process is started by the standard provider's
    SubprocessHook (the one BashOperator uses): its output goes line by line into the task log, it runs in a
    process group of its own, and on_kill sends that whole group SIGTERM (the job shuts down gracefully on it). The
    process inherits the worker's environment, which is where MONGODB_URI comes from; the command line carries no
    secret, so it is logged as is. `asset_extra` (templated) goes with the asset events of its outlets.
    """

    template_fields: Sequence[str] = ("arguments", "asset_extra")
    ui_color = "#e8f4f8"

    def __init__(
        self,
        *,
        command: Sequence[str],
        arguments: Sequence[str],
        asset_extra: dict | None = None,
        skip_on_exit_code: Sequence[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.command = list(command)
        self.arguments = list(arguments)
        self.asset_extra = asset_extra
        self.skip_on_exit_code = list(skip_on_exit_code)
        self._hook: SubprocessHook | None = None

    def execute(self, context: Context) -> None:
        job = shlex.join(self.arguments)
        self._hook = SubprocessHook()
        try:
            # In the worker's working directory, not the hook's default throw-away one: a relative path in
            # CRYPTO_PIPELINE_LOCAL_COMMAND or in the job's own settings (an archive folder) means what it says.
            result = self._hook.run_command([*self.command, *self.arguments], cwd=os.getcwd())
        except OSError as e:
            # A missing java is a broken deployment, which no retry repairs.
            raise JobUsageError(f"Cannot start {shlex.join(self.command)} for `{job}`: {e}") from e
        except BaseException:
            # A task timeout (AirflowTaskTimeout, a BaseException) unwinds through here: the job must not outlive
            # its task, whether or not Airflow calls on_kill afterwards.
            self.on_kill()
            raise
        self.log.info("`%s` exited with code %d", job, result.exit_code)
        if result.exit_code in self.skip_on_exit_code:
            # As KubernetesPodOperator's skip_on_exit_code does for a pod.
            raise AirflowSkipException(f"`{job}` exited with code {result.exit_code}. Skipping.")
        raise_for_exit_code(result.exit_code, job=job)
        record_asset_extra(context, self.outlets, self.asset_extra)

    def on_kill(self) -> None:
        hook = self._hook
        # Only a process still running: the group of one that has exited may no longer exist.
        if hook is not None and hook.sub_process is not None and hook.sub_process.poll() is None:
            hook.send_sigterm()
