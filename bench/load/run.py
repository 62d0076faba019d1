"""Load benchmark: the portal under gunicorn (production settings, PostgreSQL) driven by locust.

    .venv/bin/python bench/load/run.py                  # everything, 30 s per scenario
    .venv/bin/python bench/load/run.py --duration 10 --users 10

What it does, all on 127.0.0.1 and bounded in time:
1. starts a throw-away PostgreSQL cluster (.ci/postgres.sh on its own port and folder), or uses
   BENCH_DATABASE_URL; migrates, collects static files, loads the demo content and adds bench
   accounts (bench/load/seed.py);
2. serves the portal with gunicorn (gunicorn.conf.py, bench/load/settings.py = production plus
   one minimal view as the ceiling) and a db_worker for the background tasks;
3. runs each scenario with locust headless (bench/load/locustfile.py) for --duration seconds:
   the ceiling view; anonymous visitors (home, events, knowledge index, search); a mix of
   anonymous visitors, initiators saving drafts and submitting, and officials listing and
   transitioning; first with the anonymous page cache off, then on (PAGE_CACHE_SECONDS);
4. checks that every application the initiators submitted is in the database exactly once, in a
   submitted state, with its log entry (bench/load/verify.py);
5. prints requests/s, median and p95 per endpoint and the error counts, and writes them to
   bench/results/load/ (gitignored).

--hosts 1,2 runs every scenario on each layout in turn: one host as above, then two gunicorn
hosts sharing a Redis (.ci/redis.sh: REDIS_URL, each host its own PAGE_CACHE_DIR) that locust
takes in turn request by request (round robin); it prints req/s and the page-cache hit rate
(the X-Page-Cache header of every GET) of each layout side by side.
"""

import argparse
import contextlib
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = REPO / "bench" / "results" / "load"
HOST = "127.0.0.1"

