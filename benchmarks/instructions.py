"""Client CPU work per operation counted in instructions (valgrind), for a machine that is shared.

``python benchmarks/instructions.py [--clients raw twilio_async twilio]``. Wall-clock figures on
a shared machine move with its other load; instruction counts hardly do. They do depend on how
the answers arrive (a page read in more pieces costs more event-loop turns), so the client and
the server run pinned to different CPUs, as in the timed run. Each client runs under
``valgrind --tool=callgrind`` twice with the same set-up and two workload sizes; the difference
divided by the difference in operations is the client's own user-space instructions per
operation (imports, start-up and teardown cancel out). System calls and the kernel are not
counted, and instructions are not time (a C parser retires more of them per nanosecond than the
interpreter does), so these complement the timed run rather than replace it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import CLIENTS, RESULTS, _available_clients, _cpus, _env  # noqa: E402
from benchmarks.server import ServerProcess  # noqa: E402

SMALL, LARGE = "AC" + "1" * 32, "AC" + "2" * 32
_DRIVER = """
import asyncio, sys
from benchmarks.clients import ADAPTERS
from benchmarks.worker import _drive_creates

async def main(client, url, account, workload, size, concurrency):
    async with ADAPTERS[client](url, account) as adapter:
        if workload == "walk":
            await adapter.walk(1000)
        else:
            await _drive_creates(adapter, concurrency, size)

client, url, account, workload, size, concurrency = sys.argv[1:7]
asyncio.run(main(client, url, account, workload, int(size), int(concurrency)))
"""


def _instructions(client: str, url: str, account: str, workload: str, size: int, conc: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        _DRIVER,
        client,
        url,
        account,
        workload,
        str(size),
        str(conc),
    ]
    client_cpu, _ = _cpus()
    if client_cpu is not None:  # the server has the other CPU: pages arrive as in the timed run
        command = ["taskset", "-c", str(client_cpu), *command]
    done = subprocess.run(command, env=_env(), cwd=ROOT, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{client} {workload} under valgrind failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def measure(clients: list[str]) -> dict[str, dict[str, float]]:
    """Instructions per operation for each client: walk (per message) and create@64."""
    results: dict[str, dict[str, float]] = {client: {} for client in clients}
    with ServerProcess({SMALL: 5000, LARGE: 10000}, cpu=_cpus()[1]) as server:
        for client in clients:
            # Warm the bytecode caches so neither counted run compiles anything.
            _instructions(client, server.url, SMALL, "create", 10, 1)
            walk = _instructions(client, server.url, LARGE, "walk", 0, 0) - _instructions(
                client, server.url, SMALL, "walk", 0, 0
            )
            results[client]["walk"] = walk / 5000
            create = _instructions(client, server.url, SMALL, "create", 1500, 64) - _instructions(
                client, server.url, SMALL, "create", 500, 64
            )
            results[client]["create@64"] = create / 1000
            print(client, {k: round(v) for k, v in results[client].items()}, flush=True)
    return results


def render(results: dict[str, dict[str, float]]) -> str:
    """A Markdown table of instructions per operation and the ratios between clients."""
    lines = [
        "| workload | " + " | ".join(results) + " | raw ÷ twilio_async | twilio ÷ twilio_async |",
        "|---|" + "---:|" * (len(results) + 2),
    ]
    for workload in ("walk", "create@64"):
        row = [f"{results[c][workload]:,.0f}" for c in results]
        ours = results.get("twilio_async", {}).get(workload)
        ratios = [
            f"{results[other][workload] / ours:.2f}" if ours and other in results else "n/a"
            for other in ("raw", "twilio")
        ]
        lines.append(f"| {workload} | " + " | ".join(row + ratios) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Count, print and save the table next to the timed results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", nargs="+", choices=CLIENTS, default=None)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: nothing to count with")
    clients = args.clients or _available_clients()
    results = measure(clients)
    table = render(results)
    print(table)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stamp}-instructions.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"{stamp}-instructions.md").write_text(
        "# Client instructions per operation (valgrind callgrind, user space)\n\n"
        f"- Date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n"
        f"- Python {sys.version.split()[0]} on {os.uname().machine}\n"
        "- walk: per message, pages of 1,000 (10,000 minus 5,000 messages); "
        "create@64: per request (1,500 minus 500 requests)\n\n" + table
    )


if __name__ == "__main__":
    main()
