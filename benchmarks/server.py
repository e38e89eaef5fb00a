"""A loopback fake of Twilio's Messages create and list endpoints, built to never be the bottleneck.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length bodies, pipelining-safe) on a raw
``asyncio.Protocol`` and answers from bytes rendered once at start-up:

- ``POST /2010-04-01/Accounts/{AC}/Messages.json`` -> 201 and a full Message resource;
- ``GET  /2010-04-01/Accounts/{AC}/Messages.json?PageSize=&Page=`` -> a 2010-style page whose
  ``next_page_uri`` leads to the next one, from a configured number of messages per account;
- ``GET  /_bench/stats`` -> this process's CPU seconds and request count (for the CPU share).

Run it as its own process (``python benchmarks/server.py --account AC...=100000``): it prints one
JSON line with its port once it is ready. ``ServerProcess`` does that from Python. Standard
library only, so the process stays small and imports nothing it does not serve.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl
from urllib.request import urlopen

API_PREFIX = "/2010-04-01/Accounts/"
STATS_PATH = "/_bench/stats"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
_EPOCH = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
_STATUSES = ("delivered", "sent", "delivered", "failed", "undelivered", "received", "queued")
_BODIES = (
    "Your code is 482913",
    "Hello! 👍 See you at 7pm?",
    "Reminder: appointment tomorrow at 10:30. Reply C to confirm, R to reschedule.",
    "Spring sale: 20% off everything this weekend only. Reply STOP to opt out.",
)
_REASONS = {200: b"OK", 201: b"Created", 401: b"Unauthorized", 404: b"Not Found"}


@dataclass(frozen=True)
class ServerConfig:
    """What the fake serves: messages per account, page sizes to pre-render, added latency."""

    accounts: Mapping[str, int]
    page_sizes: Sequence[int] = (MAX_PAGE_SIZE,)
    latency_s: float = 0.0


def message_json(account_sid: str, index: int) -> dict[str, Any]:
    """Message number ``index`` of an account, shaped like Twilio's 2010-04-01 Message."""
    sid = f"SM{index:032x}"
    status = _STATUSES[index % len(_STATUSES)]
    inbound = status == "received"
    failed = status in ("failed", "undelivered")
    created = _EPOCH - timedelta(seconds=7 * index)
    base = f"{API_PREFIX}{account_sid}/Messages/{sid}"
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": _BODIES[index % len(_BODIES)],
        "date_created": format_datetime(created),
        "date_sent": None
        if status == "queued"
        else format_datetime(created + timedelta(seconds=2)),
        "date_updated": format_datetime(created + timedelta(seconds=3)),
        "direction": "inbound" if inbound else "outbound-api",
        "error_code": 30003 if failed else None,
        "error_message": "Unreachable destination handset" if failed else None,
        "from": "+14155550100" if not inbound else "+14155550142",
        "messaging_service_sid": None if inbound else "MG" + "a" * 32,
        "num_media": "0",
        "num_segments": "2" if index % len(_BODIES) == 2 else "1",
        "price": None if status == "queued" else "-0.00790",
        "price_unit": "USD",
        "sid": sid,
        "status": status,
        "subresource_uris": {
            "media": f"{base}/Media.json",
            "feedback": f"{base}/Feedback.json",
        },
        "tags": {},
        "to": "+14155550142" if not inbound else "+14155550100",
        "uri": f"{base}.json",
    }


def _list_uri(account_sid: str, page_size: int, page: int, token: str | None = None) -> str:
    uri = f"{API_PREFIX}{account_sid}/Messages.json?PageSize={page_size}&Page={page}"
    return uri if token is None else f"{uri}&PageToken={token}"


