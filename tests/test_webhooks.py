"""Webhook signatures, payload parsing and TwiML replies."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from aiohttp import web
from multidict import MultiDict

from tests.conftest import LocalServer
from twilio_async import MessageStatus
from twilio_async.webhooks import (
    SIGNATURE_HEADER,
    InboundMessage,
    StatusCallback,
    compute_signature,
    messaging_response,
    validate_body,
    validate_signature,
)

TOKEN = "webhook-auth-token"
URL = "https://bot.example.com/sms?tenant=7"


def reference(token: str, data: str) -> str:
    """HMAC-SHA1 of ``data`` keyed by ``token``, base64: computed independently here."""
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def test_signature_matches_a_reference_hmac() -> None:
    params = {"To": "+15005550006", "Body": "Hi there", "From": "+15558675310"}
    expected = reference(TOKEN, URL + "BodyHi there" + "From+15558675310" + "To+15005550006")
    assert compute_signature(TOKEN, URL, params) == expected
    assert validate_signature(TOKEN, URL, params, expected)


def test_repeated_keys_are_signed_in_sorted_order() -> None:
    form = MultiDict([("MediaUrl", "b"), ("MediaUrl", "a"), ("Body", "x")])
    expected = reference(TOKEN, URL + "Bodyx" + "MediaUrla" + "MediaUrlb")
    assert compute_signature(TOKEN, URL, form) == expected
    assert compute_signature(TOKEN, URL, [("MediaUrl", "b"), ("MediaUrl", "a"), ("Body", "x")]) == (
        expected
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p, u, s: (p | {"Body": "changed"}, u, s),
        lambda p, u, s: (p, u.replace("tenant=7", "tenant=8"), s),
        lambda p, u, s: (p, u, s[:-2] + "A="),
        lambda p, u, s: (p, u, ""),
        lambda p, u, s: (p, u, None),
    ],
)
def test_tampering_is_detected(tamper: object) -> None:
    params = {"Body": "hello"}
    signature = compute_signature(TOKEN, URL, params)
    bad_params, bad_url, bad_signature = tamper(params, URL, signature)  # type: ignore[operator]
    assert not validate_signature(TOKEN, bad_url, bad_params, bad_signature)
    assert not validate_signature("other-token", URL, params, signature)


def test_a_non_ascii_signature_or_digest_is_refused_not_an_exception() -> None:
    form = {"Body": "hi"}
    assert validate_signature(TOKEN, URL, form, "sïgnature") is False
    body = b'{"a": 1}'
    signed_url = f"https://bot.example.com/hook?bodySHA256={hashlib.sha256(body).hexdigest()}"
    signature = compute_signature(TOKEN, signed_url)
    assert validate_body(TOKEN, signed_url, body, signature) is True
    forged_url = "https://bot.example.com/hook?bodySHA256=%C3%A9"
    assert validate_body(TOKEN, forged_url, body, "x") is False


def test_default_port_variants_are_accepted() -> None:
    params = {"Body": "x"}
    with_port = compute_signature(TOKEN, "https://bot.example.com:443/sms", params)
    assert validate_signature(TOKEN, "https://bot.example.com/sms", params, with_port)
    without = compute_signature(TOKEN, "https://bot.example.com/sms", params)
    assert validate_signature(TOKEN, "https://bot.example.com:443/sms", params, without)
    other_port = compute_signature(TOKEN, "https://bot.example.com:8443/sms", params)
    assert not validate_signature(TOKEN, "https://bot.example.com/sms", params, other_port)


def test_json_body_validation() -> None:
    body = json.dumps({"event": "x"}).encode()
    url = f"https://bot.example.com/events?bodySHA256={hashlib.sha256(body).hexdigest()}"
    signature = compute_signature(TOKEN, url)
    assert validate_body(TOKEN, url, body, signature)
    assert not validate_body(TOKEN, url, body + b" ", signature)
    assert not validate_body(TOKEN, "https://bot.example.com/events", body, signature)


def test_inbound_message_parsing() -> None:
    form = {
        "MessageSid": "MM" + "1" * 32,
        "AccountSid": "AC" + "2" * 32,
        "From": "+15558675310",
        "To": "+15005550006",
        "Body": "pic",
        "NumMedia": "2",
        "NumSegments": "1",
        "MediaUrl0": "https://media/0",
        "MediaContentType0": "image/png",
        "MediaUrl1": "https://media/1",
        "FromCity": "SPRINGFIELD",
    }
    message = InboundMessage.from_form(form)
    assert message.from_ == "+15558675310"
    assert message.num_media == 2
    assert [m.url for m in message.media] == ["https://media/0", "https://media/1"]
    assert message.media[0].content_type == "image/png"
    assert message.media[1].content_type is None
    assert message.raw["FromCity"] == "SPRINGFIELD"
    assert InboundMessage.from_form({"Body": "x", "NumMedia": "junk"}).num_media == 0
    forged = InboundMessage.from_form({"NumMedia": "999999999", "MediaUrl0": "u"})
    assert forged.num_media == 10
    assert [m.url for m in forged.media] == ["u"]


def test_status_callback_parsing_keeps_unknown_statuses() -> None:
    callback = StatusCallback.from_form(
        {"MessageSid": "SM" + "3" * 32, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    )
    assert callback.message_status is MessageStatus.UNDELIVERED
    assert callback.error_code == 30003
    future = StatusCallback.from_form({"SmsSid": "SM" + "3" * 32, "SmsStatus": "beamed"})
    assert future.message_status == "beamed"
    assert StatusCallback.from_form({}).message_status is None


def test_twiml_reply_is_escaped() -> None:
    xml = messaging_response("1 < 2 & 3", media_urls=["https://m/x?a=1&b=2"])
    assert "<Body>1 &lt; 2 &amp; 3</Body>" in xml
    assert "<Media>https://m/x?a=1&amp;b=2</Media>" in xml
    assert messaging_response().endswith("<Response></Response>")
    assert "<Message><Media>u</Media></Message>" in messaging_response(media_urls=["u"])


async def test_an_aiohttp_handler_validates_a_real_request(local_server: LocalServer) -> None:
    import aiohttp

    seen: list[InboundMessage] = []

    async def sms(request: web.Request) -> web.Response:
        form = await request.post()
        public_url = str(request.url)
        if not validate_signature(TOKEN, public_url, form, request.headers.get(SIGNATURE_HEADER)):
            raise web.HTTPForbidden()
        seen.append(InboundMessage.from_form(form))  # type: ignore[arg-type]
        return web.Response(text=messaging_response("pong"), content_type="text/xml")

    local_server.route("POST", "/sms", sms)
    base = await local_server.start()
    form = {"From": "+15558675310", "To": "+15005550006", "Body": "ping", "MessageSid": "SM1"}
    async with aiohttp.ClientSession() as http:
        signature = compute_signature(TOKEN, f"{base}/sms", form)
        async with http.post(f"{base}/sms", data=form, headers={SIGNATURE_HEADER: signature}) as ok:
            assert ok.status == 200
            assert "<Message>pong</Message>" in await ok.text()
        async with http.post(f"{base}/sms", data=form, headers={SIGNATURE_HEADER: "forged"}) as no:
            assert no.status == 403
    assert [m.body for m in seen] == ["ping"]
