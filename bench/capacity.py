"""Capacity: 1, 10, 25, 50 and 100 viewers at once on one server, at 1x and 100x data, and 150 through nginx
to 3 replicas. Each row on a fresh server, warmed by one session (data loaded, default views built).

    python -m bench.capacity                     the whole table (about 15 minutes on two cores)
    python -m bench.capacity --write-readme      and put it into bench/README.md
    python -m bench.capacity --sessions 1 10 --scales 1 --no-proxy     a part of it

Results: bench/results/capacity.json and a printed table. Targets (issue 21): 50 sessions with 0 errors and each
step's p95 within 3x the single-session p50 of that step; 100 sessions under 1 GB peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.load import RESULTS, load, local_server, warm_up
from bench.run import machine, write_readme_table

SESSIONS = (1, 10, 25, 50, 100)
SCALES = (1, 100)
PROXY_SESSIONS, PROXY_REPLICAS = 150, 3
THINK = (1.0, 3.0)
RAMP = 5.0


def measure(scale_dirs: dict[int, Path | None], sessions: list[int], proxy: bool) -> dict[str, object]:
    runs: dict[str, dict[str, object]] = {}
    for scale, data_dir in scale_dirs.items():
        for count in sessions:
            with local_server(data_dir) as (url, pid):
                warm = warm_up(url)
                report = load(url, count, [pid], THINK, RAMP)
            report["warm-up errors"] = warm["errors"] + warm["exceptions"]
            report.pop("results")
            runs[f"{scale}x/{count}"] = report
            # Kept after every row, so a run stopped part-way still leaves what it measured.
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / "capacity-partial.json").write_text(json.dumps(runs, indent=2))
            print(f"{scale}x, {count} sessions: errors {report['errors']}, {report['wall_seconds']:.0f} s", flush=True)
    if proxy:
        from deploy.replicas import deployment
        from tests.browser.conftest import _free_port

        with deployment(PROXY_REPLICAS, port=_free_port(), first_port=_free_port()) as deploy:
            warm_up(deploy.url, PROXY_REPLICAS)
            report = load(deploy.url, PROXY_SESSIONS, deploy.pids, THINK, RAMP, upload=True)
        report.pop("results")
        runs[f"proxy/{PROXY_SESSIONS}"] = report
        print(f"proxy, {PROXY_SESSIONS} sessions: errors {report['errors']}", flush=True)
    return {"machine": machine(), "think seconds": THINK, "ramp seconds": RAMP, "runs": runs}


def _server(report: dict) -> dict[str, float]:
    """The server's figures; through the proxy, the sum of the replicas' memory and CPU."""
    servers = list(report["servers"].values())
    return {key: sum(s[key] for s in servers) for key in servers[0]}


def table(results: dict) -> str:
    runs = results["runs"]
    lines = [
        "| data | sessions | errors | exceptions | p50 all steps | p95 all steps | worst step: p95 ÷ its 1-session p50 "
        "| server peak RSS | RSS per added session | server CPU (cores, mean / busiest second) | load generator CPU |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, report in runs.items():
        scale, count = key.split("/")
        single = runs.get(f"{scale}/1")
        server = _server(report)
        worst = ""
        if single and scale != "proxy":
            ratios = {
                step: figures["p95"] / single["steps"][step]["p50"]
                for step, figures in report["steps"].items()
                if step in single["steps"] and single["steps"][step]["p50"] > 0
            }
            name = max(ratios, key=ratios.get)
            worst = f"{ratios[name]:.1f}× ({name})"
        per_session = ""
        if single and int(count) > 1:
            added = (server["peak RSS MB (VmHWM)"] - _server(single)["peak RSS MB (VmHWM)"]) / (int(count) - 1)
            per_session = f"{added:.2f} MB"
        label = f"{scale}: {PROXY_REPLICAS} replicas behind nginx" if scale == "proxy" else scale
        lines.append(
            f"| {label} | {count} | {report['errors']} | {report['exceptions']} "
            f"| {report['all steps']['p50'] * 1000:.0f} ms | {report['all steps']['p95'] * 1000:.0f} ms | {worst} "
            f"| {server['peak RSS MB (VmHWM)']:.0f} MB | {per_session} "
            f"| {server['CPU cores, mean']:.2f} / {server['CPU cores, busiest second']:.2f} "
            f"| {report['load_generator_cpu_seconds']:.0f} s |"
        )
    for scale in sorted({key.split("/")[0] for key in runs if not key.startswith("proxy")}):
        counts = [key.split("/")[1] for key in runs if key.startswith(f"{scale}/")]
        lines += ["", f"**{scale}, per step**: p50 / p95 / max ms", ""]
        lines.append("| step | " + " | ".join(f"{c} sessions" for c in counts) + " |")
        lines.append("| --- |" + " --- |" * len(counts))
        for step in runs[f"{scale}/{counts[0]}"]["steps"]:
            cells = []
            for count in counts:
                figures = runs[f"{scale}/{count}"]["steps"].get(step)
                cells.append(
                    f"{figures['p50'] * 1000:.0f} / {figures['p95'] * 1000:.0f} / {figures['max'] * 1000:.0f}"
                    if figures else ""
                )  # fmt: skip
            lines.append(f"| {step} | " + " | ".join(cells) + " |")
    proxy = runs.get(f"proxy/{PROXY_SESSIONS}")
    if proxy:
        uploads = proxy["steps"].get("upload", {}).get("runs", 0)
        lines += [
            "",
            f"Through nginx: sessions per replica {proxy['sessions per replica']}; uploads {uploads} of "
            f"{PROXY_SESSIONS} accepted by the replica holding the session; errors {proxy['errors']} (a session that "
            "moved between replicas counts as one).",
        ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=list(SESSIONS))
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES))
    parser.add_argument("--no-proxy", action="store_true", help="leave out the run through nginx")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    args = parser.parse_args(argv)
    from bench.synthetic import write_synthetic_data
    from components.data.bundle import SHIPPED_DATA_DIR

    started = time.time()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack():
        scale_dirs: dict[int, Path | None] = {}
        for scale in args.scales:
            scale_dirs[scale] = (
                None if scale == 1 else write_synthetic_data(SHIPPED_DATA_DIR, Path(tmp) / f"x{scale}", scale)
            )
        results = measure(scale_dirs, sorted(args.sessions), proxy=not args.no_proxy)
    results["minutes"] = (time.time() - started) / 60
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "capacity.json").write_text(json.dumps(results, indent=2))
    text = table(results)
    print(text)
    if args.write_readme:
        write_readme_table("capacity", results["machine"], text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