SCENARIOS = {
    # name: (locust user classes, what it measures)
    "ceiling": (["CeilingUser"], "minimal Django view, same server and middleware"),
    "pages": (["PageReader"], "anonymous visitors on the cacheable pages: home, events, knowledge"),
    "anonymous": (["AnonymousVisitor"], "anonymous visitors: home, events, knowledge, search"),
    "mixed": (
        ["AnonymousVisitor", "Initiator", "Official"],
        "anonymous visitors + initiators (drafts, submit) + officials (list, transition)",
    ),
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(cmd, env, timeout=600, **kwargs):
    log(" ".join(str(c) for c in cmd))
    return subprocess.run(cmd, env=env, cwd=REPO, check=True, timeout=timeout, **kwargs)


def host_ports(count):
    """BENCH_PORT_BASE, +1, ... when set (a machine with assigned ports); free ones otherwise."""
    base = os.environ.get("BENCH_PORT_BASE")
    return [int(base) + n for n in range(count)] if base else [free_port() for _ in range(count)]


def free_port():
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- services ----------------------------------------------------------------------------------


@contextlib.contextmanager
def postgres():
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        yield url
        return
    env = {
        **os.environ,
        "PG_PORT": os.environ.get("BENCH_PG_PORT", "54339"),
        "PG_DATA_DIR": os.environ.get("BENCH_PG_DATA_DIR", "/tmp/dorpskracht-bench-pg"),  # noqa: S108
    }
    script = str(REPO / ".ci" / "postgres.sh")
    url = subprocess.run(
        ["bash", script, "start"], env=env, check=True, capture_output=True, text=True, timeout=300
    ).stdout.strip()
    try:
        base, _, dbname = url.rpartition("/")
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        yield url
    finally:
        subprocess.run(["bash", script, "stop"], env=env, check=False, timeout=120)


@contextlib.contextmanager
def redis_server(needed):
    """A throw-away Redis (.ci/redis.sh on its own port and folder) when a layout needs one."""
    if not needed:
        yield ""
        return
    env = {
        **os.environ,
        "REDIS_PORT": os.environ.get("BENCH_REDIS_PORT", "6399"),
        "REDIS_DIR": os.environ.get("BENCH_REDIS_DIR", "/tmp/dorpskracht-bench-redis"),  # noqa: S108
    }
    script = str(REPO / ".ci" / "redis.sh")
    url = subprocess.run(
        ["bash", script, "start"], env=env, check=True, capture_output=True, text=True, timeout=60
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run(["bash", script, "stop"], env=env, check=False, timeout=60)


@contextlib.contextmanager
def background(cmd, env, name, logdir):
    logfile = open(logdir / f"{name}.log", "ab")  # noqa: SIM115
    log(f"starting {name}: {' '.join(cmd)}")
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=logfile, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        logfile.close()


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/__bench__/ping/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on {url} within {timeout} s")


@contextlib.contextmanager
def portal(env, ports, cache_seconds, logdir, workers, redis_url=""):
    """gunicorn on each of ``ports`` (one "host" each: its own page-cache folder; with
    ``redis_url`` they share Redis as cache) and one db_worker; yields their base URLs."""
    env = {**env, "PAGE_CACHE_SECONDS": str(cache_seconds)}
    if redis_url:
        import redis

        env["REDIS_URL"] = redis_url
        redis.Redis.from_url(redis_url).flushall()  # every layout starts with a cold cache
    else:
        env.pop("REDIS_URL", None)
    tag = f"{len(ports)}host{'-redis' if redis_url else ''}-cache{cache_seconds}"
    with contextlib.ExitStack() as stack:
        urls = []
        for number, port in enumerate(ports):
            host_env = {**env, "PAGE_CACHE_DIR": f"{env['PAGE_CACHE_DIR']}-{number}"}
            shutil.rmtree(host_env["PAGE_CACHE_DIR"], ignore_errors=True)
            gunicorn = [
                str(BIN / "gunicorn"),
                "-c",
                str(REPO / "gunicorn.conf.py"),
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "/dev/null",
                "--max-requests",
                "0",
            ]
            stack.enter_context(background(gunicorn, host_env, f"gunicorn{number}-{tag}", logdir))
            urls.append(f"http://{HOST}:{port}")
        worker = [PYTHON, "manage.py", "db_worker"]
        stack.enter_context(background(worker, env, f"db_worker-{tag}", logdir))
        for url in urls:
            wait_until_up(url)
        yield urls


# --- one locust run ----------------------------------------------------------------------------


def locust(env, urls, scenario, users, duration, outdir, label):
    classes, _ = SCENARIOS[scenario]
    url = urls[0]
    prefix = outdir / label
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(REPO / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        url,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(users, 1)),
        "--run-time",
        f"{duration}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = {**env, "BENCH_LABEL": label, "BENCH_OUT": str(outdir)}
    if len(urls) > 1:
        env["BENCH_HOSTS"] = ",".join(urls)
    with open(outdir / f"{label}.locust.log", "wb") as logfile:
        subprocess.run(
            cmd,
            env=env,
            cwd=REPO,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            timeout=duration + 120,
            check=False,  # locust exits 1 when any request failed; the numbers say which
        )
    rows = read_stats(Path(f"{prefix}_stats.csv"), duration)
    counts_file = outdir / f"pagecache-{label}.json"
    counts = json.loads(counts_file.read_text()) if counts_file.exists() else {}
    return rows, counts


def hit_rate(counts):
    """Hits among the GETs the page cache looked up (hit + miss); None when it saw none."""
    looked_up = counts.get("hit", 0) + counts.get("miss", 0)
    return counts.get("hit", 0) / looked_up if looked_up else None


def read_stats(path, duration):
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "name": row["Name"] if row["Type"] else "Aggregated",
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "median_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                }
            )
    return rows


def layout_name(hosts, redis):
    return f"{hosts} host{'s' if hosts > 1 else ''}{' + Redis' if redis else ''}"


# --- report ------------------------------------------------------------------------------------


def table(rows):
    lines = [
        "| endpoint | requests | req/s | median ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        name = r["name"] if r["name"] == "Aggregated" else f"{r['method']} {r['name']}"
        lines.append(
            f"| {name} | {r['requests']} | {r['rps']:.1f} | {r['median_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['failures']} |"
        )
    return "\n".join(lines)


def comparison(runs, layouts):
    """Each scenario's aggregated req/s and page-cache hit rate, one column pair per layout."""
    if len(layouts) < 2:
        return []
    keys = list(dict.fromkeys((r["scenario"], r["cache"]) for r in runs.values()))
    by = {(r["scenario"], r["cache"], r["layout"]): r for r in runs.values()}
    head = "| scenario | " + " | ".join(f"{name}: req/s | hit rate" for name in layouts) + " |"
    lines = ["## Layouts side by side", "", head, "|---|" + "---:|---:|" * len(layouts)]
    for scenario, cache in keys:
        cells = []
        for name in layouts:
            run_ = by.get((scenario, cache, name))
            if run_ is None:
                cells += ["", ""]
                continue
            total = next(r for r in run_["rows"] if r["name"] == "Aggregated")
            rate = hit_rate(run_["page_cache"])
            cells += [f"{total['rps']:.1f}", "–" if rate is None else f"{rate:.1%}"]
        lines.append(f"| {scenario} {cache} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per scenario (max 120)")
    parser.add_argument("--users", type=int, default=16, help="concurrent locust users")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--cache-seconds", type=int, default=300, help="PAGE_CACHE_SECONDS when on")
    parser.add_argument("--initiators", type=int, default=40, help="bench initiator accounts")
    parser.add_argument("--officials", type=int, default=4, help="bench official accounts")
    parser.add_argument(
        "--scenarios",
        default="ceiling,pages,anonymous,mixed",
        help="comma-separated, in this order",
    )
    parser.add_argument(
        "--hosts",
        default="1",
        help="layouts to run, comma-separated host counts (e.g. 1,2); more than one host "
        "shares a Redis, taken in turn request by request",
    )
    parser.add_argument(
        "--redis", action="store_true", help="one host uses Redis as cache too (as two do)"
    )
    args = parser.parse_args()
    try:
        layouts = [int(n) for n in args.hosts.split(",") if n]
    except ValueError:
        parser.error("--hosts: host counts such as 1,2")
    if not layouts or min(layouts) < 1 or max(layouts) > 4:
        parser.error("--hosts: between 1 and 4 hosts")
    duration = max(5, min(args.duration, 120))
    scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(scenarios) - SCENARIOS.keys()
    if unknown:
        parser.error(f"unknown scenarios: {sorted(unknown)}")

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    outdir = RESULTS / stamp
    outdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dorpskracht-bench-"))
    password = "bench-" + secrets.token_urlsafe(12)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
        "PAGE_CACHE_DIR": str(work / "page-cache"),
        "EMAIL_URL": "dummy:",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
        "BENCH_PASSWORD": password,
        "BENCH_INITIATORS": str(args.initiators),
        "BENCH_OFFICIALS": str(args.officials),
    }
    env.pop("DATABASE_URL", None)
    results = {
        "started": stamp,
        "duration_s": duration,
        "users": args.users,
        "search_backend": "wagtail stock database backend"
        if os.environ.get("BENCH_STOCK_SEARCH")
        else "project (search.backends)",
        "runs": {},
    }
    try:
        with postgres() as db_url:
            env["DATABASE_URL"] = db_url
            t0 = time.monotonic()
            run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
            run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
            run([PYTHON, "manage.py", "load_demo_content"], env, stdout=subprocess.DEVNULL)
            seeded = run([PYTHON, "-m", "bench.load.seed"], env, capture_output=True, text=True)
            env["BENCH_PATHS"] = json.dumps(json.loads(seeded.stdout)["paths"])
            results["paths"] = json.loads(env["BENCH_PATHS"])
            results["setup_s"] = round(time.monotonic() - t0, 1)
            needs_redis = args.redis or max(layouts) > 1
            with redis_server(needs_redis) as redis_url:
                for hosts in layouts:
                    shared = redis_url if (hosts > 1 or args.redis) else ""
                    layout = layout_name(hosts, bool(shared))
                    ports = host_ports(hosts)
                    for cache_seconds in (0, args.cache_seconds):
                        cache = "cache-on" if cache_seconds else "cache-off"
                        with portal(
                            env, ports, cache_seconds, outdir, args.workers, shared
                        ) as urls:
                            for scenario in scenarios:
                                if scenario == "ceiling" and cache_seconds:
                                    continue  # the page cache does not touch the minimal view
                                label = f"{scenario}-{cache}"
                                if layout != "1 host":
                                    label += f"-{layout.replace(' ', '').replace('+', '-')}"
                                log(f"{layout}, {label}: {args.users} users for {duration} s")
                                rows, counts = locust(
                                    env, urls, scenario, args.users, duration, outdir, label
                                )
                                results["runs"][label] = {
                                    "layout": layout,
                                    "scenario": scenario,
                                    "cache": cache,
                                    "rows": rows,
                                    "page_cache": counts,
                                }
            if "mixed" in scenarios:
                verify = run(
                    [PYTHON, "-m", "bench.load.verify", str(outdir)],
                    env,
                    capture_output=True,
                    text=True,
                )
                results["verification"] = json.loads(verify.stdout)
            else:  # only the mixed scenario submits applications
                results["verification"] = {"ok": True, "skipped": "no mixed scenario ran"}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report = [
        f"# Load benchmark {stamp}",
        "",
        f"{args.users} locust users per scenario, closed loop without think time, {duration} s "
        f"each; gunicorn {args.workers} workers × 2 threads per host; PostgreSQL on loopback; "
        f"{os.cpu_count()} CPU cores shared by server, database and load generator; "
        f"search: {results['search_backend']}.",
        "",
    ]
    for label, run_ in results["runs"].items():
        rate = hit_rate(run_["page_cache"])
        report += [
            f"## {label}: {SCENARIOS[run_['scenario']][1]} ({run_['layout']})",
            "",
            table(run_["rows"]),
            "",
            f"Page cache: {run_['page_cache'].get('hit', 0)} hits, "
            f"{run_['page_cache'].get('miss', 0)} misses"
            + (f" ({rate:.1%} hit rate)" if rate is not None else "")
            + f", {run_['page_cache'].get('none', 0)} GETs it does not serve.",
            "",
        ]
    report += comparison(results["runs"], [layout_name(h, h > 1 or args.redis) for h in layouts])
    report += ["## Verification", "", "```", json.dumps(results["verification"], indent=2), "```"]
    text = "\n".join(report)
    (outdir / "report.md").write_text(text)
    (outdir / "results.json").write_text(json.dumps(results, indent=2))
    print(text)
    if not results["verification"].get("ok"):
        sys.exit("verification failed: see above")


if __name__ == "__main__":
    main()
