#!/usr/bin/env bash
# Fetch the held-out project apache-airflow-core (the core of Apache Airflow 3: the scheduler,
# DAG processor, triggerer, executors and the API server of the workflow platform: FastAPI +
# SQLAlchemy + Alembic; LAYERED by kind inside one package: airflow/models/<table>.py the
# tables (DAGs, DAG runs, task instances, XComs, connections, variables, pools, assets,
# backfills, deadlines, logs, trigger records ...), airflow/api_fastapi/core_api/
# {routes/public,routes/ui,datamodels,services}/<resource>.py the REST API of the UI and
# clients, api_fastapi/execution_api/ the API the workers call, api_fastapi/auth/ the auth
# managers, cli/commands/<resource>_command.py the CLI, jobs/ (scheduler, triggerer, DAG
# processor jobs), dag_processing/, executors/, ti_deps/ (the task-instance dependency
# rules), serialization/, timetables/, assets/, callbacks/, secrets/, security/,
# observability/, utils/, _shared/ (libraries shared with the task SDK) and configuration,
# settings) at a pinned release from PyPI (a wheel), unpacked as TARGET/apache-airflow-core/
# airflow/... The example DAGs (airflow/example_dags, demo pipelines the UI may load) are
# dropped with any test folders; the Alembic migrations (airflow/migrations) are kept (strangler
# skips them); the built UI (airflow/ui) comes along with the package.
# Usage: bench/held_out_fetch/set14/apache-airflow-core.sh [TARGET]   (default /work/unseen14)
set -euo pipefail
PROJECT="apache-airflow-core" DIST="apache-airflow-core" VERSION="3.3.2" PACKAGES="airflow"
FETCH_SET="set14"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen14}"
fetch_pinned wheel "$target"
rm -rf "$target/$PROJECT/airflow/example_dags"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the example DAGs ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
