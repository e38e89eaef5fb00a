"""Benchmark raw aiohttp, twilio_async and the official twilio SDK against one loopback server.

``python benchmarks/run.py [--quick] [--reps N]``. Clients run pinned to one CPU, the server to
the other when there are two. First, create at 16 and 64 and the big walk run with the clients
in turns (``benchmarks/turns.py``): their per-round ratios give the throughput verdicts. Then
every workload runs with each client alone in a fresh process, interleaved client by client
(A B C A B C ...), and the report keeps the median of the repetitions (peak RSS, latency, the
server's CPU). Results go to ``benchmarks/results/`` as JSON and Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.report import evaluate_targets, render_markdown  # noqa: E402
from benchmarks.server import ServerProcess  # noqa: E402
from benchmarks.turns import run_in_turns, summarize  # noqa: E402

BIG_ACCOUNT = "AC" + "b" * 32
SMALL_ACCOUNT = "AC" + "c" * 32
SLOW_ACCOUNT = "AC" + "d" * 32
CLIENTS = ("raw", "twilio_async", "twilio_async_stdjson", "twilio")
STDJSON_WORKLOADS = ("create@16", "create@64", "walk_big")
"""twilio_async_stdjson (orjson off) runs only these, and only when orjson is installed."""
WORKER = ROOT / "benchmarks" / "worker.py"
RESULTS = ROOT / "benchmarks" / "results"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # Bytecode caches on, as for an installed package: otherwise every process would compile
    # twilio_async from source while aiohttp and twilio load their installed .pyc files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _plan(quick: bool) -> dict[str, Any]:
    """Sizes of every workload; ``quick`` shrinks them for a smoke run."""
    if quick:
        return {
            "creates": {1: 300, 16: 600, 64: 600, 256: 1200},
            "warmup": 100,
            "big": 20_000,
            "small": 2_000,
            "prefetch_pages": 10,
            "import_runs": 3,
            "turns": {"creates": 6, "create_ops": {16: 100, 64: 128}, "walks": 1},
        }
    return {
        "creates": {1: 2000, 16: 6000, 64: 6000, 256: 12000},
        "warmup": 300,
        "big": 100_000,
        "small": 10_000,
        "prefetch_pages": 50,
        "import_runs": 9,
        "turns": {"creates": 40, "create_ops": {16: 400, 64: 640}, "walks": 3},
    }


def _available_clients() -> list[str]:
    probes = {
        "raw": "import aiohttp",
        "twilio_async": "from twilio_async import TwilioClient",
        "twilio_async_stdjson": "import orjson; from twilio_async import TwilioClient",
        "twilio": "from twilio.http.async_http_client import AsyncTwilioHttpClient",
    }
    found = []
    for name in CLIENTS:
        probe = subprocess.run(
            [sys.executable, "-c", probes[name]], env=_env(), cwd=ROOT, capture_output=True
        )
        if probe.returncode == 0:
            found.append(name)
        else:
            print(f"skipping {name}: {probe.stderr.decode().strip().splitlines()[-1]}")
    return found


def _worker(spec: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(WORKER), json.dumps(spec)],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"worker {spec['client']} {spec['workload']} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = runs[0].keys()
    merged = {key: statistics.median(run[key] for run in runs) for key in keys}
    merged["reps"] = len(runs)
    return merged


def _cpus() -> tuple[int | None, int | None]:
    """(client CPU, server CPU): different cores when there are at least two."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return cpus[0], cpus[1]


WALK_TURN = 10_000
"""Messages per turn of the walk in turns: ten pages of 1,000."""


