"""The benchmark in one command: `make bench` (full scale) or `make bench-quick` (a few seconds each).

It creates its own PostgreSQL database, generates the data, serves the app with gunicorn
(2 workers, production settings via bench.settings) on 127.0.0.1, drives every scenario
with wrk, counts queries per request in-process, divides every figure by the floors
measured in the same run, prints PASS/FAIL per target and writes bench/results/*.json
(and, with --docs, the table in docs/benchmarks.md).
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_START, DOCS_END = "<!-- bench-results:start -->", "<!-- bench-results:end -->"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
SLOW_REQUEST_SECONDS = 0.5
MAX_WINDOW_SECONDS = 60
PROTECTED_DATABASES = {"postgres", "test", "template0", "template1"}

MODES = {
    "quick": {
        "scale": {"members": 1000, "bodies": 10, "sessions": 500, "events": 500, "news": 200},
        "duration": 2,
        "connections": 4,
        "soak": None,
    },
    "full": {
        "scale": {"members": 10000, "bodies": 50, "sessions": 5000, "events": 5000, "news": 2000},
        "duration": 10,
        "connections": 16,
        "soak": (64, 60),
    },
}


def python():
    return str(ROOT / ".venv" / "bin" / "python")


def manage(env, *args):
    subprocess.run([python(), "manage.py", *args], cwd=ROOT, env=env, check=True)


def manage_output(env, *args):
    """What a management command printed (it fails the run if the command fails)."""
    return subprocess.run(
        [python(), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


GENERATOR_STEP = re.compile(r"^\s+(?P<step>.+?)\s+(?P<rows>\d+) rows\s+(?P<seconds>[\d.]+) s")


def generate(env, seed, scale):
    """Run the data generator; return its steps (rows, seconds, rows/s) for the report."""
    output = manage_output(
        env,
        "generate_bench_data",
        f"--seed={seed}",
        *(f"--{key}={value}" for key, value in scale.items()),
    )
    print(output, end="")
    steps = []
    for match in map(GENERATOR_STEP.match, output.splitlines()):
        if match:
            rows, seconds = int(match["rows"]), float(match["seconds"])
            steps.append(
                {
                    "step": match["step"],
                    "rows": rows,
                    "seconds": seconds,
                    "rows_per_s": round(rows / seconds) if seconds else None,
                }
            )
    return steps


def maintenance_connection(url):
    """(autocommit connection to the server's `postgres` database, name of the one in `url`)."""
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(admin_url, autocommit=True), parts.path.lstrip("/")


def recreate_database(url):
    """Drop and create the benchmark's own database; refuse names other work depends on."""
    name = urlsplit(url).path.lstrip("/")
    if name in PROTECTED_DATABASES or name.startswith("test"):
        raise SystemExit(f"Refusing to recreate database {name!r}: pick a name of its own.")
    drop_database(url)
    conn, name = maintenance_connection(url)
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(url):
    conn, name = maintenance_connection(url)
    with conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def drop_database(url):
    conn, name = maintenance_connection(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def machine_facts():
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"MemTotal:\s*(\d+)", meminfo)
    import django
    import wagtail

    wrk = shutil.which("wrk")
    wrk_version = (
        subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        if wrk
        else None
    )
    return {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "wrk": wrk_version.split(" Copyright")[0] if wrk_version else None,
        "platform": platform.platform(),
    }


@contextmanager
def gunicorn(env, port, log_path):
    """The reference app server (docs/operations.md): 2 sync workers, no access log."""
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--config=python:cms.gunicorn_conf",
        "cms.wsgi",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        f"--error-logfile={log_path}",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_healthy(process, port, log_path)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_healthy(process, port, log_path, seconds=60):
    """Until gunicorn on `port` answers /healthz; SystemExit if it dies or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"gunicorn did not come up; see {log_path}") from None
            time.sleep(0.3)


def worker_peak_rss_mb(master_pid):
    """Peak resident memory (VmHWM) of each gunicorn worker, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    peaks = []
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(round(int(re.search(r"VmHWM:\s*(\d+)", status).group(1)) / 1024, 1))
    return peaks


WRK_REPORT = ROOT / "bench" / "wrk_report.lua"
# wrk's error counters: socket errors, timeouts and HTTP statuses of 400 and above.
WRK_ERRORS = ("connect", "read", "write", "status", "timeout")


def run_wrk(url, *, connections, duration, timeout, headers=(), script=WRK_REPORT, args=()):
    """One bounded wrk run; returns the JSON line the Lua reporter wrote (times in µs).

    `args` go to the script's init() (bench/wrk_mix.lua takes its paths from there).
    """
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={duration}s",
        f"--timeout={timeout}s",
        f"--script={script}",
    ]
    for name, value in dict(headers).items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    if args:
        command += ["--", *args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.split("WRK_JSON ", 1)[1].splitlines()[0])


