"""client.media.download against two 127.0.0.1 servers: Twilio's API and its media storage."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from tests.resource_helpers import ACCOUNT_PATH, ACCOUNT_SID, AUTH_TOKEN
from twilio_async import MediaContent, NotFoundError, TwilioClient
from twilio_async._http.hosts import Product

MESSAGE_SID = "MM" + "b" * 32
MEDIA_SID = "ME" + "c" * 32
CONTENT_PATH = f"{ACCOUNT_PATH}/Messages/{MESSAGE_SID}/Media/{MEDIA_SID}"
IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


class Recorder:
    """Remembers the Authorization header of each request a server received, by path."""

    def __init__(self) -> None:
        self.authorization: dict[str, str | None] = {}

    def note(self, request: web.Request) -> None:
        self.authorization[request.path] = request.headers.get("Authorization")


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def servers() -> AsyncIterator[tuple[str, str, Recorder]]:
    """An API server that redirects media content to a storage server on another port."""
    recorder = Recorder()
    urls: dict[str, str] = {}

    async def stored_file(request: web.Request) -> web.Response:
        recorder.note(request)
        return web.Response(body=IMAGE, content_type="image/png")

    async def content(request: web.Request) -> web.Response:
        recorder.note(request)
        if request.query.get("to") == "same":
            raise web.HTTPFound(f"{urls['api']}/same-host/f/1")
        raise web.HTTPFound(f"{urls['storage']}/f/1")

    async def missing(request: web.Request) -> web.Response:
        return web.json_response({"code": 20404, "message": "not found", "status": 404}, status=404)

    storage_app = web.Application()
    storage_app.router.add_get("/f/1", stored_file)
    api_app = web.Application()
    api_app.router.add_get(CONTENT_PATH, content)
    api_app.router.add_get("/same-host/f/1", stored_file)
    api_app.router.add_get(f"{ACCOUNT_PATH}/Messages/{MESSAGE_SID}/Media/{{sid}}", missing)
    storage_runner, urls["storage"] = await _serve(storage_app)
    try:
        api_runner, urls["api"] = await _serve(api_app)
        try:
            yield urls["api"], urls["storage"], recorder
        finally:
            await api_runner.cleanup()
    finally:
        await storage_runner.cleanup()


async def test_download_follows_the_redirect_without_sending_credentials(
    servers: tuple[str, str, Recorder],
) -> None:
    api_url, _, recorder = servers
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=api_url) as client:
        downloaded = await client.media.download(MESSAGE_SID, MEDIA_SID)

    assert downloaded == MediaContent(content=IMAGE, content_type="image/png")
    sent_to_api = recorder.authorization[CONTENT_PATH]
    assert sent_to_api is not None
    assert sent_to_api.startswith("Basic ")
    assert "/f/1" in recorder.authorization
    assert recorder.authorization["/f/1"] is None


async def test_a_same_host_redirect_keeps_the_credentials(
    servers: tuple[str, str, Recorder],
) -> None:
    # The control case: the header above was dropped because the host changed.
    api_url, _, recorder = servers
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=api_url) as client:
        session = client._session
        raw = await session.request(
            "GET", Product.API, f"{CONTENT_PATH}?to=same", options=client.options, raw=True
        )

    assert raw.body == IMAGE
    assert recorder.authorization["/same-host/f/1"] == recorder.authorization[CONTENT_PATH]


async def test_download_of_missing_media_raises_not_found(
    servers: tuple[str, str, Recorder],
) -> None:
    api_url, _, _ = servers
    async with TwilioClient(
        ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=api_url, max_retries=0
    ) as client:
        with pytest.raises(NotFoundError):
            await client.media.download(MESSAGE_SID, "ME" + "d" * 32)


def test_media_content_repr_shows_the_size_not_the_bytes() -> None:
    text = repr(MediaContent(content=IMAGE, content_type="image/png"))
    assert f"<{len(IMAGE)} bytes>" in text
    assert "PNG" not in text
