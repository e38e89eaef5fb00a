"""Routes for the account, messaging services, pricing and OAuth tokens."""

from __future__ import annotations

import attrs
from aiohttp import web

from twilio_async.testing._auth import new_sid
from twilio_async.testing._catalog import COUNTRY_PRICES
from twilio_async.testing._context import base_url, check_account, context, first, form_of
from twilio_async.testing._errors import bad_request, error_body, not_found
from twilio_async.testing._pages import cut, page_v1, parse_paging
from twilio_async.testing._records import ServiceRecord
from twilio_async.testing._render import (
    account_json,
    country_json,
    country_summary_json,
    service_json,
)
from twilio_async.testing._state import utc_now

_BOOLEAN_SETTINGS = {
    "StickySender": "sticky_sender",
    "MmsConverter": "mms_converter",
    "SmartEncoding": "smart_encoding",
    "FallbackToLongCode": "fallback_to_long_code",
    "AreaCodeGeomatch": "area_code_geomatch",
    "SynchronousValidation": "synchronous_validation",
    "UseInboundWebhookOnNumber": "use_inbound_webhook_on_number",
}
_TEXT_SETTINGS = {
    "InboundRequestUrl": "inbound_request_url",
    "InboundMethod": "inbound_method",
    "FallbackUrl": "fallback_url",
    "FallbackMethod": "fallback_method",
    "StatusCallback": "status_callback",
    "ScanMessageContent": "scan_message_content",
    "Usecase": "usecase",
}
MAX_VALIDITY = 36000


async def fetch_account(request: web.Request) -> web.Response:
    """GET /2010-04-01/Accounts/{account}.json."""
    ctx = check_account(request)
    return web.json_response(
        account_json(ctx.account_sid, ctx.credentials.auth_token, ctx.friendly_name, ctx.created)
    )


async def update_account(request: web.Request) -> web.Response:
    """POST /2010-04-01/Accounts/{account}.json: change the friendly name."""
    ctx = check_account(request)
    name = first(await form_of(request), "FriendlyName")
    if name is not None:
        ctx.friendly_name = name
    return await fetch_account(request)


def _service_settings(form: list[tuple[str, str]]) -> dict[str, object]:
    settings: dict[str, object] = {}
    for name, key in _BOOLEAN_SETTINGS.items():
        raw = first(form, name)
        if raw is not None:
            if raw not in ("true", "false"):
                raise bad_request(20001, f"Invalid {name} {raw!r}: use true or false.")
            settings[key] = raw == "true"
    for name, key in _TEXT_SETTINGS.items():
        raw = first(form, name)
        if raw is not None:
            settings[key] = raw
    raw = first(form, "ValidityPeriod")
    if raw is not None:
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_VALIDITY:
            raise bad_request(21624, f"ValidityPeriod must be between 1 and {MAX_VALIDITY}.")
        settings["validity_period"] = int(raw)
    return settings


async def create_service(request: web.Request) -> web.Response:
    """POST /v1/Services: FriendlyName required."""
    ctx = context(request)
    form = await form_of(request)
    name = first(form, "FriendlyName")
    if not name:
        raise bad_request(20001, "Missing required parameter FriendlyName in the post body")
    now = utc_now()
    service = ServiceRecord(
        sid=new_sid("MG"),
        friendly_name=name,
        date_created=now,
        date_updated=now,
        settings=tuple(_service_settings(form).items()),
    )
    service = ctx.store.save_service(service)
    return web.json_response(service_json(ctx.account_sid, base_url(request), service), status=201)


async def list_services(request: web.Request) -> web.Response:
    """GET /v1/Services (meta-style pages)."""
    ctx = context(request)
    paging = parse_paging(request.query)
    found = sorted(ctx.store.services.values(), key=lambda s: s.sequence)
    chunk = cut(found, paging, lambda s: s.sid)
    root = base_url(request)
    rendered = [service_json(ctx.account_sid, root, s) for s in chunk.items]
    return web.json_response(page_v1(root, request.path, [], paging, chunk, "services", rendered))


async def fetch_service(request: web.Request) -> web.Response:
    """GET /v1/Services/{sid}."""
    ctx = context(request)
    service = ctx.store.service(request.match_info["sid"], request.path)
    return web.json_response(service_json(ctx.account_sid, base_url(request), service))


async def update_service(request: web.Request) -> web.Response:
    """POST /v1/Services/{sid}."""
    ctx = context(request)
    service = ctx.store.service(request.match_info["sid"], request.path)
    form = await form_of(request)
    merged = dict(service.settings)
    merged.update(_service_settings(form))
    service = attrs.evolve(
        service,
        friendly_name=first(form, "FriendlyName") or service.friendly_name,
        settings=tuple(merged.items()),
        date_updated=utc_now(),
    )
    service = ctx.store.save_service(service)
    return web.json_response(service_json(ctx.account_sid, base_url(request), service))


async def delete_service(request: web.Request) -> web.Response:
    """DELETE /v1/Services/{sid} → 204."""
    ctx = context(request)
    service = ctx.store.service(request.match_info["sid"], request.path)
    del ctx.store.services[service.sid]
    return web.Response(status=204)


async def list_countries(request: web.Request) -> web.Response:
    """GET /v1/Messaging/Countries (meta-style pages)."""
    paging = parse_paging(request.query)
    chunk = cut(COUNTRY_PRICES, paging, lambda c: c.iso_country)
    root = base_url(request)
    rendered = [country_summary_json(root, c) for c in chunk.items]
    return web.json_response(page_v1(root, request.path, [], paging, chunk, "countries", rendered))


async def fetch_country(request: web.Request) -> web.Response:
    """GET /v1/Messaging/Countries/{iso}."""
    iso = request.match_info["iso"].upper()
    country = next((c for c in COUNTRY_PRICES if c.iso_country == iso), None)
    if country is None:
        raise not_found(request.path)
    return web.json_response(country_json(base_url(request), country))


async def issue_token(request: web.Request) -> web.Response:
    """POST /v2/token: the OAuth client-credentials grant."""
    ctx = context(request)
    form = await form_of(request)
    if first(form, "grant_type") != "client_credentials":
        body = error_body(400, 20001, "grant_type must be client_credentials")
        body["error"] = "unsupported_grant_type"
        return web.json_response(body, status=400)
    token = ctx.credentials.issue_token(
        first(form, "client_id") or "", first(form, "client_secret") or "", ctx.now(), ctx.token_ttl
    )
    if token is None:
        body = error_body(401, 20003, "Authenticate")
        body["error"] = "invalid_client"
        return web.json_response(body, status=401)
    return web.json_response(
        {"access_token": token, "token_type": "Bearer", "expires_in": int(ctx.token_ttl)}
    )


def routes() -> list[web.RouteDef]:
    """Account, messaging-service, pricing and OAuth routes."""
    account = "/2010-04-01/Accounts/{account:AC[A-Za-z0-9]+}.json"
    service = "/v1/Services/{sid:MG[A-Za-z0-9]+}"
    return [
        web.get(account, fetch_account, allow_head=False),
        web.post(account, update_account),
        web.post("/v1/Services", create_service),
        web.get("/v1/Services", list_services, allow_head=False),
        web.get(service, fetch_service, allow_head=False),
        web.post(service, update_service),
        web.delete(service, delete_service),
        web.get("/v1/Messaging/Countries", list_countries, allow_head=False),
        web.get("/v1/Messaging/Countries/{iso:[A-Za-z]{2}}", fetch_country, allow_head=False),
        web.post("/v2/token", issue_token),
    ]