class WrkLoad:
    """Real load: wrk against the gunicorn server, bounded by `duration` seconds."""

    def __init__(self, port, duration, connections):
        self.base = f"http://127.0.0.1:{port}"
        self.duration = duration
        self.connections = connections

    def settle(self, request_seconds):
        """Let the workers drain what wrk left queued, so no scenario inherits a backlog.

        gunicorn still serves requests whose client has gone; at worst one per connection.
        """
        connections = 2 if request_seconds > SLOW_REQUEST_SECONDS else self.connections
        time.sleep(request_seconds * connections / 2)
        with urllib.request.urlopen(f"{self.base}/healthz", timeout=120):
            pass

    def __call__(self, scenario, headers, connections=None, duration=None, timeout=10):
        connections = connections or self.connections
        raw = run_wrk(
            self.base + scenario.path,
            connections=connections,
            duration=duration or self.duration,
            timeout=timeout,
            headers=headers,
        )
        seconds = raw["duration_us"] / 1e6
        errors = sum(raw[key] for key in WRK_ERRORS)
        return {
            "requests": raw["requests"],
            "rps": round(raw["requests"] / seconds, 2),
            "p50_ms": round(raw["p50_us"] / 1000, 2),
            "p99_ms": round(raw["p99_us"] / 1000, 2),
            "errors": errors,
            "connections": connections,
            "duration_s": round(seconds, 1),
        }


class ClientLoad:
    """In-process load with Django's test client: keeps the suite honest in CI, times nothing."""

    def __init__(self, clients, duration):
        self.clients = clients
        self.duration = duration

    def settle(self, request_seconds):
        """Requests in-process never overlap, so there is no backlog to wait for."""

    def __call__(self, scenario, headers, connections=None, duration=None, timeout=None):
        """In-process requests have no client timeout; `timeout` exists for WrkLoad's sake."""
        # bench.scenarios imports the models; this module runs before django.setup().
        from bench.scenarios import body_size

        client = self.clients["signed_in" if scenario.signed_in else "anonymous"]
        extra = {k: v for k, v in headers.items() if k != "Cookie"}
        latencies, errors = [], 0
        deadline = time.perf_counter() + (duration or self.duration)
        while time.perf_counter() < deadline or not latencies:
            began = time.perf_counter()
            response = client.get(scenario.path, headers=extra)
            body_size(response)
            latencies.append(time.perf_counter() - began)
            errors += response.status_code >= 400
        total = sum(latencies)
        quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
        return {
            "requests": len(latencies),
            "rps": round(len(latencies) / total, 1) if total else 0.0,
            "p50_ms": round(quantiles[49] * 1000, 2),
            "p99_ms": round(quantiles[98] * 1000, 2),
            "errors": errors,
            "connections": 1,
            "duration_s": round(total, 1),
        }


def evaluate(results):
    """Ratios against the same-run floors and PASS/FAIL per target."""
    # After django.setup(): bench.scenarios imports the models.
    from bench.scenarios import FRAMEWORK_FLOOR

    by_name = {r["name"]: r for r in results if r["state"] == "ok" and r["rps"]}
    floor = by_name.get(FRAMEWORK_FLOOR, {}).get("rps")
    for result in results:
        if result["state"] != "ok":
            continue
        result["ratio_to_framework_floor"] = round(result["rps"] / floor, 3) if floor else None
        checks = []
        for reference, ratio in result.pop("targets"):
            ref = by_name.get(reference)
            if ref is None:
                checks.append({"target": f"≥ {ratio:g}× {reference}", "result": "n/a"})
                continue
            actual = result["rps"] / ref["rps"]
            checks.append(
                {
                    "target": f"≥ {ratio:g}× {reference}",
                    "ratio": round(actual, 3),
                    "result": "PASS" if actual >= ratio else "FAIL",
                }
            )
        if result.get("min_rps") is not None:
            ok = result["rps"] >= result["min_rps"]
            checks.append(
                {"target": f"≥ {result['min_rps']:g} req/s", "result": "PASS" if ok else "FAIL"}
            )
        checks.append({"target": "0 errors", "result": "PASS" if result["errors"] == 0 else "FAIL"})
        result["checks"] = checks
    return results


