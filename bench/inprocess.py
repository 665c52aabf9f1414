"""CPU time of the app process per request for every scenario, in process, without wrk.

.venv/bin/python bench/inprocess.py --database-url postgres://…/copy_of_bench_s10 --json a.json
.venv/bin/python bench/inprocess.py --database-url postgres://…/copy_of_bench_s100 --json b.json
.venv/bin/python bench/inprocess.py --compare a.json b.json

The least of `--repeat` requests, CPU (`time.process_time`) and wall time; the wall time also
holds the database's work, the CPU time only the app's. Comparable on a loaded machine where
wrk figures are not (docs/benchmarks.md, "How cost grows").
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROWTH_LIMIT = 0.25


def measure(scenario, clients, connection, repeat):
    """{name, queries, cpu_ms, wall_ms} of one scenario: the least of `repeat` requests.

    The queries are those of a request after the timed ones: the first request of a process
    also fills fragment caches and reads the content version, which later ones skip.
    """
    from django.test.utils import CaptureQueriesContext

    from bench.scenarios import body_size, per_request, preflight

    pre, headers = preflight(scenario, clients["anonymous"], clients["signed_in"], connection)
    client = clients["signed_in" if scenario.signed_in else "anonymous"]
    extra = {k: v for k, v in headers.items() if k != "Cookie"}
    cpu, wall = [], []
    for _ in range(repeat):
        began_cpu, began_wall = time.process_time(), time.perf_counter()
        body_size(client.get(scenario.path, headers=extra))
        cpu.append(time.process_time() - began_cpu)
        wall.append(time.perf_counter() - began_wall)
    with CaptureQueriesContext(connection) as steady:
        body_size(client.get(scenario.path, headers=extra))
    return {
        "name": scenario.name,
        "status_code": pre["status_code"],
        "queries": len(per_request(steady)),
        "cpu_ms": round(min(cpu) * 1000, 2),
        "wall_ms": round(min(wall) * 1000, 2),
    }


def compare(small, large):
    """Markdown rows: each scenario at both sizes, its growth and whether it stays within 25 %."""
    by_name = {row["name"]: row for row in large}
    lines = [
        "| Scenario | CPU ms small | CPU ms large | growth | wall ms small | wall ms large "
        "| growth | queries | within 25 % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for a in small:
        b = by_name.get(a["name"])
        if not b:
            continue
        cpu = b["cpu_ms"] / a["cpu_ms"] - 1 if a["cpu_ms"] else 0.0
        wall = b["wall_ms"] / a["wall_ms"] - 1 if a["wall_ms"] else 0.0
        queries = (
            str(a["queries"])
            if a["queries"] == b["queries"]
            else f"{a['queries']} → {b['queries']}"
        )
        ok = max(cpu, wall) <= GROWTH_LIMIT and a["queries"] == b["queries"]
        lines.append(
            f"| {a['name']} | {a['cpu_ms']} | {b['cpu_ms']} | {cpu:+.0%} | {a['wall_ms']} "
            f"| {b['wall_ms']} | {wall:+.0%} | {queries} | {'PASS' if ok else 'FAIL'} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="scenario names (default: all)")
    parser.add_argument("--skip", nargs="*", default=[], help="scenario names to leave out")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("SMALL", "LARGE"))
    args = parser.parse_args(argv)
    if args.compare:
        small, large = (json.loads(path.read_text()) for path in args.compare)
        print(compare(small, large))
        return

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # The content version read once: a server reads it every CONTENT_VERSION_TTL seconds, not
    # per request, and a slow scenario would otherwise count that read in some runs only.
    settings.CONTENT_VERSION_TTL = 3600

    # After django.setup(): bench.scenarios imports the models.
    from bench.scenarios import BenchData, build, clients

    bench_clients = clients()
    rows = []
    for scenario in build(BenchData.read()):
        if (args.only and scenario.name not in args.only) or scenario.name in args.skip:
            continue
        row = measure(scenario, bench_clients, connection, args.repeat)
        print(
            f"{row['name']:32} {row['cpu_ms']:8.2f} ms CPU {row['wall_ms']:8.2f} ms wall "
            f"{row['queries']:4} queries  HTTP {row['status_code']}",
            flush=True,
        )
        rows.append(row)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