def page_json(account_sid: str, total: int, page_size: int, page: int) -> dict[str, Any]:
    """Page ``page`` (0-based) of an account holding ``total`` messages, 2010-04-01 style."""
    start = page * page_size
    stop = min(start + page_size, total)
    messages = [message_json(account_sid, i) for i in range(start, stop)]
    has_next = stop < total
    return {
        "end": max(stop - 1, start),
        "first_page_uri": _list_uri(account_sid, page_size, 0),
        "next_page_uri": (
            _list_uri(account_sid, page_size, page + 1, f"PASM{stop - 1:032x}")
            if has_next
            else None
        ),
        "page": page,
        "page_size": page_size,
        "previous_page_uri": (
            _list_uri(account_sid, page_size, page - 1, f"PBSM{start:032x}") if page > 0 else None
        ),
        "messages": messages,
        "start": start,
        "uri": _list_uri(account_sid, page_size, page),
    }


def _response(status: int, body: bytes, *, close: bool = False) -> bytes:
    head = (
        b"HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
        b"Content-Length: %d\r\n" % (status, _REASONS[status], len(body))
    )
    return head + (b"Connection: close\r\n\r\n" if close else b"\r\n") + body


def _error(status: int, code: int, message: str) -> bytes:
    payload = {"code": code, "message": message, "more_info": "", "status": status}
    return json.dumps(payload).encode()