def run_suite(load, clients, data=None, soak=None, master_pid=None, progress=print, only=None):
    """Preflight every scenario in-process, load the ones that exist, evaluate the targets.

    `only` narrows the run to some scenarios while profiling; the floors always run, as every
    ratio needs them.
    """
    from django.db import connection

    # After django.setup(): bench.scenarios imports the models.
    from bench import scenarios

    data = data or scenarios.BenchData.read()
    results = []
    for scenario in scenarios.build(data):
        if only and scenario.name not in only and scenario.group != scenarios.BASELINE_GROUP:
            continue
        pre, headers = scenarios.preflight(
            scenario, clients["anonymous"], clients["signed_in"], connection
        )
        result = {
            "name": scenario.name,
            "group": scenario.group,
            "path": scenario.path,
            "targets": [(t.reference, t.ratio) for t in scenario.targets],
            "min_rps": scenario.min_rps,
            **pre,
        }
        if pre["state"] == "ok":
            # A request slower than a quarter of the window would finish too rarely to count,
            # and a queue of them would spill into the next scenario: fewer connections there.
            seconds = pre["preflight_ms"] / 1000
            duration = min(max(load.duration, math.ceil(4 * seconds)), MAX_WINDOW_SECONDS)
            connections = 2 if seconds > SLOW_REQUEST_SECONDS else None
            result.update(load(scenario, headers, connections=connections, duration=duration))
            if scenario.memory and master_pid:
                result["worker_peak_rss_mb"] = worker_peak_rss_mb(master_pid)
            if not result["requests"]:
                result.update(state="error", note="no answer within the window")
            load.settle(pre["preflight_ms"] / 1000)
        else:
            result.pop("targets")
        progress(
            f"  {scenario.name:<26} {pre['state']:<8} {result.get('rps', '-'):>8} req/s  "
            f"{pre['queries']:>3} queries  HTTP {pre['status_code']}"
        )
        results.append(result)
    if soak:
        results.append(run_soak(load, results, scenarios.build(data), soak, progress))
    return evaluate(results)


def run_soak(load, results, scenario_list, soak, progress):
    """64 connections for 60 s on the first API list that exists (else the home page)."""
    connections, duration = soak
    states = {r["name"]: r["state"] for r in results}
    preferred = ["api_v3_partners_topic", "api_v3_pages_partners", "html_home"]
    name = next(n for n in preferred if states.get(n) == "ok")
    scenario = next(s for s in scenario_list if s.name == name)
    progress(f"  soak: {name} with {connections} connections for {duration} s")
    result = {
        "name": f"soak_{connections}x{duration}s",
        "group": "Soak",
        "path": scenario.path,
        "state": "ok",
        "targets": [],
        "min_rps": None,
        "queries": None,
        "status_code": None,
        # 64 connections queue up at 2 workers: a client gives up after 30 s, not 10 s.
        **load(scenario, {}, connections=connections, duration=duration, timeout=30),
    }
    return result


