"""The in-process comparison of two data sizes: what it counts and what it calls growth."""

from django.db import connection

from bench.inprocess import compare, measure
from bench.scenarios import BenchData, build, clients


def row(name, cpu_ms, wall_ms, queries=3):
    return {"name": name, "cpu_ms": cpu_ms, "wall_ms": wall_ms, "queries": queries}


def test_growth_beyond_a_quarter_or_other_queries_fails():
    small = [row("flat", 10, 20), row("slower", 10, 20), row("more_queries", 10, 20)]
    large = [row("flat", 12, 24), row("slower", 10, 40), row("more_queries", 10, 20, queries=4)]
    verdicts = {
        line.split(" | ")[0].removeprefix("| "): line.rsplit(" | ", 1)[1].rstrip(" |")
        for line in compare(small, large).splitlines()[2:]
    }
    assert verdicts == {"flat": "PASS", "slower": "FAIL", "more_queries": "FAIL"}
    assert "| 3 → 4 |" in compare(small, large)


def test_a_scenario_is_measured_with_the_queries_of_a_later_request(generate, bench_urls):
    generate(10)
    scenario = {s.name: s for s in build(BenchData.read())}["floor_data"]

    measured = measure(scenario, clients(), connection, repeat=2)

    assert measured["status_code"] == 200
    assert measured["queries"] == 1
    assert measured["cpu_ms"] > 0 and measured["wall_ms"] > 0
