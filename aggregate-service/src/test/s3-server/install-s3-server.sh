#!/usr/bin/env bash
# Creates aggregate-service/target/s3-server-venv (python3.11) with moto's standalone S3 server for the archive tests,
# unless the venv already holds exactly these pins. Run by the Maven build before the tests (exec-maven-plugin);
# the tests start `<venv>/bin/moto_server` on a free loopback port themselves.
# Settings (environment): PYTHON (python3.11).
set -euo pipefail
cd "$(dirname "$0")"
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || { echo "install-s3-server.sh: $python not found (set PYTHON to a Python 3.11)" >&2; exit 2; }
venv=${1:?usage: install-s3-server.sh VENV_DIR}
stamp=$venv/.installed-from
wanted=$({ "$python" --version; cat requirements.txt constraints.txt 2>/dev/null || true; } | sha256sum | cut -d' ' -f1)
if [ -x "$venv/bin/moto_server" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  exit 0
fi
echo "Installing moto's S3 server into $venv ..."
rm -rf "$venv"
"$python" -m venv "$venv"
constraints=()
if [ -f constraints.txt ]; then constraints=(-c constraints.txt); fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt "${constraints[@]}"
# Written last: an interrupted install is redone next time instead of being taken for a good one.
echo "$wanted" > "$stamp"
