"""
Stands in for the aggregate-service command line (and the ingest-service's `repair-day`, kind "repair") in tests of
the local runner: records each call and exits
with the code it is told to, so the tests can drive every branch of the exit-code contract in seconds.

FAKE_JOB_CALLS: file that gets one JSON line per call (argv, the MONGODB_URI it saw, its working directory, its exit
code).
FAKE_JOB_EXIT_CODES: JSON such as {"aggregate": [0], "check": [1, 0], "archive": [3]}: the n-th call of a kind exits with the
n-th code of its list (the last one repeats); a kind that is not listed exits 0.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    kind = {"check": "check", "archive": "archive", "repair-day": "repair"}.get(argv[0] if argv else "", "aggregate")
    calls_file = Path(os.environ["FAKE_JOB_CALLS"])
    earlier = calls_file.read_text().splitlines() if calls_file.exists() else []
    earlier_of_kind = sum(1 for line in earlier if json.loads(line)["kind"] == kind)
    codes = json.loads(os.environ.get("FAKE_JOB_EXIT_CODES", "{}")).get(kind, [0])
    exit_code = codes[min(earlier_of_kind, len(codes) - 1)]
    call = {
        "kind": kind,
        "argv": argv,
        "mongodb_uri": os.environ.get("MONGODB_URI"),
        "cwd": os.getcwd(),
        "exit_code": exit_code,
    }
    with calls_file.open("a") as calls:
        calls.write(json.dumps(call) + "\n")
    print(f"fake aggregate-service {' '.join(argv)}: exit {exit_code}", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
