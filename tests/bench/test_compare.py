import json

from bench.compare import main, ratio_rows
from bench.run import GENERATOR_STEP


def report(members, ratios, queries=None, steps=()):
    queries = queries or {}
    return {
        "scale": {"members": members},
        "results": [{"name": "floor_framework", "state": "ok", "ratio_to_framework_floor": 1.0}]
        + [
            {
                "name": name,
                "state": "ok",
                "ratio_to_framework_floor": ratio,
                "queries": queries.get(name, 5),
            }
            for name, ratio in ratios.items()
        ],
        "generator_steps": list(steps),
    }


def test_a_larger_run_passes_within_the_tolerance_and_with_the_same_queries():
    small = report(10_000, {"html_home": 0.10, "api_list": 0.20, "ical": 0.05})
    large = report(
        100_000, {"html_home": 0.08, "api_list": 0.14, "ical": 0.05}, queries={"ical": 7}
    )
    verdicts = {row[0]: row[-1] for row in ratio_rows(small, large, 0.25)}
    # -20 % passes, -30 % fails, a query more fails even at the same speed.
    assert verdicts == {"html_home": "PASS", "api_list": "FAIL", "ical": "FAIL"}


def test_the_command_prints_both_runs_and_fails_on_a_miss(tmp_path, capsys):
    step = {"step": "members", "rows": 10_000, "seconds": 1.0, "rows_per_s": 10_000}
    small = report(10_000, {"html_home": 0.10}, steps=[step])
    large = report(
        100_000,
        {"html_home": 0.05},
        steps=[{**step, "rows": 100_000, "seconds": 12.5, "rows_per_s": 8_000}],
    )
    paths = []
    for name, data in (("small", small), ("large", large)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data))
        paths.append(str(path))
    assert main(paths) == 1
    out = capsys.readouterr().out
    assert "| html_home | 0.1 | 0.05 | -50% | 5 | FAIL |" in out
    assert "| members | 10000 | 10000 | 100000 | 8000 | -20% |" in out


def test_generator_lines_are_read_back_from_its_output():
    line = "  sessions + agenda + resolutions   229795 rows    31.2 s      7371/s"
    match = GENERATOR_STEP.match(line)
    assert (match["step"], match["rows"], match["seconds"]) == (
        "sessions + agenda + resolutions",
        "229795",
        "31.2",
    )
