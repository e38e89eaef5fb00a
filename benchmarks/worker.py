"""One client in its own process, measuring one workload; results are printed as JSON lines.

``python benchmarks/worker.py '{"client": "raw", "workload": "create", ...}'`` measures the whole
workload at once and prints one line. A fresh process per measurement makes peak RSS
(``ru_maxrss``) and CPU time (``time.process_time``) belong to that client and that workload.

With ``"turns": N`` in the spec the worker instead measures in turns, so that several clients
can share one CPU in strict alternation (see ``benchmarks/turns.py``): it sets up and warms up,
prints ``{"ready": true}``, then for each of N turns waits for a line on stdin, runs
``turn_ops`` operations (creates, or the next messages of a walk, which continues across turns)
and prints that turn's wall and CPU time. Between turns the process is blocked on stdin and
uses no CPU.
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

from benchmarks.clients import ADAPTERS, AfterPage  # noqa: E402
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


async def _warm_up(client: Any, spec: dict[str, Any]) -> None:
    """Creates: ``spec["warmup"]`` requests; walks: one page. First-use imports and set-up
    then count in the import figures, not in the measurement."""
    if spec["workload"] == "create":
        await _drive_creates(client, spec["concurrency"], spec["warmup"])
    else:
        await client.walk(spec["page_size"], limit=spec["page_size"])


def _after_pages(seconds: float) -> AfterPage | None:
    """The caller's own work after each page, as a sleep of ``seconds`` (none if 0)."""
    if not seconds:
        return None

    async def pause(count: int) -> None:
        await asyncio.sleep(seconds)

    return pause


class _Turns:
    """Measures turns of ``turn_ops`` operations, each started by a line on stdin."""

    def __init__(self, turns: int, turn_ops: int) -> None:
        self.left = turns
        self.turn_ops = turn_ops
        self.cpu0 = self.wall0 = 0.0

    def start(self) -> None:
        """Block until the coordinator says go, then start the clocks."""
        if sys.stdin.readline().strip() != "go":
            raise SystemExit("turns: expected 'go'")
        self.cpu0, self.wall0 = time.process_time(), time.perf_counter()

    def finish(self, operations: int) -> None:
        """Stop the clocks and report the turn."""
        wall, cpu = time.perf_counter() - self.wall0, time.process_time() - self.cpu0
        self.left -= 1
        print(json.dumps({"wall_s": wall, "cpu_s": cpu, "ops": operations}), flush=True)

    async def after_page(self, count: int) -> None:
        """Inside a walk: end the turn every ``turn_ops`` messages and wait for the next
        (after the last turn the walk runs to its end unmeasured)."""
        if self.left and count % self.turn_ops == 0:
            self.finish(self.turn_ops)
            if self.left:
                self.start()


async def measure_turns(spec: dict[str, Any]) -> dict[str, Any]:
    """Run ``spec["turns"]`` turns of ``spec["turn_ops"]`` operations, each on a go from stdin.

    A walk runs over the whole listing as often as the turns need, every turn taking the next
    ``turn_ops`` messages (a multiple of the page size) of the walk in progress.
    """
    adapter = ADAPTERS[spec["client"]](spec["url"], spec["account"])
    turns = _Turns(spec["turns"], spec["turn_ops"])
    async with adapter as client:
        await _warm_up(client, spec)
        print(json.dumps({"ready": True}), flush=True)
        turns.start()
        while turns.left:
            if spec["workload"] == "create":
                await _drive_creates(client, spec["concurrency"], turns.turn_ops)
                turns.finish(turns.turn_ops)
                if turns.left:
                    turns.start()
            else:
                seen = await client.walk(spec["page_size"], turns.after_page)
                if seen != spec["count"]:
                    raise RuntimeError(f"walk saw {seen} messages, wanted {spec['count']}")
    return {"peak_rss_mib": _rss_mib()}


async def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the workload described by ``spec`` and return its figures."""
    adapter = ADAPTERS[spec["client"]](spec["url"], spec["account"])
    workload = spec["workload"]
    async with adapter as client:
        await _warm_up(client, spec)
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
                spec["page_size"],
                _after_pages(spec.get("page_pause_s", 0.0)),
                spec.get("prefetch", True),
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
    run = measure_turns if spec.get("turns") else measure
    print(json.dumps(asyncio.run(run(spec))), flush=True)


if __name__ == "__main__":
    main()
