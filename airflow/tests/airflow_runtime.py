"""
What Airflow does with the DAG at run time, reproduced without a scheduler or a worker: the scheduler's view of
the schedule (the serialized DAG's timetable) and the worker's template rendering (a RuntimeTaskInstance).
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime

from airflow.sdk.api.datamodels._generated import DagRun, DagRunState, DagRunType, TIRunContext
from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance
from airflow.serialization.serialized_objects import DagSerialization
from airflow.timetables.base import DagRunInfo, DataInterval, TimeRestriction


def scheduler_timetable(dag):
    """The timetable the scheduler works with: the one of the DAG after serialization."""
    return DagSerialization.deserialize_dag(DagSerialization.serialize_dag(dag)).timetable


def next_scheduled_run(dag, *, after: DataInterval | None, catchup: bool) -> DagRunInfo:
    """
    The run the scheduler creates after a scheduled run over `after`. `catchup=True` stands for a scheduler that
    has been running all along (nothing missed, so the result does not depend on today's date).
    """
    info = scheduler_timetable(dag).next_dagrun_info(
        last_automated_data_interval=after,
        restriction=TimeRestriction(earliest=dag.start_date, latest=None, catchup=catchup),
    )
    assert info is not None
    return info


def manual_run(dag, *, triggered_at: datetime) -> DagRunInfo:
    """The run created when someone triggers the DAG at `triggered_at` with that logical date."""
    interval = scheduler_timetable(dag).infer_manual_data_interval(run_after=triggered_at)
    return DagRunInfo(run_after=triggered_at, data_interval=interval)


def render_task(task, run: DagRunInfo, *, run_type: DagRunType, logical_date: datetime | None = None):
    """
    Renders the task's templated fields as a worker does before `execute`, for a run described by `run`, and
    returns the rendered task with its template context. The logical date of a scheduled run is the start of
    its data interval; pass the one of a manual run (None for a run triggered without one).
    """
    # Rendering replaces the templates on the task; a worker renders a freshly parsed one each time.
    task = copy.deepcopy(task)
    interval = run.data_interval
    if run_type == DagRunType.SCHEDULED:
        logical_date = run.logical_date
    dag_run = DagRun(
        dag_id=task.dag_id,
        run_id=f"{run_type.value}__{run.run_after.isoformat()}",
        logical_date=logical_date,
        data_interval_start=interval.start if interval else None,
        data_interval_end=interval.end if interval else None,
        run_after=run.run_after,
        start_date=run.run_after,
        end_date=None,
        run_type=run_type,
        state=DagRunState.RUNNING,
        consumed_asset_events=[],
        partition_key=None,
    )
    ti = RuntimeTaskInstance.model_construct(
        id=uuid.uuid4(),
        task_id=task.task_id,
        dag_id=task.dag_id,
        run_id=dag_run.run_id,
        try_number=1,
        map_index=-1,
        dag_version_id=uuid.uuid4(),
        task=task,
        start_date=run.run_after,
        max_tries=task.retries,
        _ti_context_from_server=TIRunContext(
            dag_run=dag_run, max_tries=task.retries, variables=[], connections=[], xcom_keys_to_clear=[]
        ),
    )
    ti.render_templates()
    return ti.task, ti.get_template_context()


def task_states(dag_id: str, logical_date: datetime) -> dict[str, tuple[str, int]]:
    """task_id -> (state, try_number) of the DAG's run at `logical_date`, as stored in the metadata database."""
    from airflow.models.dagrun import DagRun as DagRunRow
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.execute(
            select(TaskInstance.task_id, TaskInstance.state, TaskInstance.try_number)
            .join(DagRunRow, (DagRunRow.dag_id == TaskInstance.dag_id) & (DagRunRow.run_id == TaskInstance.run_id))
            .where(DagRunRow.dag_id == dag_id, DagRunRow.logical_date == logical_date)
        ).all()
    return {task_id: (str(state), try_number) for task_id, state, try_number in rows}
