"""Fixtures for the contract tests: clients whose requests Prism judges against Twilio's spec.

The ``contract`` nox session starts Prism (one mock per OpenAPI file) and passes the base URLs
in ``TWILIO_API_V2010_URL``, ``TWILIO_MESSAGING_V1_URL`` and ``TWILIO_PRICING_V1_URL``. Without
them the tests skip, unless ``TWILIO_CONTRACT_REQUIRED=1`` (set by the session) makes that an
error.

Every request goes through an ``aiohttp.ClientSession`` lent to the client, which records each
exchange (status and Prism's ``sl-violations`` header). After each test the fixture fails the
test if Prism answered 4xx/5xx or reported a violation located in the request; a test that
provokes such answers on purpose takes them out of the log with ``PrismClients.take()``.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator, Mapping
from types import SimpleNamespace
from typing import Any

import aiohttp
import attrs
import pytest

from twilio_async import TwilioAPIError, TwilioClient

URL_VARIABLES = {
    "api": "TWILIO_API_V2010_URL",
    "messaging": "TWILIO_MESSAGING_V1_URL",
    "pricing": "TWILIO_PRICING_V1_URL",
}
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "contract-auth-token"  # Prism accepts any user:password


def prism_urls() -> dict[str, str] | None:
    """The mock base URLs from the environment, or None when Prism is not configured."""
    urls = {product: os.environ.get(variable, "") for product, variable in URL_VARIABLES.items()}
    return urls if all(urls.values()) else None


@attrs.frozen
class Exchange:
    """One request as Prism answered it."""

    method: str
    url: str
    status: int
    violations: tuple[dict[str, Any], ...]

    @property
    def request_violations(self) -> list[dict[str, Any]]:
        """Violations Prism located in the request (not in its own example response)."""
        return [v for v in self.violations if (v.get("location") or ["?"])[0] != "response"]

    def problem(self) -> str | None:
        """Why this exchange breaks the contract, or None when it does not."""
        if self.status >= 400:
            return f"{self.method} {self.url} -> HTTP {self.status}"
        if self.request_violations:
            return f"{self.method} {self.url} -> {self.request_violations}"
        return None


def parse_violations(header: str | None) -> tuple[dict[str, Any], ...]:
    """Decode Prism's ``sl-violations`` header (a JSON list); garbage counts as one violation."""
    if not header:
        return ()
    try:
        decoded = json.loads(header)
    except ValueError:
        return ({"location": ["request?"], "message": header},)
    if not isinstance(decoded, list):
        return ({"location": ["request?"], "message": header},)
    return tuple(item if isinstance(item, dict) else {"message": item} for item in decoded)


class ExchangeLog:
    """Records every exchange of the aiohttp sessions it is attached to."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []

    def trace_config(self) -> aiohttp.TraceConfig:
        """A trace config that appends each finished request to this log."""
        config = aiohttp.TraceConfig()

        async def on_request_end(
            session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestEndParams,
        ) -> None:
            response = params.response
            self.exchanges.append(
                Exchange(
                    method=params.method,
                    url=str(params.url),
                    status=response.status,
                    violations=parse_violations(response.headers.get("sl-violations")),
                )
            )

        config.on_request_end.append(on_request_end)
        return config

    def problems(self) -> list[str]:
        """Every contract breach recorded so far."""
        return [p for p in (e.problem() for e in self.exchanges) if p is not None]


class PrismClients:
    """Makes TwilioClients pointed at the three mocks; closes them all at the end."""

    account_sid = ACCOUNT_SID
    auth_headers: Mapping[str, str] = {
        "Authorization": "Basic "
        + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    }
    """For requests made without the client."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.log = ExchangeLog()
        self._clients: list[TwilioClient] = []
        self._sessions: list[aiohttp.ClientSession] = []

    def session(self, prefer: str | None = None) -> aiohttp.ClientSession:
        """A recording aiohttp session; ``prefer`` (e.g. ``example=readFull``) picks Prism's
        answer. Idle connections are dropped after 2 s, before Prism's 5 s keep-alive ends."""
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(keepalive_timeout=2),
            headers={"Prefer": prefer} if prefer else None,
            trace_configs=[self.log.trace_config()],
        )
        self._sessions.append(session)
        return session

    def client(self, prefer: str | None = None, **options: Any) -> TwilioClient:
        """A client on the mocks; ``prefer`` is sent as a ``Prefer`` header on every request.

        ``options`` go to ``TwilioClient`` (e.g. ``api_key`` and ``api_secret``).
        """
        settings: dict[str, Any] = {"auth_token": AUTH_TOKEN, "max_retries": 0, "timeout": 20.0}
        if "api_key" in options:
            del settings["auth_token"]
        settings.update(options)
        client = TwilioClient(
            ACCOUNT_SID, base_url=self.urls, http_session=self.session(prefer), **settings
        )
        self._clients.append(client)
        return client

    def take(self) -> list[Exchange]:
        """The exchanges recorded so far, removed from the end-of-test check."""
        taken, self.log.exchanges = self.log.exchanges, []
        return taken

    async def aclose(self) -> None:
        """Close every client and every session made here."""
        for client in self._clients:
            await client.aclose()
        for session in self._sessions:
            await session.close()


CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.fixture
async def prism(request: pytest.FixtureRequest) -> AsyncIterator[PrismClients]:
    """Clients on the Prism mocks; the test fails if any request broke the spec."""
    urls = prism_urls()
    if urls is None:
        missing = ", ".join(URL_VARIABLES.values())
        if os.environ.get("TWILIO_CONTRACT_REQUIRED") == "1":
            pytest.fail(f"contract tests need the Prism mocks: set {missing}")
        pytest.skip(f"Prism mocks not configured ({missing}); run `nox -s contract`")
    clients = PrismClients(urls)
    try:
        yield clients
    finally:
        await clients.aclose()
    call = request.node.stash.get(CALL_REPORT, None)
    if call is not None and call.failed:
        return  # the failure is reported already; Prism's answer is in its message
    problems = clients.log.problems()
    assert not problems, "Prism rejected or flagged requests:\n" + "\n".join(problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Show Prism's validation messages under a test that failed on a 4xx from Prism."""
    report: pytest.TestReport = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    error = call.excinfo.value if call.excinfo is not None else None
    details = getattr(error, "details", None)
    if (
        isinstance(error, TwilioAPIError)
        and isinstance(details, dict)
        and details.get("validation")
    ):
        text = json.dumps(details["validation"], indent=2, ensure_ascii=False)
        report.sections.append(("Prism validation", text))
    return report