def render_table(report):
    facts = report["machine"]
    lines = [
        f"Run: {report['started_at']} · mode **{report['mode']}** · data: "
        + ", ".join(f"{k}={v}" for k, v in report["scale"].items())
        + (
            f" · generator {report['generate_seconds']} s"
            if report["generate_seconds"] is not None
            else " · data reused from an earlier run"
        ),
        "",
        f"Machine: {facts['cpu']}, {facts['cores']} cores, {facts['memory_gb']} GB RAM, "
        f"load at start {facts['load_average']}; Python {facts['python']}, Django "
        f"{facts['django']}, Wagtail {facts['wagtail']}, {facts['wrk']}, "
        f"PostgreSQL {facts.get('postgresql', '?')}, "
        "gunicorn 2 workers.",
        "",
        "| Scenario | Group | req/s | × framework floor | p50 ms | p99 ms | Errors | "
        "Queries | Targets |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in report["results"]:
        if r["state"] != "ok":
            note = r.get("note", f"HTTP {r['status_code']}")
            lines.append(
                f"| {r['name']} | {r['group']} | – | – | – | – | – | – | {r['state']} ({note}) |"
            )
            continue
        checks = "; ".join(
            f"{c['target']}: {c.get('ratio', '')}{' ' if 'ratio' in c else ''}{c['result']}"
            for c in r.get("checks", [])
        )
        if r.get("worker_peak_rss_mb"):
            checks += f"; peak RSS per worker {r['worker_peak_rss_mb']} MB"
        lines.append(
            f"| {r['name']} | {r['group']} | {r['rps']} | {r.get('ratio_to_framework_floor')} | "
            f"{r['p50_ms']} | {r['p99_ms']} | {r['errors']} | {'–' if r['queries'] is None else r['queries']} | {checks} |"
        )
    return "\n".join(lines)


def write_docs(table):
    text = DOCS.read_text()
    start, end = text.index(DOCS_START) + len(DOCS_START), text.index(DOCS_END)
    DOCS.write_text(text[:start] + "\n" + table + "\n" + text[end:])


def write_report(report, output_dir=RESULTS_DIR):
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = report["started_at"].replace(":", "").replace("-", "")
    path = output_dir / f"{stamp}-{report['mode']}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small scale, 2 s per scenario")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("BENCH_PORT", 8765)), help="or BENCH_PORT"
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--members", type=int, help="override the mode's member count")
    parser.add_argument(
        "--scale",
        type=float,
        help="multiply all of the mode's counts (members, bodies, sessions, events, news)",
    )
    parser.add_argument("--duration", type=int, help="seconds per scenario")
    parser.add_argument("--docs", action="store_true", help="write the table to docs/")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database after")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target too")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="measure the data a --keep-db run left instead of generating it again",
    )
    parser.add_argument(
        "--only", help="comma-separated scenario names to measure (the floors always run)"
    )
    args = parser.parse_args(argv)
    if args.only and args.docs:
        parser.error("--docs needs the whole suite; leave out --only")

    mode = "quick" if args.quick else "full"
    config = MODES[mode]
    scale = dict(config["scale"])
    if args.scale:
        scale = {key: round(value * args.scale) for key, value in scale.items()}
    if args.members:
        scale["members"] = args.members
    duration = args.duration or config["duration"]
    database_url = args.database_url or DEFAULT_DATABASE_URL
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"bench ({mode}): database {urlsplit(database_url).path.lstrip('/')}")
    if args.reuse_db and not database_exists(database_url):
        raise SystemExit(
            f"No database {urlsplit(database_url).path.lstrip('/')!r} to reuse: "
            "run once with --keep-db first."
        )
    if not args.reuse_db:
        recreate_database(database_url)
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        generate_seconds = generator_steps = None
        if not args.reuse_db:
            generate_started = time.perf_counter()
            generator_steps = generate(env, args.seed, scale)
            generate_seconds = round(time.perf_counter() - generate_started, 1)
        manage(env, "collectstatic", "--no-input", "-v", "0")

        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        # After django.setup(): bench.scenarios imports the models.
        from bench.scenarios import clients

        facts = machine_facts()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            facts["postgresql"] = cursor.fetchone()[0]
        log = ROOT / "var" / "bench-gunicorn.log"
        with gunicorn(env, args.port, log) as server:
            load = WrkLoad(args.port, duration, config["connections"])
            results = run_suite(
                load,
                clients(),
                soak=None if args.only else config["soak"],
                master_pid=server.pid,
                only=set(args.only.split(",")) if args.only else None,
            )
        report = {
            "started_at": started_at,
            "mode": mode,
            "scale": scale,
            "seed": args.seed,
            "generate_seconds": generate_seconds,
            "generator_steps": generator_steps,
            "duration_per_scenario_s": duration,
            "connections": config["connections"],
            "machine": facts,
            "results": results,
        }
        path = write_report(report)
        table = render_table(report)
        print(table)
        print(f"\nJSON: {path}")
        if args.docs:
            write_docs(table)
            print(f"Table written to {DOCS.relative_to(ROOT)}.")
    finally:
        if not (args.keep_db or args.reuse_db):
            drop_database(database_url)
    broken = [r["name"] for r in results if r["state"] == "error" or r.get("errors")]
    missed = [r["name"] for r in results if any(c["result"] == "FAIL" for c in r.get("checks", []))]
    if broken:
        print(f"Errors in: {', '.join(broken)}")
    return 1 if broken or (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
