"""Where one request spends its time: cProfile over repeated in-process requests.

.venv/bin/python bench/run.py --quick --keep-db      # leaves the `bench` database
.venv/bin/python bench/profile_request.py /api/v3/partners/?limit=50 [--requests 20] [--signed-in]
"""

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats order, e.g. tottime")
    parser.add_argument(
        "--fresh", action="store_true", help="bypass the response cache (Cache-Control: no-cache)"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    # Run as a script: `bench` is importable only once the project root is on the path.
    from bench.run import DEFAULT_DATABASE_URL

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # After django.setup(): bench.scenarios imports the models.
    from bench.scenarios import FRESH, body_size, clients

    client = clients()["signed_in" if args.signed_in else "anonymous"]
    headers = FRESH if args.fresh else {}
    with CaptureQueriesContext(connection) as warm_up:
        response = client.get(args.path, headers=headers)
        body_size(response)
        status = response.status_code
    print(f"warm-up: HTTP {status}, {len(warm_up)} queries; slowest:")
    for query in sorted(warm_up, key=lambda q: -float(q["time"]))[:8]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        body_size(client.get(args.path, headers=headers))
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats(args.sort)
    stats.print_stats(args.top)


if __name__ == "__main__":
    main()
