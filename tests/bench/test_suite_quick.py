"""The benchmark suite in quick mode, so it never rots; it checks that it ran, never a timing."""

import json

from bench.run import ClientLoad, machine_facts, render_table, run_suite, write_report
from bench.scenarios import BenchData, build, clients


def test_quick_suite_reports_every_scenario_without_errors(generate, bench_urls, tmp_path):
    generate(20, search_index=True)
    bench_clients = clients()

    results = run_suite(ClientLoad(bench_clients, duration=0.05), bench_clients, progress=str)
    report = {
        "mode": "quick",
        "started_at": "2026-01-01T00:00:00Z",
        "scale": {"members": 20},
        "generate_seconds": 0.0,
        "machine": machine_facts(),
        "results": results,
    }
    path = write_report(report, tmp_path)
    table = render_table(report)

    report = json.loads(path.read_text())
    by_name = {r["name"]: r for r in report["results"]}
    assert set(by_name) == {s.name for s in build(BenchData.read())}
    assert all(f"| {name} |" in table for name in by_name)
    # a renamed or broken endpoint shows up here as "missing" or "error"
    assert [(r["name"], r["state"]) for r in report["results"] if r["state"] != "ok"] == []
    assert all(r["errors"] == 0 and r["requests"] > 0 for r in report["results"])
    # the floors and the v2 comparison exist in every run, so every ratio has its reference
    for floor in ("floor_framework", "floor_data", "floor_wagtail", "api_v2_partners"):
        assert by_name[floor]["state"] == "ok"
        assert by_name[floor]["ratio_to_framework_floor"] is not None
    assert by_name["floor_data"]["queries"] == 1
