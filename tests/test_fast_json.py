"""orjson for typed results: the same models as the standard decoder, whatever the body holds;
and walks that make each item a model as it is taken."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from aiohttp import web

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, LocalServer, load_fixture
from tests.test_model_codegen import FULL_MESSAGE
from twilio_async import MalformedResponseError, Message, TwilioClient, _fast_json
from twilio_async.models import (
    Account,
    IncomingPhoneNumber,
    Media,
    MessagingCountry,
    MessagingService,
)
from twilio_async.models._codegen import keyed_like
from twilio_async.models._convert import structure, structurer, usual_structurer

LIST_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
CREATE_PATH = LIST_PATH
BIG = 2**70  # orjson reads it as a float; json as an int


@pytest.fixture(params=["orjson", "standard"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with orjson in use, then with the standard decoder only."""
    in_use = orjson.loads if request.param == "orjson" else None
    monkeypatch.setattr(_fast_json, "_fast_loads", in_use)
    monkeypatch.setattr(_fast_json, "_MODEL_DECODERS", {})
    return str(request.param)


@pytest.fixture
def standard_reads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Bodies the standard decoder read again after orjson (the fallback), recorded."""
    seen: list[bytes] = []
    loads = json.loads

    def recording(body: Any) -> Any:
        seen.append(body)
        return loads(body)

    monkeypatch.setattr(_fast_json, "json", SimpleNamespace(loads=recording))
    return seen


def message(number: int, **changes: Any) -> dict[str, Any]:
    return {**FULL_MESSAGE, "sid": f"SM{number:032x}", "body": f"message {number}", **changes}


def serve_pages(local_server: LocalServer, pages: list[list[dict[str, Any]] | bytes]) -> None:
    """Serve ``pages`` in order (a page is a list of items, or a raw body) and count requests."""

    async def handle(request: web.Request) -> web.Response:
        index = int(request.query.get("Page", "0"))
        page = pages[index]
        if isinstance(page, bytes):
            return web.Response(body=page, content_type="application/json")
        more = index + 1 < len(pages)
        link = f"{LIST_PATH}?PageSize=2&Page={index + 1}" if more else None
        return web.json_response({"messages": page, "next_page_uri": link})

    local_server.route("GET", LIST_PATH, handle)


async def walk(local_server: LocalServer) -> list[Message]:
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        return [m async for m in client.messages.list(page_size=2)]


# --- which models have a usual function ---------------------------------------------------


@pytest.mark.parametrize("model", [Message, Account, Media, MessagingService, MessagingCountry])
def test_flat_models_have_a_usual_function(model: type[Any]) -> None:
    assert usual_structurer(model) is not None


@pytest.mark.parametrize(
    ("name", "model", "key"),
    [
        ("message_page", Message, "messages"),
        ("messaging_service_page", MessagingService, "services"),
        ("account_instance", Account, None),
        ("message_create_queued", Message, None),
        ("media_page", Media, "media_list"),
        ("pricing_messaging_country_page", MessagingCountry, "countries"),
    ],
)
def test_usual_on_orjson_output_equals_the_standard_path(
    name: str, model: type[Any], key: str | None
) -> None:
    payload = load_fixture(name)
    items = [payload] if key is None else payload[key]
    usual = usual_structurer(model)
    assert usual is not None
    for item in items:
        body = json.dumps(item).encode()
        assert usual(orjson.loads(body)) == structure(json.loads(body), model)


@pytest.mark.parametrize(
    "field",
    ["body", "num_segments", "error_code", "price", "status", "date_sent", "subresource_uris"],
)
@pytest.mark.parametrize("value", [BIG, -BIG, 1.5, [1], {"a": 1}, True])
def test_usual_refuses_what_a_decoder_could_read_differently(field: str, value: Any) -> None:
    usual = usual_structurer(Message)
    assert usual is not None
    if field == "subresource_uris":
        value = {"media": value}
    with pytest.raises((TypeError, KeyError, ValueError)):
        usual(orjson.loads(json.dumps(message(1, **{field: value}))))


def test_usual_keeps_the_fresh_objects_text_maps_and_structure_copies_the_callers() -> None:
    usual = usual_structurer(Message)
    assert usual is not None
    body = json.dumps(message(1, tags={"campaign": "spring"})).encode()
    fresh = orjson.loads(body)
    kept = usual(fresh)
    assert kept.subresource_uris is fresh["subresource_uris"]
    assert kept.tags is fresh["tags"]
    callers = json.loads(body)
    copied = structure(callers, Message)
    assert copied == kept
    callers["subresource_uris"]["media"] = "changed"
    callers["tags"].clear()
    assert copied.subresource_uris == FULL_MESSAGE["subresource_uris"]
    assert copied.tags == {"campaign": "spring"}


async def test_walked_models_each_own_their_text_maps(
    local_server: LocalServer, decoder: str
) -> None:
    serve_pages(local_server, [[message(1), message(2)], [message(3)]])
    models = await walk(local_server)
    assert [m.subresource_uris for m in models] == [FULL_MESSAGE["subresource_uris"]] * 3
    maps = [m.subresource_uris for m in models] + [m.tags for m in models]
    assert len({id(m) for m in maps}) == 6


def test_a_usual_function_keyed_like_a_page_reads_every_item_alike() -> None:
    usual = usual_structurer(Message)
    assert usual is not None
    body = orjson.dumps([message(n) for n in range(3)] + [message(3, tags={"a": "b"})])
    page = orjson.loads(body)
    keyed = keyed_like(usual, page[0])
    assert keyed is not usual
    sample_keys = {id(key) for key in page[0]}
    assert all(id(key) in sample_keys for key in keyed.__defaults__[1:])  # type: ignore[index]
    # the page's items, items decoded elsewhere (other key objects), and a sample lacking
    # keys all give the plain function's models
    elsewhere = json.loads(body)
    partial = keyed_like(usual, {"sid": "x", "to": "y"})
    for item, other in zip(page, elsewhere, strict=True):
        expected = structure(other, Message)
        assert keyed(item) == expected
        assert keyed(dict(other)) == expected
        assert partial(item) == expected
    with pytest.raises((TypeError, KeyError, ValueError)):
        keyed(orjson.loads(json.dumps(message(9, num_segments=BIG))))
    with pytest.raises(KeyError):
        keyed({k: v for k, v in page[0].items() if k != "body"})


def test_the_structure_function_keyed_like_a_page_still_falls_back_exactly() -> None:
    page = json.loads(json.dumps([message(1), message(2, num_segments=3, date_sent=None)]))
    plain = structurer(Message)
    keyed = keyed_like(plain, page[0])
    assert keyed is not plain
    for item in page:
        assert keyed(item) == plain(item) == structure(dict(item), Message)
    unusual = {**page[0], "date_created": "2024-03-01T06:09:25Z", "num_media": 2}
    assert keyed(unusual) == plain(unusual)
    assert keyed(unusual).num_media == 2


def test_keyed_like_keeps_the_function_for_a_sample_that_is_not_an_object() -> None:
    usual = usual_structurer(Message)
    assert usual is not None
    assert keyed_like(usual, ["sid"]) is usual
    assert keyed_like(usual, None) is usual
    hook = structurer(IncomingPhoneNumber)  # a generated function, keyed too
    sample = json.loads(json.dumps(load_fixture("incoming_phone_number_instance")))
    assert keyed_like(hook, sample)(sample) == structure(sample, IncomingPhoneNumber)

    def plain(data: Any) -> Any:
        return data

    assert keyed_like(plain, {"sid": "PN1"}) is plain


def test_a_model_decoder_reads_each_body_alike_after_keying_on_the_first(
    monkeypatch: pytest.MonkeyPatch, standard_reads: list[bytes]
) -> None:
    monkeypatch.setattr(_fast_json, "_fast_loads", orjson.loads)
    monkeypatch.setattr(_fast_json, "_MODEL_DECODERS", {})
    decode = _fast_json.model_decoder(usual_structurer(Message))
    assert decode is not None
    bodies = [
        json.dumps(message(1)).encode(),
        json.dumps(message(2, status="delivered", date_sent=None)).encode(),
        json.dumps({**message(3), "extra_field": 1}).encode(),
    ]
    for body in bodies:
        assert decode(body) == structure(json.loads(body), Message)
    unusual = json.dumps(message(4, num_media=BIG)).encode()
    assert decode(unusual) == json.loads(unusual)  # the standard reading, for the exact path
    assert standard_reads == [unusual]


def test_no_orjson_in_the_environment_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fast_json, "_fast_loads", _fast_json._unset)
    monkeypatch.setenv("TWILIO_ASYNC_NO_ORJSON", "1")
    assert _fast_json.fast_loads() is None
    monkeypatch.setattr(_fast_json, "_fast_loads", _fast_json._unset)
    monkeypatch.delenv("TWILIO_ASYNC_NO_ORJSON")
    assert _fast_json.fast_loads() is orjson.loads


def test_without_orjson_installed_it_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(_fast_json, "_fast_loads", _fast_json._unset)
    monkeypatch.delenv("TWILIO_ASYNC_NO_ORJSON", raising=False)
    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson -> ImportError
    monkeypatch.setattr(_fast_json, "_MODEL_DECODERS", {})
    assert _fast_json.fast_loads() is None
    assert _fast_json.page_decoder() is None
    assert _fast_json.model_decoder(usual_structurer(Message)) is None


# --- walks ----------------------------------------------------------------------------------


async def test_a_walk_reads_usual_pages_with_orjson_alone(
    local_server: LocalServer, decoder: str, standard_reads: list[bytes]
) -> None:
    serve_pages(local_server, [[message(0), message(1)], [message(2)]])
    seen = await walk(local_server)
    assert [m.body for m in seen] == ["message 0", "message 1", "message 2"]
    assert seen[0] == structure(json.loads(json.dumps(message(0))), Message)
    assert standard_reads == []  # orjson read every page (or, without it, exchange did)


@pytest.mark.parametrize(
    "changes",
    [
        {"error_code": BIG},
        {"body": BIG},
        {"num_segments": -BIG},
        {"price": 12345678901234567890123},
        {"subresource_uris": {"media": BIG}},
    ],
)
async def test_an_integer_beyond_64_bits_reads_as_the_standard_decoder_reads_it(
    local_server: LocalServer, decoder: str, changes: dict[str, Any], standard_reads: list[bytes]
) -> None:
    odd = message(1, **changes)
    serve_pages(local_server, [[message(0), odd], [message(2)]])
    seen = await walk(local_server)
    expected = structure(json.loads(json.dumps(odd)), Message)
    assert seen[1] == expected
    assert [m.sid for m in seen] == [message(n)["sid"] for n in range(3)]
    assert len(standard_reads) == (1 if decoder == "orjson" else 0)  # that page, read again


async def test_an_item_orjson_reads_otherwise_mid_page_is_read_again_in_place(
    local_server: LocalServer, decoder: str, standard_reads: list[bytes]
) -> None:
    page = [message(0), message(1), message(2, error_code=BIG), message(3), message(4)]
    serve_pages(local_server, [page, [message(5)]])
    seen = await walk(local_server)
    assert [m.sid for m in seen] == [message(n)["sid"] for n in range(6)]
    assert seen[2].error_code == BIG
    assert len({id(m) for m in seen}) == 6
    assert len(standard_reads) == (1 if decoder == "orjson" else 0)


async def test_a_body_orjson_refuses_is_read_by_the_standard_decoder(
    local_server: LocalServer, decoder: str
) -> None:
    lone_surrogate = json.dumps({"messages": [message(0, body="\ud800")], "next_page_uri": None})
    serve_pages(local_server, [lone_surrogate.encode()])
    seen = await walk(local_server)
    assert seen[0].body == "\ud800"


async def test_a_bad_item_mid_page_gives_the_items_before_it_then_ends_the_walk(
    local_server: LocalServer, decoder: str
) -> None:
    serve_pages(local_server, [[message(0), message(1)], [message(2), {"sid": None}], [message(4)]])
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        taken = await sids_until_malformed(client, "'messages' item does not fit")
        with pytest.raises(MalformedResponseError):  # pages() and collect() refuse the page
            await client.messages.list(page_size=2).collect()
    assert taken == [message(n)["sid"] for n in range(3)]


async def sids_until_malformed(client: TwilioClient, match: str) -> list[str]:
    """The sids a walk yields before it raises ``MalformedResponseError``; checks it ended."""
    taken: list[str] = []
    items = client.messages.list(page_size=2).__aiter__()
    with pytest.raises(MalformedResponseError, match=match):
        for _ in range(10):
            taken.append((await items.__anext__()).sid)
    with pytest.raises(StopAsyncIteration):
        await items.__anext__()
    return taken


async def test_a_page_of_the_wrong_shape_is_malformed(
    local_server: LocalServer, decoder: str
) -> None:
    serve_pages(local_server, [b'{"unexpected": []}'])
    with pytest.raises(MalformedResponseError, match="without a 'messages' list"):
        await walk(local_server)


async def test_limit_cuts_the_page_on_the_reread_path_too(
    local_server: LocalServer, decoder: str
) -> None:
    serve_pages(local_server, [[message(0), message(1, error_code=BIG)]])
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        pages = [p async for p in client.messages.list(page_size=2, limit=2).pages()]
        one = [m async for m in client.messages.list(page_size=2, limit=1)]
    assert [m.error_code for m in pages[0].items] == [None, BIG]
    assert [m.sid for m in one] == [message(0)["sid"]]


# --- single models ----------------------------------------------------------------------------


def created(changes: dict[str, Any]) -> Callable[[web.Request], Any]:
    async def handle(request: web.Request) -> web.Response:
        return web.json_response(message(7, **changes), status=201)

    return handle


@pytest.mark.parametrize("changes", [{}, {"error_code": BIG}, {"body": "\ud800"}])
async def test_a_created_message_reads_the_same_with_either_decoder(
    local_server: LocalServer, decoder: str, changes: dict[str, Any]
) -> None:
    local_server.route("POST", CREATE_PATH, created(changes))
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        sent = await client.messages.create(to="+15558675310", from_="+15017122661", body="hi")
    assert sent == structure(json.loads(json.dumps(message(7, **changes))), Message)


async def test_a_created_answer_that_is_not_json_is_malformed(
    local_server: LocalServer, decoder: str
) -> None:
    async def handle(request: web.Request) -> web.Response:
        return web.Response(body=b"{not json", status=201, content_type="application/json")

    local_server.route("POST", CREATE_PATH, handle)
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        with pytest.raises(MalformedResponseError, match="not valid JSON"):
            await client.messages.create(to="+15558675310", from_="+15017122661", body="hi")


async def test_a_reread_that_fails_ends_the_walk(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fast_json, "_fast_loads", orjson.loads)

    def refuse(decoded: Any) -> Any:
        raise MalformedResponseError(status=200, message="response is not valid JSON: '…'")

    import twilio_async.resources._base as base

    monkeypatch.setattr(base, "standard_reading", refuse)
    serve_pages(local_server, [[message(0), message(1, error_code=BIG)], [message(2)]])
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        taken = await sids_until_malformed(client, "not valid JSON")
    assert taken == [message(0)["sid"]]
