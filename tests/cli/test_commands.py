"""Each command of the command line, run in-process against a FakeTwilio."""

from __future__ import annotations

import pytest

from tests.cli.conftest import RECIPIENT, SENDER, at, one_error_line, seed
from twilio_async.cli import run
from twilio_async.testing import FakeTwilio

# send ---------------------------------------------------------------------------------------


async def test_send_prints_the_accepted_message(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(
        ["send", "--to", RECIPIENT, "--from", SENDER, "--body", "hello there"], environ
    )
    out = capsys.readouterr().out
    assert code == 0
    fields = dict(line.split(": ", 1) for line in out.splitlines())
    assert fields["status"] == "queued"
    assert fake.message(fields["sid"])["body"] == "hello there"


async def test_send_repeats_media_urls(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["send", "--to", RECIPIENT, "--from", SENDER]
    argv += ["--media-url", "https://example.com/a.png", "--media-url", "https://example.com/b.png"]
    code = await run(argv, environ)
    out = capsys.readouterr().out
    assert code == 0
    assert "num_media: 2" in out.splitlines()


async def test_send_through_a_messaging_service(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    service = fake.add_service("Notifications").sid
    argv = ["send", "--to", RECIPIENT, "--messaging-service", service, "--body", "hi"]
    code = await run(argv, environ)
    out = capsys.readouterr().out
    assert code == 0
    assert f"messaging_service_sid: {service}" in out.splitlines()


# messages list ------------------------------------------------------------------------------


async def test_list_prints_a_table_newest_first(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    old = fake.add_message(to=RECIPIENT, from_=SENDER, body="older", date_sent=at(1))
    new = fake.add_message(to=RECIPIENT, from_=SENDER, body="newer", date_sent=at(2))
    code = await run(["messages", "list"], environ)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].split()[:3] == ["DATE", "SENT", "SID"]
    assert [line.split()[2] for line in out[1:3]] == [new, old]
    assert out[-1] == "(2 messages)"


async def test_list_stops_at_the_limit(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seed(fake, 30)
    code = await run(["messages", "list", "--limit", "7", "--format", "jsonl"], environ)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(out) == 7


async def test_list_on_an_empty_account_says_so(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["messages", "list"], environ)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-1] == "(0 messages)"


# numbers and prices -------------------------------------------------------------------------


async def test_numbers_available_in_an_area_code(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["numbers", "available", "US", "--area-code", "415", "--limit", "4"], environ)
    out = capsys.readouterr().out
    numbers = [word for word in out.split() if word.startswith("+1")]
    assert code == 0
    assert len(numbers) == 4
    assert all(number.startswith("+1415") for number in numbers)
    assert "4 numbers" in out


async def test_numbers_available_with_a_bad_area_code_is_a_usage_error(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["numbers", "available", "US", "--area-code", "41"], environ)
    line = one_error_line(capsys.readouterr().err)
    assert code == 2
    assert "area_code" in line


async def test_price_shows_outbound_and_inbound_prices(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["price", "us"], environ)
    out = capsys.readouterr().out
    assert code == 0
    assert "Outbound messages to United States (USD)" in out
    assert "Inbound messages in United States (USD)" in out
    assert "0.00790" in out


async def test_price_for_a_bad_country_is_a_usage_error(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["price", "USA"], environ)
    line = one_error_line(capsys.readouterr().err)
    assert code == 2
    assert "country_code" in line


# --fake -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--fake", "send", "--to", RECIPIENT, "--from", SENDER, "--body", "hi"],
        ["send", "--to", RECIPIENT, "--from", SENDER, "--body", "hi", "--fake"],
        ["messages", "list", "--fake"],
        ["--fake", "messages", "export"],
        ["--fake", "numbers", "available", "US"],
        ["price", "GB", "--fake"],
    ],
)
async def test_fake_flag_needs_no_credentials(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(argv, {})
    err = capsys.readouterr().err
    assert code == 0
    assert "in-process FakeTwilio" in err
