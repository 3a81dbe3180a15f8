"""make bench: build the demo county at scale 1 and 10 in PostgreSQL databases of its own,
time the main pages, import 30,000 members from Excel at the first scale, then load gunicorn
on 127.0.0.1 for a bounded time. Prints the tables and writes them to docs/performance.md
(between the BENCH markers).

Needs PostgreSQL at BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SCALES = [float(s) for s in os.environ.get("BENCH_SCALES", "1 10").split()]
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
LOAD_THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "8"))


def env_for(database: str, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": f"{PG}/{database}", "ENV_FILE": "/nonexistent", **extra}


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def prepare(scale: float) -> str:
    database = f"zhandou_bench_{str(scale).replace('.', '_')}"
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", database], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    env = env_for(database)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.perf_counter()
    run([PY, "manage.py", "seed_demo", "--scale", str(scale)], env, stdout=subprocess.DEVNULL)
    print(
        f"scale {scale:g}: demo county built in {time.perf_counter() - started:.0f} s", flush=True
    )
    return database


def measure(database: str) -> dict:
    output = run([PY, "bench/measure.py"], env_for(database), capture_output=True, text=True)
    rows = [json.loads(line) for line in output.stdout.splitlines() if line.startswith("{")]
    return {row["page"]: row for row in rows}


def import_members(database: str) -> list[dict]:
    """The 30,000-member Excel import (bench/import_members.py), which cleans up after itself."""
    output = run([PY, "bench/import_members.py"], env_for(database), capture_output=True, text=True)
    return [json.loads(line) for line in output.stdout.splitlines() if line.startswith("{")]


def import_table(rows: list[dict], scale: float) -> str:
    lines = [
        f"Excel import at scale {scale:g}, as county staff (`bench/import_members.py`):",
        "",
        "| step | rows | median s | min s | max s | rows/s |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['rows']} | {row['median_s']} | {row['min_s']} | "
            f"{row['max_s']} | {row['rows_per_s']} |"
        )
    return "\n".join(lines)


def export_members(database: str) -> dict:
    """The whole member register exported as a job (bench/export_members.py)."""
    output = run([PY, "bench/export_members.py"], env_for(database), capture_output=True, text=True)
    return next(json.loads(line) for line in output.stdout.splitlines() if line.startswith("{"))


def export_table(rows: dict[float, dict]) -> str:
    lines = [
        "Member register export, as the job a request queues (`bench/export_members.py`):",
        "",
        "| scale | rows | s | rows/s | peak MB |",
        "|---|---|---|---|---|",
    ]
    for scale, row in rows.items():
        lines.append(
            f"| {scale:g} | {row['rows']} | {row['seconds']} | {row['rows_per_s']} | "
            f"{row['peak_mb']} |"
        )
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load(database: str) -> dict:
    """Bounded load on 127.0.0.1 only: threads hitting the dashboard and the member list."""
    secret = "bench-" + "k" * 60
    env = env_for(
        database,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secret,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(ROOT / "staticfiles"),
    )
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    cookie = run(
        [
            PY,
            "-c",
            "import django; django.setup();"
            "from django.contrib.sessions.backends.db import SessionStore;"
            "from organizations.models import User; u=User.objects.get(username='county');"
            "s=SessionStore(); s['_auth_user_id']=str(u.pk);"
            "s['_auth_user_backend']='organizations.backends.ScopedModelBackend';"
            "s['_auth_user_hash']=u.get_session_auth_hash(); "
            "from organizations import twofactor as t; s[t.SESSION_KEY]=t.VERIFIED;"
            "s.create(); print(s.session_key)",
        ],
        env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        latencies, errors = [], [0]
        lock = threading.Lock()
        deadline = time.monotonic() + LOAD_SECONDS
        paths = ["/reports/dashboard/", "/members/", "/cadres/records/"]

        def worker(index):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            n = index
            while time.monotonic() < deadline:
                path = paths[n % len(paths)]
                n += 1
                start = time.perf_counter()
                try:
                    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                except OSError:
                    ok = False
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    latencies.append((time.perf_counter() - start) * 1000)
                    errors[0] += 0 if ok else 1

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(LOAD_THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=20)
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / LOAD_SECONDS, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1) if latencies else None,
        "errors": errors[0],
    }


def table(results: dict, load_result: dict) -> str:
    scales = list(results)
    head = (
        "| page | "
        + " | ".join(
            f"q@{s:g} | KB@{s:g} | median ms@{s:g} | p95 ms@{s:g} | × trivial@{s:g}" for s in scales
        )
        + (" | median ×(10 vs 1)" if len(scales) > 1 else "")
        + " |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    first = scales[0]
    for page in results[first]:
        cells = []
        for scale in scales:
            row = results[scale].get(page, {})
            cells += [
                str(row.get("queries", "")),
                str(row.get("kb", "")),
                str(row.get("median_ms", "")),
                str(row.get("p95_ms", "")),
                str(row.get("ratio", "")),  # against the trivial page alternated with it
            ]
        if len(scales) > 1:
            base = results[first].get(page, {}).get("median_ms") or 1
            cells.append(f"{results[scales[-1]].get(page, {}).get('median_ms', 0) / base:.2f}")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"Load (gunicorn, 4 workers, {LOAD_THREADS} threads, {LOAD_SECONDS} s, scale "
        f"{first:g}, dashboard + member list + record list): {load_result['requests']} requests, "
        f"{load_result['rps']} req/s, median {load_result['median_ms']} ms, "
        f"p95 {load_result['p95_ms']} ms, errors {load_result['errors']}."
    )
    return "\n".join(lines)


def main():
    results, databases = {}, {}
    for scale in SCALES:
        databases[scale] = prepare(scale)
        results[scale] = measure(databases[scale])
    imports = import_members(databases[SCALES[0]])
    exports = {scale: export_members(databases[scale]) for scale in SCALES}
    load_result = load(databases[SCALES[0]])
    text = (
        table(results, load_result)
        + "\n\n"
        + import_table(imports, SCALES[0])
        + "\n\n"
        + export_table(exports)
    )
    print(text)
    document = ROOT / "docs" / "performance.md"
    content = document.read_text() if document.exists() else ""
    start, end = "<!-- BENCH START -->", "<!-- BENCH END -->"
    block = f"{start}\n{text}\n{end}"
    if start in content:
        content = content.split(start)[0] + block + content.split(end)[1]
    else:
        content += "\n" + block + "\n"
    document.write_text(content)


if __name__ == "__main__":
    main()
