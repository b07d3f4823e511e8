"""The API under load: `hey` against `salvo serve --workers N`, on a filtered incident list.

    python -m salvo.devtools.api_load [--incidents 100000] [--workers 2] [--clients 10]
                                      [--seconds 8] [--runs 3] [--no-cache] [--db FILE]

The bar (issue P12): with 100,000 incidents, 2 workers and 10 concurrent clients for 8 s, at least 200
requests/s, p99 under 150 ms, and no errors. This builds the SQLite file with ``salvo bench synth``'s
generator (kept with ``--db``), starts ``salvo serve`` as a separate process, waits until every worker
answers, then runs ``hey -z 8s -c 10`` ``--runs`` times in a row, printing each run and the one-minute
load average before it (the machine is shared: figures move with its load). ``--no-cache`` serves with
``SALVO_RESPONSE_CACHE=0``, so each request does the whole work (filter, page read, JSON, gzip).
Exit status 0 when every run meets the bar.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from salvo.api.live import free_port

#: A filtered list as the dashboard's table asks for it (two filters, sorted by date, the first page).
URL_PATH = "/api/incidents?country=IQ&category=attack&sort=-date&limit=50"
BAR_RPS, BAR_P99_MS = 200.0, 150.0


def build_db(path: Path, n: int) -> float:
    from salvo.api.synth import generate
    from salvo.store import open_store

    began = time.perf_counter()
    store = open_store(f"sqlite:///{path}")
    generate(store, n)
    store.close()
    return time.perf_counter() - began


def start_server(db: str, port: int, workers: int, cache: bool) -> subprocess.Popen[bytes]:
    """``salvo serve --workers N`` in its own process group; returns once it answers."""
    env = {**os.environ, "SALVO_RESPONSE_CACHE": "1" if cache else "0"}
    cmd = [sys.executable, "-c", "from salvo.cli import main; main()", "serve", "--db", db,
           "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError("server did not start within 120 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, 9)


def warm_up(url: str, seconds: float = 3.0) -> None:
    """Until every worker has loaded its index: new connections land on either worker, so keep asking
    over fresh connections until answers come back fast several times in a row."""
    deadline, quick = time.monotonic() + 120, 0
    while quick < 8 and time.monotonic() < deadline:
        began = time.perf_counter()
        httpx.get(url, timeout=60).raise_for_status()
        quick = quick + 1 if time.perf_counter() - began < 0.2 else 0
    end = time.monotonic() + seconds
    with httpx.Client(timeout=30) as client:
        while time.monotonic() < end:
            client.get(url)


def parse_hey(text: str) -> dict[str, Any]:
    """Requests/s, latency percentiles (ms), status codes and errors from hey's summary."""

    def number(pattern: str) -> float | None:
        m = re.search(pattern, text)
        return float(m.group(1)) if m else None

    statuses = {int(code): int(n) for code, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)}
    errors = text.split("Error distribution:", 1)[1].strip() if "Error distribution:" in text else ""
    out: dict[str, Any] = {"rps": number(r"Requests/sec:\s+([\d.]+)")}
    for p in (50, 90, 95, 99):
        secs = number(rf"\s{p}%% in ([\d.]+) secs".replace("%%", "%"))
        out[f"p{p}_ms"] = round(secs * 1000, 1) if secs is not None else None
    slowest = number(r"Slowest:\s+([\d.]+) secs")
    out["max_ms"] = round(slowest * 1000, 1) if slowest is not None else None
    out["statuses"] = statuses
    out["errors"] = errors
    return out


def run_hey(url: str, seconds: int, clients: int) -> dict[str, Any]:
    hey = shutil.which("hey")
    if hey is None:
        raise RuntimeError("hey is not installed (apt-get install hey)")
    load = os.getloadavg()[0]
    done = subprocess.run([hey, "-z", f"{seconds}s", "-c", str(clients), url], capture_output=True, text=True,
                          check=True, timeout=seconds + 60)
    return {"loadavg_1m_before": round(load, 2), **parse_hey(done.stdout)}


def meets_bar(run: dict[str, Any]) -> bool:
    ok_statuses = set(run["statuses"]) == {200}
    return bool(ok_statuses and not run["errors"] and (run["rps"] or 0) >= BAR_RPS
                and run["p99_ms"] is not None and run["p99_ms"] < BAR_P99_MS)


def measure(db: str, workers: int, clients: int, seconds: int, runs: int, cache: bool) -> dict[str, Any]:
    port = free_port()
    proc = start_server(db, port, workers, cache)
    url = f"http://127.0.0.1:{port}{URL_PATH}"
    try:
        warm_up(url)
        results = [run_hey(url, seconds, clients) for _ in range(runs)]
    finally:
        stop(proc)
    for r in results:
        r["bar_met"] = meets_bar(r)
    return {"url": URL_PATH, "workers": workers, "clients": clients, "seconds": seconds,
            "response_cache": cache, "runs": results}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-cache", action="store_true", help="serve with the response cache off")
    ap.add_argument("--db", help="SQLite file (built when missing) or a database URL (used as it is)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url, built = args.db, None
        if url is None or "://" not in url:
            path = Path(url) if url else Path(tmp) / "load.db"
            if not path.exists():
                built = round(build_db(path, args.incidents), 1)
            url = f"sqlite:///{path}"
        report = measure(url, args.workers, args.clients, args.seconds, args.runs, not args.no_cache)
    report.update({"incidents": args.incidents, "db_build_s": built, "cpus": os.cpu_count()})
    print(json.dumps(report, indent=2))
    ok = all(r["bar_met"] for r in report["runs"])
    print(f"bar (>= {BAR_RPS:.0f} req/s, p99 < {BAR_P99_MS:.0f} ms, no errors) " + ("met" if ok else "NOT met"),
          file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
