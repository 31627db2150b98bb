"""
### Crypto daily aggregation

Every day at 01:00 UTC, the **aggregate-service** turns the previous UTC day of raw market observations
(`crypto_market.market_data_raw`) into one document per coin and day (`crypto_market.market_data_daily`), then
checks that day's data with the same job's quality gate, then archives the day's raw observations as Parquet
(cold storage, before the raw collection's TTL deletes them). A day that fails the gate only on holes CoinGecko's
5-minute history can still fill is repaired by the **ingest-service** and aggregated and checked again.

| task | command | fails how |
| --- | --- | --- |
| `aggregate` | `--date <day>` | exit 4 (gate failed on fillable holes): **skipped**, the repair branch runs; exit 1: retried (exponential backoff); exit 2: failed at once |
| `quality_gate` | `check --date <day>` | exit 3 (**data is bad**): failed at once, no retry; exit 1: retried |
| `repair` | ingest `repair-day --date <day>` | runs only when `quality_gate` was skipped (`all_skipped`); exit 1: retried; exit 2: failed at once |
| `aggregate_again` | `--date <day>` | exit 4 (holes left after the repair): failed at once; exit 1: retried |
| `quality_gate_again` | `check --date <day>` | as `quality_gate` |
| `archive` | `archive --date <day>` | runs after either gate passed (`none_failed_min_one_success`); exit 3 (a day about to expire has no archive): failed at once; exit 1: retried |

`archive` updates the Asset `crypto_market_raw_archive` (extra `{"date": "<day>"}`): schedule on it to read the
day's Parquet file once it is in the archive.

`<day>` is the UTC day the run's data interval starts on: the run at 2026-08-11T01:00Z processes 2026-08-10.
The job is idempotent (it replaces the day's documents), so clearing a task or backfilling is safe; the days
2026-08-01 to 2026-08-10 (`--to-date` is the day after the last one):
`airflow backfill create --dag-id crypto_daily_aggregation --from-date 2026-08-01 --to-date 2026-08-11`.

Runs as a Kubernetes pod (MONGODB_URI from a Secret), or as a local process when
`CRYPTO_PIPELINE_RUNNER=local`. Settings: environment variables `CRYPTO_PIPELINE_*` (see airflow/README.md).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.sdk import DAG, Asset, CronDataIntervalTimetable, TriggerRule
from kubernetes.client import models as k8s

from cryptopipe_airflow.exit_codes import GATE_FAILED_REPAIRABLE
from cryptopipe_airflow.operators import AggregateJobPodOperator, LocalProcessOperator
from cryptopipe_airflow.settings import PipelineSettings, Runner

DAG_ID = "crypto_daily_aggregation"

# Both tasks get the day through this template, rendered by Airflow from the run's data interval.
AGGREGATION_DAY = "{{ aggregation_day(data_interval_start) }}"

# Updated by every successful `archive`: the day's raw observations are in the archive (aggregate.archive.target).
RAW_ARCHIVE = Asset(name="crypto_market_raw_archive", uri="cryptopipe://archive/market_data_raw")

AGGREGATE_SERVICE = "aggregate-service"
# Its `repair-day` backfills the holes the day's quality report lists (source "repair"), then waits until the store
# has consumed them, so that `aggregate_again` sees them.
INGEST_SERVICE = "ingest-service"
# The job's exit code for "the day failed the gate only on holes a repair can still fill" (cryptopipe_airflow.exit_codes).
SKIP_TO_REPAIR = [GATE_FAILED_REPAIRABLE]

POD_DEADLINE = timedelta(minutes=30)
POD_LABELS = {
    "app.kubernetes.io/name": AGGREGATE_SERVICE,
    "app.kubernetes.io/part-of": "crypto-market-pipeline",
    "app.kubernetes.io/component": "daily-aggregation",
}

# The Pod Security Standard "restricted", exactly as the services' Deployments in k8s/ have it, so that the namespace
# can enforce it for every pod (k8s/namespace.yaml): non-root, seccomp RuntimeDefault, no privilege escalation, every
# capability dropped, a read-only root filesystem.
POD_SECURITY_CONTEXT = k8s.V1PodSecurityContext(
    run_as_non_root=True, seccomp_profile=k8s.V1SeccompProfile(type="RuntimeDefault")
)
CONTAINER_SECURITY_CONTEXT = k8s.V1SecurityContext(
    run_as_non_root=True,
    allow_privilege_escalation=False,
    read_only_root_filesystem=True,
    capabilities=k8s.V1Capabilities(drop=["ALL"]),
)
# The one writable place: the JVM (perf data), the Kafka client's compression libraries and the archive's and
# restore's temporary Parquet file of the day (java.io.tmpdir) write to /tmp. Node-local scratch, gone with the pod.
TMP_VOLUME = k8s.V1Volume(name="tmp", empty_dir=k8s.V1EmptyDirVolumeSource())
TMP_MOUNT = k8s.V1VolumeMount(name="tmp", mount_path="/tmp")


def aggregation_day(data_interval_start: datetime) -> str:
    """
    The UTC day (YYYY-MM-DD) a run aggregates: the day its 01:00 -> 01:00 data interval starts on.

    Scheduled runs, backfills, `airflow dags test` and manual runs with a logical date all have a data
    interval; a manual run triggered without a logical date has none, and must fail before the job starts.
    """
    # Without a data interval, the template context has no `data_interval_start`: Jinja passes an Undefined.
    if not isinstance(data_interval_start, datetime):
        raise ValueError(
            "This run has no data interval (it was triggered without a logical date), so it has no day to "
            "aggregate: trigger it with a logical date, or use `airflow backfill create`."
        )
    return data_interval_start.astimezone(UTC).date().isoformat()


def optional_secret_env(pipeline: PipelineSettings, variables: tuple[tuple[str, str], ...]) -> list[k8s.V1EnvVar]:
    """Environment variables from keys of the pipeline's Secret, each optional (absent key: variable unset)."""
    return [
        k8s.V1EnvVar(
            name=variable,
            value_from=k8s.V1EnvVarSource(
                secret_key_ref=k8s.V1SecretKeySelector(name=pipeline.mongodb_secret, key=key, optional=True)
            ),
        )
        for variable, key in variables
    ]