def run_turn_workloads(plan: dict[str, Any], clients: list[str]) -> dict[str, Any]:
    """create@16, create@64 and the big walk with every client in turns on one CPU
    (``benchmarks/turns.py``); per workload, each client's medians and twilio_async's
    (and twilio_async_stdjson's) median ratios to the others."""
    client_cpu, server_cpu = _cpus()
    sizes = plan["turns"]
    results: dict[str, Any] = {}
    with ServerProcess({BIG_ACCOUNT: plan["big"]}, cpu=server_cpu) as server:
        base = {"url": server.url, "cpu": client_cpu, "warmup": plan["warmup"]}
        jobs: list[tuple[str, dict[str, Any], int]] = [
            (
                f"create@{concurrency}",
                base | {"workload": "create", "concurrency": concurrency, "turn_ops": ops},
                sizes["creates"],
            )
            for concurrency, ops in sizes["create_ops"].items()
        ]
        walk = {"workload": "walk", "page_size": 1000, "count": plan["big"]}
        turns = sizes["walks"] * plan["big"] // WALK_TURN
        jobs.append(("walk_big", base | walk | {"turn_ops": WALK_TURN}, turns))
        for name, spec, count in jobs:
            started = time.perf_counter()
            by_client = run_in_turns(spec | {"account": BIG_ACCOUNT}, clients, count, _env(), ROOT)
            summary = summarize(by_client, "twilio_async")
            if "twilio_async_stdjson" in by_client:
                summary["stdjson_ratios"] = summarize(by_client, "twilio_async_stdjson")["ratios"]
            results[name] = summary
            print(f"{name} in turns done in {time.perf_counter() - started:.0f}s", flush=True)
    return results


def run_workloads(plan: dict[str, Any], clients: list[str], reps: int) -> dict[str, Any]:
    """All client workloads, interleaved per repetition; returns medians keyed by name."""
    client_cpu, server_cpu = _cpus()
    accounts = {BIG_ACCOUNT: plan["big"], SMALL_ACCOUNT: plan["small"]}
    pages = plan["prefetch_pages"]
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {}
    started = time.perf_counter()
    with (
        ServerProcess(accounts, cpu=server_cpu) as server,
        ServerProcess(
            {SLOW_ACCOUNT: pages * 50}, page_sizes=(50,), latency_ms=20, cpu=server_cpu
        ) as slow,
    ):
        specs: list[tuple[str, dict[str, Any]]] = []
        base = {"url": server.url, "cpu": client_cpu, "warmup": plan["warmup"]}
        for concurrency, count in plan["creates"].items():
            spec = base | {"workload": "create", "concurrency": concurrency, "count": count}
            specs.append((f"create@{concurrency}", spec | {"account": BIG_ACCOUNT}))
        for name, account, total in (
            ("walk_big", BIG_ACCOUNT, plan["big"]),
            ("walk_small", SMALL_ACCOUNT, plan["small"]),
        ):
            spec = {"workload": "walk", "account": account, "page_size": 1000, "count": total}
            specs.append((name, base | spec))
        slow_base = base | {"url": slow.url, "account": SLOW_ACCOUNT, "workload": "walk"}
        slow_spec = slow_base | {"page_size": 50, "count": pages * 50, "page_pause_s": 0.02}
        for rep in range(reps):
            # Each repetition starts with another client, so that no client always runs in
            # the same place of the sequence (first after a pause, or last).
            order = clients[rep % len(clients) :] + clients[: rep % len(clients)]
            for name, spec in specs:
                for client in order:
                    if client == "twilio_async_stdjson" and name not in STDJSON_WORKLOADS:
                        continue
                    result = _worker(spec | {"client": client})
                    runs.setdefault(name, {}).setdefault(client, []).append(result)
            if "twilio_async" in clients:
                for name, prefetch in (("prefetch_on", True), ("prefetch_off", False)):
                    result = _worker(slow_spec | {"client": "twilio_async", "prefetch": prefetch})
                    runs.setdefault(name, {}).setdefault("twilio_async", []).append(result)
            elapsed = time.perf_counter() - started
            print(f"repetition {rep + 1}/{reps} done at {elapsed:.0f}s", flush=True)
    return {
        name: {client: _median_of(results) for client, results in by_client.items()}
        for name, by_client in runs.items()
    }


def _importtime_us(module: str) -> float:
    """Cumulative -X importtime of ``module``'s top-level package and its submodules."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    top = module.split(".")[0]
    total = 0.0
    for line in done.stderr.splitlines():
        fields = line.split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue
        name = fields[2]
        is_top_level = name.startswith(" ") and not name.startswith("  ")
        if is_top_level and (name.strip() == top or name.strip().startswith(top + ".")):
            total += float(fields[1])
    if not total:
        raise RuntimeError(f"no importtime line for {module}")
    return total


def _wall_ms(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=_env(), cwd=ROOT, check=True)
    return (time.perf_counter() - started) * 1e3


def _importtime_after_aiohttp() -> float:
    """In one process, aiohttp then twilio_async (-X importtime cumulative of each): the ratio
    (aiohttp + what twilio_async adds) / aiohttp, both timed on the same machine state."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import aiohttp; import twilio_async"],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    cumulative: dict[str, float] = {}
    for line in done.stderr.splitlines():
        fields = line.split("|")
        if len(fields) == 3 and fields[1].strip().isdigit() and not fields[2].startswith("  "):
            cumulative[fields[2].strip()] = float(fields[1])
    aiohttp_us, added_us = cumulative["aiohttp"], cumulative["twilio_async"]
    return (aiohttp_us + added_us) / aiohttp_us


