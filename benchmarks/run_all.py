"""The whole suite, in order: ingest, load, query, profile; then RESULTS.md.

    .venv/bin/python benchmarks/run_all.py [--quick]

Each script runs in its own process with its defaults (``--quick``: small sizes, for a
smoke test of a few minutes); the wall time of each is recorded in ``work/results/suite.json``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import common

QUICK = {
    "ingest.py": ["--sizes", "60", "--workers", "1,2", "--stage-sample", "20"],
    "load.py": ["--sizes", "270,540", "--repeats", "2,1"],
    "query.py": ["--scales", "270", "--reps", "5", "--seconds", "0.5", "--only", "floor|a[0-9]|0[1-3]"],
    "profile_server.py": ["--articles", "270", "--reps", "10", "--py-spy-seconds", "3"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument(
        "--skip", default="", help="comma-separated scripts to leave out, e.g. profile_server.py"
    )
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    snapshot = common.snapshot_code()
    os.environ.update(snapshot)
    common.log(
        f"suite: code under test copied to {snapshot['HADATH_BENCH_CODE']} (commit {snapshot['HADATH_BENCH_COMMIT'][:10]})"
    )
    timings: dict[str, object] = {"machine": common.machine(), "quick": args.quick, "scripts": {}}
    for script, quick_args in QUICK.items():
        if script in skip:
            continue
        command = (
            [sys.executable, str(common.BENCH / script), "--no-report"]
            if script != "profile_server.py"
            else [
                sys.executable,
                str(common.BENCH / script),
            ]
        )
        if args.quick:
            command += quick_args
        common.log(f"suite: {' '.join(command[1:])}")
        started = time.perf_counter()
        code = subprocess.run(command, cwd=common.BENCH).returncode
        timings["scripts"][script] = {"wall_s": time.perf_counter() - started, "returncode": code}  # type: ignore[index]
        common.save_results("suite", timings)
        if code != 0:
            common.log(f"suite: {script} failed with {code}; going on")
    import report

    report.write()
    total = sum(v["wall_s"] for v in timings["scripts"].values())  # type: ignore[attr-defined]
    common.log(f"suite: done in {total / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
