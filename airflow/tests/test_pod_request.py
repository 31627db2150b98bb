"""
The pods the Kubernetes runner asks for, built by the provider from the rendered task exactly as it would send
them to the cluster (no cluster needed: the request object is built, not sent).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml
from airflow.sdk.api.datamodels._generated import DagRunType
from airflow.timetables.base import DataInterval
from kubernetes.client import ApiClient

from airflow_runtime import next_scheduled_run, render_task
from conftest import REPO_ROOT

RUN_OF_2026_08_11 = DataInterval(datetime(2026, 8, 9, 1, tzinfo=UTC), datetime(2026, 8, 10, 1, tzinfo=UTC))
EXPECTED_ARGS = {
    "aggregate": ["--date", "2026-08-10"],
    "quality_gate": ["check", "--date", "2026-08-10"],
    "aggregate_again": ["--date", "2026-08-10"],
    "quality_gate_again": ["check", "--date", "2026-08-10"],
    "archive": ["archive", "--date", "2026-08-10"],
}
JOB_TASKS = list(EXPECTED_ARGS)
ALL_TASKS = [*JOB_TASKS, "repair"]


def pod_for(dag, task_id: str):
    run = next_scheduled_run(dag, after=RUN_OF_2026_08_11, catchup=True)
    task, context = render_task(dag.task_dict[task_id], run, run_type=DagRunType.SCHEDULED)
    # dry_run: skips the one lookup that needs a kube config (whether Airflow itself runs in a cluster).
    return task, task.build_pod_request_obj(context, dry_run=True)


@pytest.mark.parametrize("task_id", JOB_TASKS)
def test_pod_runs_the_job_image_for_the_previous_utc_day(load_dag, task_id):
    _, pod = pod_for(load_dag(), task_id)
    (container,) = pod.spec.containers

    assert container.image == "cryptopipe/aggregate-service:1.0.0-SNAPSHOT"
    assert container.args == EXPECTED_ARGS[task_id]
    # The image's entrypoint starts the job; the task only passes arguments.
    assert not container.command
    assert pod.spec.restart_policy == "Never"
    assert pod.metadata.namespace == "crypto-pipeline"


@pytest.mark.parametrize("task_id", ALL_TASKS)
def test_mongodb_uri_comes_from_the_kubernetes_secret_never_from_the_dag(load_dag, task_id):
    _, pod = pod_for(load_dag(), task_id)
    (container,) = pod.spec.containers

    env = next(env for env in container.env if env.name == "MONGODB_URI")
    assert env.value is None
    assert env.value_from.secret_key_ref.name == "crypto-pipeline-secrets"
    assert env.value_from.secret_key_ref.key == "mongodb-uri"


@pytest.mark.parametrize("task_id", ALL_TASKS)
def test_kafka_and_database_settings_come_from_the_services_configmap(load_dag, task_id):
    _, pod = pod_for(load_dag(), task_id)
    container = pod.spec.containers[0]
    assert [source.config_map_ref.name for source in container.env_from] == ["crypto-pipeline-config"]


@pytest.mark.parametrize("task_id", ALL_TASKS)
def test_pod_has_resources_deadline_labels_and_no_privileges(load_dag, task_id):
    _, pod = pod_for(load_dag(), task_id)
    (container,) = pod.spec.containers

    assert container.resources.requests == {"cpu": "100m", "memory": "256Mi"}
    assert container.resources.limits == {"cpu": "1", "memory": "512Mi"}
    assert pod.spec.active_deadline_seconds == 1800
    assert pod.metadata.labels["app.kubernetes.io/name"] == (
        "ingest-service" if task_id == "repair" else "aggregate-service"
    )
    assert pod.metadata.labels["app.kubernetes.io/part-of"] == "crypto-market-pipeline"
    # Airflow's own labels stay, so the provider can find the pod again after a worker restart.
    assert pod.metadata.labels["dag_id"] == "crypto_daily_aggregation"
    assert pod.metadata.labels["task_id"] == task_id


@pytest.mark.parametrize("task_id", ALL_TASKS)
def test_every_container_of_the_pod_meets_the_restricted_pod_security_standard(load_dag, task_id):
    _, pod = pod_for(load_dag(), task_id)
    spec = pod.spec
    containers = [*(spec.init_containers or []), *spec.containers, *(spec.ephemeral_containers or [])]

    assert spec.security_context.run_as_non_root is True
    assert spec.automount_service_account_token is False
    assert not spec.host_network and not spec.host_pid and not spec.host_ipc
    for container in containers:
        context = container.security_context
        assert context is not None, container.name
        # Each setting on the container, or (where Kubernetes allows it) inherited from the pod.
        assert (context.run_as_non_root if context.run_as_non_root is not None else spec.security_context.run_as_non_root) is True
        seccomp = context.seccomp_profile or spec.security_context.seccomp_profile
        assert seccomp is not None and seccomp.type == "RuntimeDefault", container.name
        assert context.allow_privilege_escalation is False, container.name
        assert context.privileged is not True, container.name
        assert context.capabilities.drop == ["ALL"], container.name
        assert not context.capabilities.add, container.name
        assert context.read_only_root_filesystem is True, container.name
        tmp = next((mount for mount in container.volume_mounts or [] if mount.mount_path == "/tmp"), None)
        assert tmp is not None, f"{container.name} has no writable /tmp"
        (volume,) = [volume for volume in spec.volumes if volume.name == tmp.name]
        assert volume.empty_dir is not None, container.name
        assert not tmp.read_only, container.name


@pytest.mark.parametrize("service", ["ingest-service", "store-service"])
def test_the_pods_security_context_is_the_one_of_the_services_deployments(load_dag, service):
    deployment = next(
        document
        for document in yaml.safe_load_all((REPO_ROOT / "k8s" / f"{service}.yml").read_text())
        if document and document["kind"] == "Deployment"
    )
    template = deployment["spec"]["template"]["spec"]
    (service_container,) = [c for c in template["containers"] if c["name"] == service]
    api = ApiClient()

    for task_id in ("aggregate", "quality_gate", "archive"):
        _, pod = pod_for(load_dag(), task_id)
        (container,) = pod.spec.containers
        assert api.sanitize_for_serialization(pod.spec.security_context) == template["securityContext"]
        assert api.sanitize_for_serialization(container.security_context) == service_container["securityContext"]


@pytest.mark.parametrize("task_id", ALL_TASKS)
def test_succeeded_pods_are_deleted_and_logs_are_streamed(load_dag, task_id):
    task, _ = pod_for(load_dag(), task_id)

    assert task.on_finish_action.value == "delete_succeeded_pod"
    assert task.get_logs is True


def test_the_archive_pod_gets_the_object_store_keys_from_the_secret_each_optional(load_dag):
    _, pod = pod_for(load_dag(), "archive")
    (container,) = pod.spec.containers

    keys = {env.name: env.value_from.secret_key_ref for env in container.env if env.name.startswith("AWS_")}
    assert {name: (ref.name, ref.key, ref.optional) for name, ref in keys.items()} == {
        "AWS_ACCESS_KEY_ID": ("crypto-pipeline-secrets", "archive-access-key-id", True),
        "AWS_SECRET_ACCESS_KEY": ("crypto-pipeline-secrets", "archive-secret-access-key", True),
    }
    assert all(env.value is None for env in container.env)


def test_the_repair_pod_runs_ingests_repair_day_for_the_previous_utc_day_with_its_coingecko_key(load_dag):
    _, pod = pod_for(load_dag(), "repair")
    (container,) = pod.spec.containers

    assert container.image == "cryptopipe/ingest-service:1.0.0-SNAPSHOT"
    assert container.args == ["repair-day", "--date", "2026-08-10"]
    assert not container.command
    assert pod.metadata.name.startswith("ingest-service-repair")
    keys = {env.name: env.value_from.secret_key_ref for env in container.env}
    assert {name: (ref.name, ref.key, ref.optional) for name, ref in keys.items()} == {
        "MONGODB_URI": ("crypto-pipeline-secrets", "mongodb-uri", None),
        # Optional, as a keyless deployment has none: the repair then runs on the configured plan.
        "COINGECKO_API_KEY": ("crypto-pipeline-secrets", "coingecko-api-key", True),
    }
    assert [source.config_map_ref.name for source in container.env_from] == ["crypto-pipeline-config"]


def test_only_the_archive_pod_gets_object_store_keys(load_dag):
    for task_id in ("aggregate", "quality_gate", "aggregate_again", "quality_gate_again"):
        _, pod = pod_for(load_dag(), task_id)
        (container,) = pod.spec.containers
        assert [env.name for env in container.env] == ["MONGODB_URI"]


def test_image_namespace_and_secret_names_come_from_the_environment(load_dag):
    dag = load_dag(
        CRYPTO_PIPELINE_IMAGE="registry.example.org/cryptopipe/aggregate-service:1.4.2",
        CRYPTO_PIPELINE_NAMESPACE="market-data",
        CRYPTO_PIPELINE_MONGODB_SECRET="atlas-credentials",
        CRYPTO_PIPELINE_MONGODB_SECRET_KEY="uri",
    )

    _, pod = pod_for(dag, "quality_gate")
    (container,) = pod.spec.containers

    assert container.image == "registry.example.org/cryptopipe/aggregate-service:1.4.2"
    assert pod.metadata.namespace == "market-data"
    assert container.env[0].value_from.secret_key_ref.name == "atlas-credentials"
    assert container.env[0].value_from.secret_key_ref.key == "uri"
    assert container.args == ["check", "--date", "2026-08-10"]
