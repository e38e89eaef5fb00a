"""Clients measured in turns on one CPU, so that ratios between them hold on a shared machine.

On a machine shared with other work, the speed of a core can change by half within a second.
Two clients measured a few seconds apart can then differ by more than the difference being
measured. Here every client runs in its own process, pinned to the same CPU, and a coordinator
lets them run one at a time, in short turns (a few hundred requests, or ten pages of a walk):
A B C, then B C A, then C A B, ... Adjacent turns meet the same machine, so for each round the
ratio between two clients is taken from their turns in that round, and the report keeps the
median of those ratios across rounds.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

WORKER = Path(__file__).resolve().parent / "worker.py"


class _Worker:
    """One client's worker process, its pipes, and a file that keeps what it printed to
    stderr (shown if it stops answering)."""

    def __init__(self, client: str, spec: dict[str, Any], env: dict[str, str], cwd: Path) -> None:
        self.client = client
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by close()
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), json.dumps(spec | {"client": client})],
            env=env,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )

    def read(self) -> dict[str, Any]:
        """The worker's next JSON line."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.errors.seek(0)
            tail = self.errors.read()[-2000:]
            raise RuntimeError(f"worker {self.client} stopped answering:\n{tail}")
        result: dict[str, Any] = json.loads(line)
        return result

    def turn(self) -> dict[str, Any]:
        """Let the worker run one turn; its figures."""
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> None:
        """Stop the process if it still runs; close its pipes and the stderr file."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            if stream is not None:
                stream.close()


def run_in_turns(
    spec: dict[str, Any], clients: list[str], turns: int, env: dict[str, str], cwd: Path
) -> dict[str, list[dict[str, Any]]]:
    """Each client's turns (``wall_s``, ``cpu_s``, ``ops``), round by round; ``spec`` is a
    worker spec with ``turn_ops`` set. The clients take turns in a rotating order."""
    with ExitStack() as stack:
        workers = {}
        for client in clients:
            workers[client] = worker = _Worker(client, spec | {"turns": turns}, env, cwd)
            stack.callback(worker.close)
        for client, worker in workers.items():
            if not worker.read().get("ready"):
                raise RuntimeError(f"worker {client} did not get ready")
        results: dict[str, list[dict[str, Any]]] = {client: [] for client in clients}
        for turn in range(turns):
            shift = turn % len(clients)
            for client in clients[shift:] + clients[:shift]:
                results[client].append(workers[client].turn())
        for client, worker in workers.items():
            worker.read()  # the closing line (peak RSS)
            if worker.process.wait(timeout=60) != 0:
                raise RuntimeError(f"worker {client} exited with {worker.process.returncode}")
        return results


def summarize(results: dict[str, list[dict[str, Any]]], subject: str) -> dict[str, Any]:
    """Per client: median ops/s and CPU µs per op over its turns; per other client: the
    median, over rounds, of ``subject``'s throughput and CPU-per-op ratio to it in that round,
    with the quartiles of the throughput ratio to show the spread."""
    clients: dict[str, Any] = {}
    for client, turns in results.items():
        clients[client] = {
            "turns": len(turns),
            "ops_per_turn": turns[0]["ops"],
            "ops_per_s": statistics.median(t["ops"] / t["wall_s"] for t in turns),
            "cpu_us_per_op": statistics.median(t["cpu_s"] / t["ops"] * 1e6 for t in turns),
            "client_cpu_share": statistics.median(t["cpu_s"] / t["wall_s"] for t in turns),
        }
    ratios: dict[str, Any] = {}
    mine = results.get(subject)
    for other, theirs in results.items():
        if mine is None or other == subject:
            continue
        rounds = list(zip(mine, theirs, strict=True))
        wall = [(b["wall_s"] / b["ops"]) / (a["wall_s"] / a["ops"]) for a, b in rounds]
        cpu = [(b["cpu_s"] / b["ops"]) / (a["cpu_s"] / a["ops"]) for a, b in rounds]
        quartiles = statistics.quantiles(wall, n=4) if len(wall) > 1 else [wall[0]] * 3
        ratios[other] = {
            "throughput": statistics.median(wall),
            "q1": quartiles[0],
            "q3": quartiles[2],
            "by_cpu": statistics.median(cpu),
        }
    return {"clients": clients, "ratios": ratios}