def archive_credentials(pipeline: PipelineSettings) -> dict:
    """
    The object store's keys for the archive pod, from the pipeline's Secret, each optional: without them the AWS
    SDK's default chain applies (IRSA / workload identity, instance profile), and a folder target needs none.
    """
    if pipeline.runner is not Runner.KUBERNETES:
        return {}
    return {
        "env_vars": optional_secret_env(
            pipeline,
            (
                ("AWS_ACCESS_KEY_ID", "archive-access-key-id"),
                ("AWS_SECRET_ACCESS_KEY", "archive-secret-access-key"),
            ),
        )
    }


def coingecko_key(pipeline: PipelineSettings) -> dict:
    """The CoinGecko API key for the repair pod, as the ingest Deployment gets it; without it, keyless."""
    if pipeline.runner is not Runner.KUBERNETES:
        return {}
    return {"env_vars": optional_secret_env(pipeline, (("COINGECKO_API_KEY", pipeline.coingecko_secret_key),))}


settings = PipelineSettings.from_environment()

default_args = {
    "owner": "crypto-pipeline",
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    # Doubles each time (2, 4, 8 min): a database that is restarting gets time to come back.
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=30),
    # Above the pod's own deadline, so the pod's reason for stopping is the one reported.
    "execution_timeout": POD_DEADLINE + timedelta(minutes=15),
}

