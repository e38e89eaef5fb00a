"""Developer tasks: ``nox`` runs lint, typecheck and tests; ``nox -s <name>`` one of them."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
SHARED_OPENAPI = ROOT.parent / "shared" / "openapi"


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole tree."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("mypy", "-e", ".[test,cli]")
    session.run("mypy", "--strict", "twilio_async")


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite with line coverage (fails under 90%)."""
    session.install("-e", ".[test,cli]")
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", "-m", "not contract", *session.posargs)
    session.run("coverage", "report")


@nox.session(python=["3.10", "3.11", "3.12", "3.13"])
def pythons(session: nox.Session) -> None:
    """The test suite, with orjson, on each supported Python found on PATH (not in the default
    run): ``nox -s pythons``, or ``nox -s pythons-3.10`` for one."""
    session.install("-e", ".[test,cli,speedups]")
    session.run("pytest", "-q", "-m", "not contract", *session.posargs)


PRISM_URL_VARIABLES = {
    "PRISM_PORT_API": "TWILIO_API_V2010_URL",
    "PRISM_PORT_MESSAGING": "TWILIO_MESSAGING_V1_URL",
    "PRISM_PORT_PRICING": "TWILIO_PRICING_V1_URL",
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _free_ports(count: int) -> list[int]:
    """Ports the kernel just handed out on 127.0.0.1 (all held open until every one is known)."""
    with contextlib.ExitStack() as stack:
        sockets = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    """Serialise prism-up.sh runs on this machine: its first run installs Prism with npm ci."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no concurrent runs to guard against
        yield
        return
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "twilio-prism"
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "nox-contract.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@nox.session
def contract(session: nox.Session) -> None:
    """Contract tests: Prism serves Twilio's OpenAPI files and judges every request we build.

    Needs ``../shared/openapi`` beside the repository, Node >= 18 and npm; without them it skips,
    except in CI (``CI=true``) where that is an error.
    """
    up, down = SHARED_OPENAPI / "prism-up.sh", SHARED_OPENAPI / "prism-down.sh"
    missing = None
    if not up.is_file() or not down.is_file():
        missing = f"{SHARED_OPENAPI} (Twilio's OpenAPI files and the Prism scripts) is absent"
    elif not all(shutil.which(tool) for tool in ("bash", "node", "npm", "curl")):
        missing = "bash, node, npm and curl are needed to run Prism"
    if missing:
        if _in_ci():
            session.error(f"contract tests cannot run: {missing}")
        session.skip(f"{missing}, so the contract tests cannot run")

    session.install("-e", ".[test]")
    run_dir = tempfile.mkdtemp(prefix="twilio-prism-run-")
    ports = dict(zip(PRISM_URL_VARIABLES, _free_ports(len(PRISM_URL_VARIABLES)), strict=True))
    prism_env = {"PRISM_RUN_DIR": run_dir, **{name: str(port) for name, port in ports.items()}}
    on_term = signal.signal(signal.SIGTERM, _interrupt)  # a CI timeout still stops Prism
    try:
        with _install_lock():
            session.run("bash", str(up), env=prism_env, external=True)
        urls = {PRISM_URL_VARIABLES[var]: f"http://127.0.0.1:{port}" for var, port in ports.items()}
        session.run(
            "pytest",
            "-m",
            "contract",
            "tests/contract",
            *session.posargs,
            env={**urls, "TWILIO_CONTRACT_REQUIRED": "1"},
        )
    finally:
        session.run("bash", str(down), env=prism_env, external=True, success_codes=[0, 1])
        signal.signal(signal.SIGTERM, on_term)
        shutil.rmtree(run_dir, ignore_errors=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against raw aiohttp and the official SDK; ``nox -s bench -- --quick``."""
    session.install(".[bench]")
    session.run("python", "benchmarks/run.py", *session.posargs)
