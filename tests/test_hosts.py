"""Hosts from region and edge, base_url overrides, and next-page links kept on our host."""

from __future__ import annotations

import pytest
from aiohttp import web

from tests.transport_helpers import ACCOUNT_SID, MESSAGES_PATH, client_for, message_json, serve
from twilio_async import InvalidRequestError, TwilioClient
from twilio_async._http.hosts import Hosts, Product


@pytest.mark.parametrize(
    ("region", "edge", "expected"),
    [
        (None, None, "https://api.twilio.com"),
        ("ie1", "dublin", "https://api.dublin.ie1.twilio.com"),
        ("au1", "sydney", "https://api.sydney.au1.twilio.com"),
        (None, "sydney", "https://api.sydney.us1.twilio.com"),
        ("ie1", None, "https://api.dublin.ie1.twilio.com"),
        ("jp1", None, "https://api.tokyo.jp1.twilio.com"),
        ("us1", None, "https://api.ashburn.us1.twilio.com"),
    ],
)
def test_region_and_edge_build_the_host(
    region: str | None, edge: str | None, expected: str
) -> None:
    assert Hosts.build(region=region, edge=edge).base(Product.API) == expected


def test_every_product_follows_region_and_edge() -> None:
    hosts = Hosts.build(region="ie1", edge="dublin")
    assert {p: hosts.base(p) for p in Product} == {
        Product.API: "https://api.dublin.ie1.twilio.com",
        Product.MESSAGING: "https://messaging.dublin.ie1.twilio.com",
        Product.PRICING: "https://pricing.dublin.ie1.twilio.com",
        Product.OAUTH: "https://oauth.dublin.ie1.twilio.com",
    }


def test_unknown_region_without_edge_names_edge() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Hosts.build(region="zz9")
    assert caught.value.parameter == "edge"
    assert Hosts.build(region="zz9", edge="somewhere").base(Product.API) == (
        "https://api.somewhere.zz9.twilio.com"
    )


@pytest.mark.parametrize(
    ("region", "edge", "parameter"),
    [("IE1", "dublin", "region"), ("ie1", "evil.com/", "edge"), ("ie1.x", "dublin", "region")],
)
def test_bad_labels_are_refused(region: str, edge: str, parameter: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Hosts.build(region=region, edge=edge)
    assert caught.value.parameter == parameter


def test_base_url_wins_over_region_and_edge() -> None:
    hosts = Hosts.build(region="ie1", edge="dublin", base_url="http://127.0.0.1:8080/")
    assert {hosts.base(p) for p in Product} == {"http://127.0.0.1:8080"}
    mixed = Hosts.build(region="ie1", edge="dublin", base_url={"oauth": "http://127.0.0.1:9"})
    assert mixed.base(Product.OAUTH) == "http://127.0.0.1:9"
    assert mixed.base(Product.API) == "https://api.dublin.ie1.twilio.com"
    with pytest.raises(InvalidRequestError, match="base_url"):
        Hosts.build(base_url={"voice": "http://127.0.0.1:9"})
    with pytest.raises(InvalidRequestError, match="base_url"):
        Hosts.build(base_url="ftp://127.0.0.1")


def test_from_env_reads_region_and_edge() -> None:
    env = {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": "t",
        "TWILIO_REGION": "au1",
        "TWILIO_EDGE": "sydney",
    }
    client = TwilioClient.from_env(env)
    assert client._session.hosts.base(Product.API) == "https://api.sydney.au1.twilio.com"
    only_edge = TwilioClient.from_env({**env, "TWILIO_REGION": ""})
    assert only_edge._session.hosts.base(Product.API) == "https://api.sydney.us1.twilio.com"


def test_session_url_rewrites_links_onto_the_configured_host() -> None:
    client = TwilioClient(ACCOUNT_SID, auth_token="t", region="ie1", edge="dublin")
    session = client._session
    link = f"https://api.twilio.com{MESSAGES_PATH}?PageSize=50&Page=1&PageToken=PAx"
    assert session.url(Product.API, link) == (
        f"https://api.dublin.ie1.twilio.com{MESSAGES_PATH}?PageSize=50&Page=1&PageToken=PAx"
    )
    assert session.url(Product.API, MESSAGES_PATH) == (
        f"https://api.dublin.ie1.twilio.com{MESSAGES_PATH}"
    )


async def test_next_page_links_from_twilio_are_followed_on_our_host() -> None:
    paths: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        paths.append(request.path_qs)
        if "PageToken" not in request.query:
            next_url = f"https://api.twilio.com{MESSAGES_PATH}?PageSize=2&Page=1&PageToken=PA1"
            return web.json_response(
                {
                    "messages": [message_json(), message_json()],
                    "next_page_uri": next_url,  # absolute, on Twilio's own host
                    "page": 0,
                    "page_size": 2,
                }
            )
        return web.json_response(
            {"messages": [message_json()], "next_page_uri": None, "page": 1, "page_size": 2}
        )

    async with serve(handler) as server, client_for(server) as client:
        messages = await client.messages.list(page_size=2).collect()
        saved = f"https://api.twilio.com{MESSAGES_PATH}?PageSize=2&Page=1&PageToken=PA1"
        resumed = await client.messages.list().resume(saved).collect()
    assert len(messages) == 3
    assert len(resumed) == 1
    assert len(paths) == 3
    assert "PageToken=PA1" in paths[1]
    assert paths[2] == paths[1]
