"""The pytest plugin, the package's lazy imports and FakeTwilio's own lifecycle."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import aiohttp
import pytest

import twilio_async
import twilio_async.testing
from twilio_async.testing import FakeTwilio

ROOT = Path(__file__).parents[2]


async def test_fixture_yields_a_started_fake(twilio_fake: FakeTwilio) -> None:
    assert twilio_fake.base_url.startswith("http://127.0.0.1:")
    async with (
        aiohttp.ClientSession() as session,
        session.get(twilio_fake.base_url + "/v1/Services") as response,
    ):
        assert response.status == 401


def test_plugin_import_does_not_load_the_server() -> None:
    code = (
        "import sys, twilio_async.testing.plugin, twilio_async.testing; "
        "names = ('aiohttp.web', 'twilio_async.testing._'); "
        "print(sorted(m for m in sys.modules if m.startswith(names)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    section = text.split("[project.entry-points.pytest11]", 1)[1].split("[", 1)[0]
    assert section.strip() == 'twilio_async = "twilio_async.testing.plugin"'


def test_lazy_names_and_unknown_names() -> None:
    assert set(twilio_async.testing.__all__) <= set(dir(twilio_async.testing))
    with pytest.raises(AttributeError):
        twilio_async.testing.Nope  # noqa: B018


async def test_account_sid_and_token_are_generated_or_given() -> None:
    generated = FakeTwilio()
    assert re.fullmatch(r"AC[0-9a-f]{32}", generated.account_sid)
    assert len(generated.auth_token) >= 32
    assert FakeTwilio().account_sid != generated.account_sid
    given = FakeTwilio(account_sid="AC" + "1" * 32, auth_token="tok")
    assert given.account_sid == "AC" + "1" * 32
    assert given.auth_token == "tok"


async def test_start_stop_and_restart_rules() -> None:
    fake = FakeTwilio()
    with pytest.raises(RuntimeError, match="not started"):
        _ = fake.base_url
    await fake.start()
    url = fake.base_url
    with pytest.raises(RuntimeError, match="already started"):
        await fake.start()
    await fake.stop()
    await fake.stop()
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.get(url + "/v1/Services")


async def test_explicit_port_is_used() -> None:
    async with FakeTwilio() as first:
        port = int(first.base_url.rsplit(":", 1)[1])
    async with FakeTwilio(port=port) as second:
        assert second.base_url == f"http://127.0.0.1:{port}"


async def test_client_points_at_the_fake_and_passes_options_on(twilio_fake: FakeTwilio) -> None:
    twilio_fake.fail_next(1, status=503, code=20500)
    async with twilio_fake.client(max_retries=0) as client:
        assert client.account_sid == twilio_fake.account_sid
        with pytest.raises(twilio_async.ServerError):
            await client.messages.list().first()  # max_retries=0 reached the client
        sent = await client.messages.create(to="+15558675310", from_="+15005550006", body="hi")
        fetched = await client.messages.fetch(sent.sid)
    assert fetched.body == "hi"
    assert [(r.method, r.fault is None) for r in twilio_fake.requests] == [
        ("GET", False),
        ("POST", True),
        ("GET", True),
    ]


async def test_stop_does_not_wait_for_slow_requests_forever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A short grace keeps the test fast; what is checked is that stop() cuts the 30 s request.
    monkeypatch.setattr("twilio_async.testing._fake.SHUTDOWN_GRACE", 0.05)
    fake = FakeTwilio()
    await fake.start()
    fake.latency = 30
    async with aiohttp.ClientSession() as session:
        pending = asyncio.create_task(session.get(fake.base_url + "/v1/Services"))
        for _ in range(200):
            if fake.in_flight:
                break
            await asyncio.sleep(0.01)
        assert fake.in_flight == 1
        await asyncio.wait_for(fake.stop(), timeout=10)
        with pytest.raises(aiohttp.ClientError):
            await asyncio.wait_for(pending, timeout=10)


async def test_responses_carry_a_request_id(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    async with http.get(f"{acct}.json") as response:
        assert re.fullmatch(r"RQ[0-9a-f]{32}", response.headers["Twilio-Request-Id"])


def _plugin_option() -> list[str]:
    """``-p`` for the plugin, unless an installed entry point already loads it."""
    installed = any(
        ep.value == "twilio_async.testing.plugin" for ep in entry_points(group="pytest11")
    )
    return [] if installed else ["-p", "twilio_async.testing.plugin"]


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_fixture_works_as_a_plugin_in_both_asyncio_modes(tmp_path: Path, mode: str) -> None:
    (tmp_path / "test_user.py").write_text(
        "import pytest\n"
        "@pytest.mark.asyncio\n"
        "async def test_uses_fake(twilio_fake):\n"
        "    assert twilio_fake.base_url.startswith('http://127.0.0.1:')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            *_plugin_option(),
            "-o",
            f"asyncio_mode={mode}",
            "-o",
            "asyncio_default_fixture_loop_scope=function",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
