#!/usr/bin/env bash
# Tests of the Airflow DAG with a real, pinned Airflow 3. Creates airflow/.venv (python3.11) on first use and
# again whenever the pins change, then runs pytest; the tests give Airflow a throw-away AIRFLOW_HOME with a
# SQLite database (tests/conftest.py), so no Airflow installation or configuration of yours is touched.
#
# Arguments go to pytest:  ./run-tests.sh -m 'not e2e'   the tests that need no Java build (about a minute)
#                          ./run-tests.sh                 everything, including the end-to-end test, which needs
#                                                         `./mvnw -B package -DskipTests` at the repository root
# Settings (environment): PYTHON (python3.11).
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || { echo "run-tests.sh: $python not found (set PYTHON to a Python 3.11)" >&2; exit 2; }
venv=.venv
stamp=$venv/.installed-from
wanted=$({ "$python" --version; cat requirements-test.txt constraints-test.txt; } | sha256sum | cut -d' ' -f1)

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing the test environment into airflow/$venv ..."
  rm -rf "$venv"
  "$python" -m venv "$venv"
  started=$SECONDS
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r requirements-test.txt -c constraints-test.txt
  echo "Installed in $((SECONDS - started)) s."
  # Written last: an interrupted install is redone next time instead of being taken for a good one.
  echo "$wanted" > "$stamp"
fi

status=0
"$venv/bin/python" -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "run-tests.sh: pytest ran no test (exit 5); check the selection: $*" >&2
fi
exit "$status"
