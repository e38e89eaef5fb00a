"""The benchmark's loopback server answers like Twilio's Messages create and list (no timing)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from email.utils import parsedate_to_datetime

import aiohttp
import pytest

from benchmarks.server import ServerConfig, ServerProcess, server_port, start_server

ACCOUNT = "AC" + "e" * 32
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{ACCOUNT}:token".encode()).decode()}
MESSAGES = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    server = await start_server(ServerConfig(accounts={ACCOUNT: 5}, page_sizes=(2,)))
    async with server:
        yield f"http://127.0.0.1:{server_port(server)}"


async def test_create_answers_201_with_a_full_message(base_url: str) -> None:
    form = {"To": "+14155550142", "From": "+14155550100", "Body": "hi"}
    async with (
        aiohttp.ClientSession(headers=AUTH) as session,
        session.post(base_url + MESSAGES, data=form) as response,
    ):
        assert response.status == 201
        first = await response.json()
        async with session.post(base_url + MESSAGES, data=form) as again:
            second = await again.json()
    assert first["account_sid"] == ACCOUNT
    assert first["status"] == "queued"
    assert first["sid"].startswith("SM")
    assert len(first["sid"]) == 34
    assert first["sid"] != second["sid"]
    assert first["uri"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages/{first['sid']}.json"
    assert parsedate_to_datetime(first["date_created"]).utcoffset() is not None


async def test_pages_chain_through_next_page_uri_to_every_message(base_url: str) -> None:
    sids: list[str] = []
    pages = []
    url: str | None = base_url + MESSAGES + "?PageSize=2"
    async with aiohttp.ClientSession(headers=AUTH) as session:
        for _ in range(10):
            if url is None:
                break
            async with session.get(url) as response:
                assert response.status == 200
                page = await response.json()
            pages.append(page)
            sids += [m["sid"] for m in page["messages"]]
            url = base_url + page["next_page_uri"] if page["next_page_uri"] else None
    assert [p["page"] for p in pages] == [0, 1, 2]
    assert [len(p["messages"]) for p in pages] == [2, 2, 1]
    assert len(set(sids)) == 5
    assert pages[0]["previous_page_uri"] is None
    assert pages[1]["start"] == 2
    assert pages[1]["page_size"] == 2
    assert "PageToken=" in pages[0]["next_page_uri"]
    for message in pages[0]["messages"]:
        parsedate_to_datetime(message["date_updated"])


async def test_page_size_not_prerendered_is_still_served(base_url: str) -> None:
    async with (
        aiohttp.ClientSession(headers=AUTH) as session,
        session.get(base_url + MESSAGES + "?PageSize=3&Page=1") as response,
    ):
        page = await response.json()
    assert len(page["messages"]) == 2
    assert page["next_page_uri"] is None


@pytest.mark.parametrize(
    ("path", "auth", "status", "code"),
    [
        (MESSAGES, None, 401, 20003),
        ("/2010-04-01/Accounts/AC" + "0" * 32 + "/Messages.json", AUTH, 404, 20404),
        ("/nowhere", AUTH, 404, 20404),
        (MESSAGES + "?PageSize=0", AUTH, 404, 20404),
        (MESSAGES + "?Page=x", AUTH, 404, 20404),
    ],
)
async def test_bad_requests_get_twilio_style_errors(
    base_url: str, path: str, auth: dict[str, str] | None, status: int, code: int
) -> None:
    async with (
        aiohttp.ClientSession(headers=auth) as session,
        session.get(base_url + path) as response,
    ):
        assert response.status == status
        assert (await response.json())["code"] == code


async def test_pipelined_requests_on_one_connection_are_answered_in_order(base_url: str) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    request = (
        f"POST {MESSAGES} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic eDp5\r\n"
        "Content-Length: 4\r\n\r\nTo=1"
    ).encode()
    writer.write(request * 2)
    bodies = []
    for _ in range(2):
        status = await asyncio.wait_for(reader.readline(), 5)
        assert status.startswith(b"HTTP/1.1 201")
        headers = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        length = int(headers.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        bodies.append(json.loads(await asyncio.wait_for(reader.readexactly(length), 5)))
    writer.close()
    await writer.wait_closed()
    assert bodies[0]["sid"] < bodies[1]["sid"]


def test_server_process_reports_its_port_and_cpu() -> None:
    with ServerProcess({ACCOUNT: 3}, page_sizes=(2,)) as server:
        stats = server.stats()
        assert server.port > 0
        assert stats["cpu_s"] > 0
        assert stats["requests"] == 1


async def test_a_bad_content_length_gets_an_error_and_a_closed_connection(base_url: str) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(f"POST {MESSAGES} HTTP/1.1\r\nContent-Length: many\r\n\r\n".encode())
    answer = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    await writer.wait_closed()
    assert answer.startswith(b"HTTP/1.1 404")
    assert b"Connection: close" in answer


def test_the_instruction_table_shows_each_client_and_the_ratios_to_twilio_async() -> None:
    from benchmarks.instructions import render

    table = render(
        {
            "raw": {"walk": 50.0, "create@64": 600.0},
            "twilio_async": {"walk": 100.0, "create@64": 500.0},
            "twilio": {"walk": 250.0, "create@64": 900.0},
        }
    )
    rows = [line.split("|")[1:-1] for line in table.splitlines()[2:]]
    assert [cell.strip() for cell in rows[0]] == ["walk", "50", "100", "250", "0.50", "2.50"]
    assert [cell.strip() for cell in rows[1]] == [
        "create@64",
        "600",
        "500",
        "900",
        "1.20",
        "1.80",
    ]