@dataclass
class _Catalog:
    """Pre-rendered response bodies, built once; pages not pre-rendered are built on first use."""

    config: ServerConfig
    pages: dict[tuple[str, int, int], bytes] = field(default_factory=dict)
    create_parts: dict[str, list[bytes]] = field(default_factory=dict)
    requests: int = 0
    created: int = 0

    def prerender(self) -> None:
        for account_sid, total in self.config.accounts.items():
            sentinel = "SM" + "#" * 32
            body = json.dumps(message_json(account_sid, 0) | {"status": "queued"})
            body = body.replace(f"SM{0:032x}", sentinel)
            self.create_parts[account_sid] = body.encode().split(sentinel.encode())
            for page_size in self.config.page_sizes:
                for page in range(max(1, -(-total // page_size))):
                    self.page(account_sid, page_size, page)

    def page(self, account_sid: str, page_size: int, page: int) -> bytes:
        key = (account_sid, page_size, page)
        body = self.pages.get(key)
        if body is None:
            total = self.config.accounts[account_sid]
            body = json.dumps(page_json(account_sid, total, page_size, page)).encode()
            self.pages[key] = body
        return body

    def create(self, account_sid: str) -> bytes:
        self.created += 1
        sid = b"SM%032x" % (10**9 + self.created)
        return sid.join(self.create_parts[account_sid])

    def answer(self, method: bytes, target: bytes, authorized: bool) -> tuple[int, bytes]:
        """Status and body for one request."""
        self.requests += 1
        path, _, query = target.decode("latin-1").partition("?")
        if path == STATS_PATH:
            stats = {"cpu_s": time.process_time(), "requests": self.requests}
            return 200, json.dumps(stats).encode()
        account_sid, ok = _account_of(path)
        if not ok or account_sid not in self.config.accounts:
            return 404, _error(404, 20404, f"The requested resource {path} was not found")
        if not authorized:
            return 401, _error(401, 20003, "Authenticate")
        if method == b"POST":
            return 201, self.create(account_sid)
        if method != b"GET":
            return 404, _error(404, 20404, f"The requested resource {path} was not found")
        params = dict(parse_qsl(query))
        try:
            page_size = int(params.get("PageSize", DEFAULT_PAGE_SIZE))
            page = int(params.get("Page", 0))
        except ValueError:
            return 404, _error(404, 20404, "Invalid paging parameters")
        if not 1 <= page_size <= MAX_PAGE_SIZE or page < 0:
            return 404, _error(404, 20404, "Invalid paging parameters")
        return 200, self.page(account_sid, page_size, page)


def _account_of(path: str) -> tuple[str, bool]:
    if not (path.startswith(API_PREFIX) and path.endswith("/Messages.json")):
        return "", False
    account_sid = path[len(API_PREFIX) : -len("/Messages.json")]
    return account_sid, "/" not in account_sid


class _HttpProtocol(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: parse requests from a buffer, answer them in order."""

    def __init__(self, catalog: _Catalog, latency_s: float) -> None:
        self._catalog = catalog
        self._latency_s = latency_s
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self._loop = asyncio.get_running_loop()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while True:
            head_end = buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = bytes(buffer[:head_end])
            lines = head.split(b"\r\n")
            length = 0
            authorized = False
            close = False
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value) if value.strip().isdigit() else -1
                elif name == b"authorization":
                    authorized = value.strip().startswith((b"Basic ", b"Bearer "))
                elif name == b"connection":
                    close = value.strip().lower() == b"close"
            if length < 0:
                self._send(
                    _response(404, _error(404, 20404, "Bad Content-Length"), close=True), True
                )
                return
            end = head_end + 4 + length
            if len(buffer) < end:
                return
            del buffer[:end]
            parts = lines[0].split(b" ")
            if len(parts) != 3:
                self._send(_response(404, _error(404, 20404, "Bad request line"), close=True), True)
                return
            status, body = self._catalog.answer(parts[0], parts[1], authorized)
            self._send(_response(status, body, close=close), close)
            if close:
                return

    def _send(self, data: bytes, close: bool) -> None:
        if self._latency_s > 0:
            self._loop.call_later(self._latency_s, self._write, data, close)
        else:
            self._write(data, close)

    def _write(self, data: bytes, close: bool) -> None:
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        transport.write(data)
        if close:
            transport.close()


async def start_server(
    config: ServerConfig, host: str = "127.0.0.1", port: int = 0
) -> asyncio.Server:
    """Pre-render every page, then listen; the caller owns (and closes) the returned server."""
    catalog = _Catalog(config)
    catalog.prerender()
    loop = asyncio.get_running_loop()
    return await loop.create_server(
        lambda: _HttpProtocol(catalog, config.latency_s), host, port, backlog=1024
    )


def server_port(server: asyncio.Server) -> int:
    """The TCP port a started server listens on."""
    port: int = server.sockets[0].getsockname()[1]
    return port


async def _serve_forever(config: ServerConfig, port: int) -> None:
    server = await start_server(config, "127.0.0.1", port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(json.dumps({"port": server_port(server), "pid": os.getpid()}), flush=True)
    async with server:
        await stop.wait()


class ServerProcess:
    """The fake server in a child process: ``with ServerProcess(...) as s: s.url, s.stats()``."""

    def __init__(
        self,
        accounts: Mapping[str, int],
        *,
        page_sizes: Iterable[int] = (MAX_PAGE_SIZE,),
        latency_ms: float = 0.0,
        cpu: int | None = None,
    ) -> None:
        args = [sys.executable, str(Path(__file__).resolve()), "--latency-ms", str(latency_ms)]
        for account_sid, total in accounts.items():
            args += ["--account", f"{account_sid}={total}"]
        for page_size in page_sizes:
            args += ["--page-size", str(page_size)]
        if cpu is not None:
            args += ["--cpu", str(cpu)]
        self._process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self._process.wait(5)
            raise RuntimeError(f"benchmark server exited with {self._process.returncode}")
        self.port: int = json.loads(line)["port"]
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """The server process id."""
        return self._process.pid

    def stats(self) -> dict[str, float]:
        """The server's CPU seconds and requests served so far."""
        with urlopen(self.url + STATS_PATH, timeout=10) as response:
            stats: dict[str, float] = json.loads(response.read())
        return stats

    def close(self) -> None:
        """Stop the server process and wait for it."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _parse_account(text: str) -> tuple[str, int]:
    account_sid, _, total = text.partition("=")
    return account_sid, int(total)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: serve until SIGTERM, printing the port as JSON once ready."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--account", action="append", type=_parse_account, default=[])
    parser.add_argument("--page-size", action="append", type=int, default=[])
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this CPU")
    args = parser.parse_args(argv)
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    config = ServerConfig(
        accounts=dict(args.account or [("AC" + "b" * 32, 1000)]),
        page_sizes=tuple(args.page_size or [MAX_PAGE_SIZE]),
        latency_s=args.latency_ms / 1000,
    )
    asyncio.run(_serve_forever(config, args.port))


if __name__ == "__main__":
    main()
