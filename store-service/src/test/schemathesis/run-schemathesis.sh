#!/usr/bin/env bash
# Runs schemathesis, pinned, against a running store-service: every check (stateful ones included) on every operation
# of its OpenAPI document, with the hooks and the settings (schemathesis.toml) beside this file. Creates .venv here
# (python3.11) on first use and again whenever the pins change, as airflow/run-tests.sh does for Airflow.
# ApiContractTest runs it; by hand:
#
#   store-service/src/test/schemathesis/run-schemathesis.sh http://127.0.0.1:8082/q/openapi 42 /tmp/report
#
# Arguments: the document's URL, the seed, a folder for the JUnit report. Settings (environment): PYTHON
# (python3.11); MAX_POINTS and MAX_DAYS, the service's store.query.max-points and max-days (hooks.py);
# EXAMPLES (examples per operation and phase, 50). Exit 0 when nothing was found.
set -euo pipefail
url=${1:?the OpenAPI document URL}
seed=${2:?the seed}
report=${3:?a folder for the report}
mkdir -p "$report"
report=$(cd "$report" && pwd)
cd "$(dirname "$0")"
here=$(pwd)

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || { echo "run-schemathesis.sh: $python not found (set PYTHON to a Python 3.11)" >&2; exit 2; }
venv=.venv
stamp=$venv/.installed-from
wanted=$({ "$python" --version; cat requirements.txt constraints.txt; } | sha256sum | cut -d' ' -f1)
# Runs started side by side (ApiContractTest starts two) install one at a time: the lock is on this script itself.
exec 9<"$here/run-schemathesis.sh"
flock 9
if [ ! -x "$venv/bin/st" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing schemathesis into store-service/src/test/schemathesis/$venv ..."
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
  # Written last: an interrupted install is redone next time instead of being taken for a good one.
  echo "$wanted" > "$stamp"
fi
flock -u 9
exec 9<&-

# Health checks judge how fast examples are generated, not the API: on a loaded machine they fail for no fault of it.
# The request timeout is the same patience: a busy 2-core machine answers slowly, not wrongly. Run from the report
# folder: schemathesis keeps a cache (.schemathesis/) in its working directory, which belongs there, not here.
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here"
cd "$report"
exec "$here/$venv/bin/st" --config-file "$here/schemathesis.toml" run "$url" --checks all --seed "$seed" \
  --max-examples "${EXAMPLES:-50}" --workers 1 --suppress-health-check all --request-timeout 60 \
  --generation-database none --no-color --report junit --report-junit-path "$report/schemathesis-$seed.xml"
