"""Developer tasks: ``nox`` runs lint, typecheck and tests; ``nox -s <name>`` one of them."""

from __future__ import annotations

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
