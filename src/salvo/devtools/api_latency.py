"""Benchmark of the API (and the dashboard's first render) against a running server.

    python -m salvo.devtools.api_latency [--incidents 100000] [--rounds 40] [--render]

The analysis answers (stats with rolling means and aliases, reconcile, cycles, changes) are timed
too, each held to < 200 ms at p95.

Builds a SQLite file of synthetic incidents (``salvo.api.synth``), starts
``salvo serve`` on loopback in a separate process, sends typical dashboard
requests one after another over a keep-alive connection, and reports p50/p95
per endpoint. ``--render`` also times the first render in headless chromium:
from navigation to map points and table on screen (bar: <= 1.5 s at the median of the runs, the first
load <= 400 KB on the wire), with when the last data answer arrived and any request sent twice.
The server is ``salvo serve``, which computes the dashboard's first answers at start-up; the
measurement waits for that (``--render`` after the API timings, which take longer).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from salvo.api.live import free_port

INCIDENT_QUERIES: list[dict[str, Any]] = [
    {},
    {"weapon": "drone", "date_from": "2023-10-01", "date_to": "2024-03-31"},
    {"country": "IQ", "category": "attack"},
    {"q": "erbil"},
    {"country": "SY", "min_casualties": 5},
    {"perpetrator": "Kata'ib Hezbollah", "sort": "-killed"},
    {"admin1": "Anbar", "date_from": "2022-01-01", "offset": 500},
    {"attribution": "claimed", "category": "strike", "sort": "place"},
]
STATS_QUERIES: list[dict[str, Any]] = [
    {"interval": "week", "split": "category"},
    {"interval": "week", "split": "category", "weapon": "drone"},
    {"interval": "month", "split": "weapon"},
    {"interval": "month", "split": "country", "date_from": "2023-01-01"},
    {"interval": "day", "country": "IQ", "date_from": "2024-01-01", "date_to": "2024-06-30"},
    {"interval": "week", "split": "perpetrator", "category": "attack"},
]


#: The analysis answers, each held to < 200 ms at p95 with 100,000 incidents.
ANALYSIS_QUERIES: dict[str, list[dict[str, Any]]] = {
    "/api/stats": [{"interval": "month", "split": "weapon", "rolling": 3, "date_from": "2023", "country": "SY"},
                   {"interval": "week", "perpetrator": "kataib hezbollah", "date_from": "2024-01"}],
    "/api/reconcile": [{}],
    "/api/cycles": [{"date_from": "2024-01", "date_to": "2024-01"}, {"date_from": "2023-10-17", "country": "SY"}],
    "/api/changes": [{"since": "2025-09-01"}],
}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_db(path: Path, n: int) -> float:
    from salvo.api.synth import generate
    from salvo.store import open_store

    t0 = time.perf_counter()
    store = open_store(f"sqlite:///{path}")
    generate(store, n)
    store.close()
    return time.perf_counter() - t0


def start_server(db: Path | str, port: int, cache: bool = True) -> subprocess.Popen[bytes]:
    """``salvo serve`` on ``db`` (a SQLite file or a database URL), with or without its response cache."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    cmd = [sys.executable, "-c", "from salvo.cli import main; main()", "serve", "--db", url]
    cmd += ["--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "SALVO_RESPONSE_CACHE": "1" if cache else "0"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}/api/health"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process so far (Linux ``/proc``), or None where it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def time_requests(
    base: str, path: str, queries: list[dict[str, Any]], rounds: int, server_pid: int | None = None
) -> dict[str, Any]:
    """p50/p95 wall time per query and overall; with ``server_pid``, also the server's CPU time per request,
    which the machine's other load does not inflate."""
    per_query: list[dict[str, Any]] = []
    everything: list[float] = []
    with httpx.Client(base_url=base, timeout=600) as client:  # the first request may load the index
        for q in queries:  # warm-up: first touch of pages and caches
            client.get(path, params=q).raise_for_status()
        cpu_before = cpu_seconds(server_pid)
        samples: dict[int, list[float]] = {i: [] for i in range(len(queries))}
        for _ in range(rounds):
            for i, q in enumerate(queries):
                t0 = time.perf_counter()
                r = client.get(path, params=q)
                dt_ms = (time.perf_counter() - t0) * 1000
                r.raise_for_status()
                samples[i].append(dt_ms)
                everything.append(dt_ms)
        cpu_after = cpu_seconds(server_pid)
        for i, q in enumerate(queries):
            per_query.append(
                {
                    "query": q,
                    "p50_ms": round(statistics.median(samples[i]), 1),
                    "p95_ms": round(pct(samples[i], 95), 1),
                }
            )
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None and everything:
        cpu_ms = round((cpu_after - cpu_before) * 1000 / len(everything), 1)
    return {
        "requests": len(everything),
        "server_cpu_ms_per_request": cpu_ms,
        "p50_ms": round(statistics.median(everything), 1),
        "p95_ms": round(pct(everything, 95), 1),
        "max_ms": round(max(everything), 1),
        "per_query": per_query,
    }


def _collector(into: list[Any]) -> Any:
    """A handler that keeps what it is given (Playwright wants a plain function, not a bound method)."""

    def keep(item: Any) -> None:
        into.append(item)

    return keep


#: The browser's main-thread work up to the render (Chrome's performance metrics, in seconds).
BROWSER_WORK = {"task": "TaskDuration", "script": "ScriptDuration", "layout": "LayoutDuration",
                "style": "RecalcStyleDuration"}


def _stamped(into: list[tuple[float, str]]) -> Any:
    """A handler that notes when each request finished."""

    def note(request: Any) -> None:
        into.append((time.perf_counter(), request.url))

    return note


def time_first_render(base: str, runs: int = 3, screenshot: Path | None = None) -> dict[str, Any]:
    """Navigation to map points and table on screen, per run; with what the render waited on: the browser's
    main-thread work, when each API answer arrived, and requests sent twice (a preload the page missed)."""
    from playwright.sync_api import sync_playwright

    from salvo.api.app import static_dir

    if not (static_dir() / "index.html").is_file():
        return {"skipped": "dashboard not built (npm ci && npm run build)"}
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    args += ["--disable-sync", "--no-first-run"]
    times: list[float] = []
    busy: list[dict[str, int]] = []
    waterfall: list[dict[str, int]] = []
    weights: list[int] = []
    outside: set[str] = set()
    twice: set[str] = set()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.on("request", lambda r: outside.add(r.url) if not r.url.startswith(base) else None)
            done: list[Any] = []
            arrived: list[tuple[float, str]] = []
            page.on("requestfinished", _collector(done))
            page.on("requestfinished", _stamped(arrived))
            t0 = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready=dashboard]", timeout=30_000)
            page.wait_for_selector(".leaflet-marker-icon.cluster, path.inc-marker", timeout=30_000)
            rendered = time.perf_counter() - t0
            times.append(rendered * 1000)
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            busy.append({k: round(metrics.get(v, 0) * 1000) for k, v in BROWSER_WORK.items()})
            waterfall.append({u[len(base):]: round((t - t0) * 1000) for t, u in arrived if "/api/" in u})
            page.wait_for_load_state("networkidle")
            urls = [r.url for r in done]
            twice.update(u[len(base):] for u in urls if urls.count(u) > 1)
            # bytes on the wire (compressed bodies and headers) for the first load
            weights.append(sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in done))
            if screenshot is not None:
                page.wait_for_timeout(500)  # let the cluster animation settle
                page.screenshot(path=str(screenshot))
            context.close()
        browser.close()
    return {
        "runs_ms": [round(t) for t in times],
        "median_ms": round(statistics.median(times)),
        "max_ms": round(max(times)),
        # the browser's own work (main thread), and when each API answer arrived in the slowest run
        "browser_ms": busy,
        "api_answers_ms_slowest_run": waterfall[times.index(max(times))] if times else {},
        "first_load_kb": round(max(weights) / 1024) if weights else None,
        "requested_twice": sorted(twice),
        "outside_requests": sorted(outside),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=40, help="passes over the query set per endpoint")
    ap.add_argument("--db", type=Path, help="reuse or create this SQLite file (default: a temp file)")
    ap.add_argument("--url", help="measure this database instead (e.g. postgresql://...; filled beforehand with "
                    "`salvo bench synth`)")
    ap.add_argument("--no-analysis", action="store_true", help="time the list and the stats only")
    ap.add_argument("--no-cache", action="store_true",
                    help="serve with the response cache off: every request does its whole work")
    ap.add_argument("--render", action="store_true", help="also time the first render in headless chromium")
    ap.add_argument("--screenshot", type=Path, help="with --render: save the dashboard as PNG here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        built = None
        if not args.url and not db.exists():
            built = round(build_db(db, args.incidents), 1)
        port = free_port()
        proc = start_server(args.url or db, port, cache=not args.no_cache)
        base = f"http://127.0.0.1:{port}"
        try:
            load = os.getloadavg()[0]
            report: dict[str, Any] = {"incidents": args.incidents, "db_build_s": built, "loadavg_1m": load,
                                      "response_cache": not args.no_cache}
            pid = proc.pid
            report["GET /api/incidents"] = time_requests(base, "/api/incidents", INCIDENT_QUERIES, args.rounds, pid)
            report["GET /api/stats"] = time_requests(base, "/api/stats", STATS_QUERIES, args.rounds, pid)
            analysis_rounds = max(1, args.rounds // 4)
            report["analysis"] = {path: time_requests(base, path, queries, analysis_rounds, pid)
                                  for path, queries in ANALYSIS_QUERIES.items() if not args.no_analysis}
            if args.render:
                report["first_render"] = time_first_render(base, screenshot=args.screenshot)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(json.dumps(report, indent=2))
    ok = report["GET /api/incidents"]["p95_ms"] < 50 and report["GET /api/stats"]["p95_ms"] < 100
    ok = ok and all(r["p95_ms"] < 200 for r in report["analysis"].values())
    if args.render and "median_ms" in report.get("first_render", {}):
        render = report["first_render"]
        ok = ok and render["median_ms"] <= 1500 and render["first_load_kb"] <= 400 and not render["outside_requests"]
    print("bars met" if ok else "bars NOT met", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
