"""One measurement in its own process: one client, one workload, printed as one JSON line.

``python benchmarks/worker.py '{"client": "raw", "workload": "create", ...}'``. A fresh process per
measurement makes peak RSS (``ru_maxrss``) and CPU time (``time.process_time``) belong to that
client and that workload alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.clients import ADAPTERS  # noqa: E402
from benchmarks.server import STATS_PATH  # noqa: E402


def _rss_mib() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024


def _server_cpu(base_url: str) -> float:
    with urlopen(base_url + STATS_PATH, timeout=10) as response:
        cpu: float = json.loads(response.read())["cpu_s"]
    return cpu


async def _drive_creates(client: Any, concurrency: int, count: int) -> list[float]:
    """``count`` creates from ``concurrency`` closed-loop tasks; returns each one's latency."""
    latencies: list[float] = []
    remaining = count
    clock = time.perf_counter

    async def sender() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = clock()
            await client.create()
            latencies.append(clock() - started)

    await asyncio.gather(*(sender() for _ in range(concurrency)))
    return latencies


async def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the workload described by ``spec`` and return its figures."""
    adapter = ADAPTERS[spec["client"]](spec["url"], spec["account"])
    workload = spec["workload"]
    async with adapter as client:
        if workload == "create":
            await _drive_creates(client, spec["concurrency"], spec["warmup"])
        else:  # one page first: first-use imports and set-up are not the walk's cost
            await client.walk(spec["page_size"], limit=spec["page_size"])
        rss_before = _rss_mib()
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        server_cpu0 = _server_cpu(spec["url"])
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        latencies: list[float] = []
        if workload == "create":
            latencies = await _drive_creates(client, spec["concurrency"], spec["count"])
            operations = spec["count"]
        else:
            operations = await client.walk(
                spec["page_size"], spec.get("page_pause_s", 0.0), spec.get("prefetch", True)
            )
            if operations != spec["count"]:
                raise RuntimeError(f"walk saw {operations} messages, wanted {spec['count']}")
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
        server_cpu = _server_cpu(spec["url"]) - server_cpu0
    result: dict[str, Any] = {
        "wall_s": wall,
        "ops": operations,
        "ops_per_s": operations / wall,
        "cpu_us_per_op": cpu / operations * 1e6,
        "client_cpu_share": cpu / wall,
        "server_cpu_share": server_cpu / wall,
        "rss_before_mib": rss_before,
        "peak_rss_mib": _rss_mib(),
        "load_1m": load_before,
    }
    if latencies:
        latencies.sort()
        result["p50_ms"] = latencies[len(latencies) // 2] * 1e3
        result["p99_ms"] = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1e3
        result["max_ms"] = latencies[-1] * 1e3
    return result


def main() -> None:
    """Parse the JSON spec from argv, pin to a CPU if asked, measure, print the result."""
    spec = json.loads(sys.argv[1])
    if spec.get("cpu") is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {spec["cpu"]})
    print(json.dumps(asyncio.run(measure(spec))), flush=True)


if __name__ == "__main__":
    main()
