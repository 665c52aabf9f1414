"""Two benchmark runs side by side: how cost grows with the data.

    .venv/bin/python bench/compare.py bench/results/A-full.json bench/results/B-full.json

Each scenario's ratio to the framework floor of its own run is compared: the larger run passes
when its ratio stays within `--tolerance` (25 %) of the smaller run's and its query count is the
same. The generator's steps are compared by rows per second (linear growth keeps the rate).
"""

import argparse
import json
import sys
from pathlib import Path


def load(path):
    return json.loads(Path(path).read_text())


def ratio_rows(small, large, tolerance):
    """(scenario, ratio small, ratio large, change, queries small, queries large, verdict)."""
    by_name = {r["name"]: r for r in large["results"]}
    rows = []
    for before in small["results"]:
        after = by_name.get(before["name"])
        if not after or before["state"] != "ok" or after["state"] != "ok":
            continue
        old, new = before.get("ratio_to_framework_floor"), after.get("ratio_to_framework_floor")
        if not old or new is None or before["name"] == "floor_framework":
            continue
        change = new / old - 1
        same_queries = before.get("queries") == after.get("queries")
        verdict = "PASS" if abs(change) <= tolerance and same_queries else "FAIL"
        rows.append(
            (before["name"], old, new, change, before.get("queries"), after.get("queries"), verdict)
        )
    return rows


def generator_rows(small, large):
    """(step, rows and rows/s of the small run, the same of the large run, rate change)."""
    by_step = {s["step"]: s for s in large.get("generator_steps") or []}
    rows = []
    for before in small.get("generator_steps") or []:
        after = by_step.get(before["step"])
        if after and before["rows_per_s"] and after["rows_per_s"]:
            change = after["rows_per_s"] / before["rows_per_s"] - 1
            rows.append((before, after, change))
    return rows


def label(report):
    scale = report["scale"]
    return f"{scale['members']:,} members".replace(",", ".")


def render(small, large, tolerance):
    a, b = label(small), label(large)
    lines = [
        f"| Scenario | × floor, {a} | × floor, {b} | change | queries | within {tolerance:.0%} |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, old, new, change, q_old, q_new, verdict in ratio_rows(small, large, tolerance):
        queries = q_old if q_old == q_new else f"{q_old} → {q_new}"
        lines.append(f"| {name} | {old} | {new} | {change:+.0%} | {queries} | {verdict} |")
    steps = generator_rows(small, large)
    if steps:
        lines += [
            "",
            f"| Generator step | rows, {a} | rows/s | rows, {b} | rows/s | rate change |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for before, after, change in steps:
            lines.append(
                f"| {before['step']} | {before['rows']} | {before['rows_per_s']} | "
                f"{after['rows']} | {after['rows_per_s']} | {change:+.0%} |"
            )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("small", help="report JSON of the smaller run")
    parser.add_argument("large", help="report JSON of the larger run")
    parser.add_argument("--tolerance", type=float, default=0.25)
    args = parser.parse_args(argv)
    small, large = load(args.small), load(args.large)
    print(render(small, large, args.tolerance))
    failed = [row[0] for row in ratio_rows(small, large, args.tolerance) if row[-1] == "FAIL"]
    if failed:
        print(f"\nOutside the tolerance or with other query counts: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