with DAG(
    dag_id=DAG_ID,
    description="Daily per-coin statistics of the previous UTC day, then its quality gate",
    doc_md=__doc__,
    schedule=CronDataIntervalTimetable("0 1 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    user_defined_macros={"aggregation_day": aggregation_day},
    tags=["crypto-market-pipeline", "aggregation", "daily", settings.runner.value],
) as dag:
    if settings.runner is Runner.KUBERNETES:

        def job_task(
            task_id: str, arguments: list[str], doc: str, *, service: str = AGGREGATE_SERVICE, **extra
        ) -> AggregateJobPodOperator:
            return AggregateJobPodOperator(
                task_id=task_id,
                doc_md=doc,
                name=f"{service}-{task_id.replace('_', '-')}",
                namespace=settings.namespace,
                image=settings.ingest_image if service == INGEST_SERVICE else settings.image,
                arguments=arguments,
                # Kafka (for the market.daily events), the database name and the archive's target, shared with the
                # services.
                env_from=[k8s.V1EnvFromSource(config_map_ref=k8s.V1ConfigMapEnvSource(name=settings.config_map))],
                secrets=[
                    Secret(
                        deploy_type="env",
                        deploy_target="MONGODB_URI",
                        secret=settings.mongodb_secret,
                        key=settings.mongodb_secret_key,
                    )
                ],
                container_resources=k8s.V1ResourceRequirements(
                    requests={"cpu": "100m", "memory": "256Mi"},
                    limits={"cpu": "1", "memory": "512Mi"},
                ),
                security_context=POD_SECURITY_CONTEXT,
                container_security_context=CONTAINER_SECURITY_CONTEXT,
                volumes=[TMP_VOLUME],
                volume_mounts=[TMP_MOUNT],
                # The job never calls the Kubernetes API: no token in the pod, as in the services' pods.
                automount_service_account_token=False,
                labels={**POD_LABELS, "app.kubernetes.io/name": service},
                active_deadline_seconds=int(POD_DEADLINE.total_seconds()),
                # A failed pod stays for `kubectl logs`/`describe`; a succeeded one has nothing more to say.
                on_finish_action="delete_succeeded_pod",
                get_logs=True,
                **extra,
            )

    else:

        def job_task(
            task_id: str, arguments: list[str], doc: str, *, service: str = AGGREGATE_SERVICE, **extra
        ) -> LocalProcessOperator:
            command = settings.ingest_local_command if service == INGEST_SERVICE else settings.local_command
            return LocalProcessOperator(task_id=task_id, doc_md=doc, command=command, arguments=arguments, **extra)

    aggregate = job_task(
        "aggregate",
        ["--date", AGGREGATION_DAY],
        "Writes the day's per-coin documents into `market_data_daily`, replacing any from an earlier run. Exit 4 (the "
        "day failed the gate only on holes a repair can fill) skips it, and with it `quality_gate`: the repair runs.",
        skip_on_exit_code=SKIP_TO_REPAIR,
    )
    quality_gate = job_task(
        "quality_gate",
        ["check", "--date", AGGREGATION_DAY],
        "Checks the day's data. Exit 3 means the data is bad: the task fails at once, without retries.",
    )
    # The repair branch runs only when `quality_gate` was skipped, which happens only when `aggregate` exited 4: a
    # gate that passed or failed skips it (all_skipped), and its tasks after it (all_success).
    repair = job_task(
        "repair",
        ["repair-day", "--date", AGGREGATION_DAY],
        "Backfills the holes the day's quality report lists from CoinGecko's 5-minute history (source `repair`), "
        "then waits until the store has written them.",
        service=INGEST_SERVICE,
        trigger_rule=TriggerRule.ALL_SKIPPED,
        **coingecko_key(settings),
    )
    aggregate_again = job_task(
        "aggregate_again",
        ["--date", AGGREGATION_DAY],
        "Aggregates the repaired day again. Exit 4 here means holes are left after the repair: failed at once.",
    )
    quality_gate_again = job_task(
        "quality_gate_again",
        ["check", "--date", AGGREGATION_DAY],
        "Checks the repaired day. Exit 3 means the data is still bad: the task fails at once, without retries.",
    )

    archive = job_task(
        "archive",
        ["archive", "--date", AGGREGATION_DAY],
        "Writes the day's raw observations to the archive as Parquet with a manifest (nothing when unchanged), "
        "then fails (exit 3, no retry) if a raw day about to expire has no archive.",
        outlets=[RAW_ARCHIVE],
        asset_extra={"date": AGGREGATION_DAY},
        # After whichever gate ran and passed; a failed gate fails it (upstream_failed), as before.
        trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS,
        **archive_credentials(settings),
    )

    aggregate >> quality_gate >> repair >> aggregate_again >> quality_gate_again
    [quality_gate, quality_gate_again] >> archive