def measure_import_share(runs: int) -> dict[str, float]:
    """Median over ``runs`` processes of :func:`_importtime_after_aiohttp`, with its quartiles."""
    ratios = sorted(_importtime_after_aiohttp() for _ in range(runs))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    return {"ratio": statistics.median(ratios), "q1": quartiles[0], "q3": quartiles[2]}


def measure_imports(clients: list[str], runs: int) -> dict[str, dict[str, float]]:
    """Median import cost per module: -X importtime cumulative and whole-process wall time."""
    modules = {"raw": "aiohttp", "twilio_async": "twilio_async", "twilio": "twilio.rest"}
    chosen = {client: modules[client] for client in clients if client in modules}
    samples: dict[str, dict[str, list[float]]] = {c: {"cum": [], "wall": []} for c in chosen}
    baseline: list[float] = []
    for module in chosen.values():
        _importtime_us(module)  # compile and cache bytecode first
    for _ in range(runs):
        baseline.append(_wall_ms("pass"))
        for client, module in chosen.items():
            samples[client]["cum"].append(_importtime_us(module) / 1e3)
            samples[client]["wall"].append(_wall_ms(f"import {module}"))
    empty = statistics.median(baseline)
    return {
        client: {
            "module": chosen[client],  # type: ignore[dict-item]
            "importtime_ms": statistics.median(values["cum"]),
            "wall_ms": statistics.median(values["wall"]),
            "wall_minus_empty_ms": statistics.median(values["wall"]) - empty,
        }
        for client, values in samples.items()
    }


def _versions() -> dict[str, str]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.metadata as m, json, aiohttp\n"
            "v = {'aiohttp': aiohttp.__version__}\n"
            "for name in ('twilio', 'attrs', 'cattrs', 'tenacity', 'orjson'):\n"
            "    try: v[name] = m.version(name)\n"
            "    except m.PackageNotFoundError: pass\n"
            "try:\n"
            "    import twilio_async; v['twilio_async'] = twilio_async.__version__\n"
            "except Exception: pass\n"
            "print(json.dumps(v))",
        ],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    versions: dict[str, str] = json.loads(done.stdout)
    return versions


def machine() -> dict[str, Any]:
    """Where and with what the run happened."""
    client_cpu, server_cpu = _cpus()
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "client_cpu": client_cpu,
        "server_cpu": server_cpu,
        "load_1m_at_end": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "versions": _versions(),
    }


def _string_keys(value: Any) -> Any:
    """``value`` with every dict key made text, as JSON will write it."""
    if isinstance(value, dict):
        return {str(k): _string_keys(v) for k, v in value.items()}
    return value


def main() -> None:
    """Run everything, print the Markdown table, and save JSON + Markdown under results/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 5; quick 1)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    reps = args.reps or (1 if args.quick else 5)
    plan = _plan(args.quick)
    clients = _available_clients()
    started = datetime.now(timezone.utc)
    turns = run_turn_workloads(plan, clients)
    workloads = run_workloads(plan, clients, reps)
    imports = measure_imports(clients, plan["import_runs"])
    import_share = measure_import_share(plan["import_runs"])
    report = {
        "date": started.isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "reps": reps,
        "plan": {k: v for k, v in plan.items() if k not in ("creates", "turns")}
        | {"creates": {str(k): v for k, v in plan["creates"].items()}}
        | {"turns": _string_keys(plan["turns"])},
        "machine": machine(),
        "turns": turns,
        "workloads": workloads,
        "imports": imports,
        "import_share": import_share,
    }
    report["targets"] = evaluate_targets(report)
    markdown = render_markdown(report)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"{started:%Y%m%dT%H%M%SZ}-{report['mode']}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown)
    print(markdown)
    print(f"wrote {stem}.json and {stem}.md")


if __name__ == "__main__":
    main()
