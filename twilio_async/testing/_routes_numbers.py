"""Routes for owned numbers (IncomingPhoneNumbers) and numbers for sale."""

from __future__ import annotations

import re
from typing import Any

import attrs
from aiohttp import web

from twilio_async.testing._auth import new_sid
from twilio_async.testing._catalog import NUMBER_TYPES
from twilio_async.testing._context import check_account, first, form_of
from twilio_async.testing._errors import bad_request, not_found
from twilio_async.testing._pages import PAGING_KEYS, cut, page_2010, parse_paging
from twilio_async.testing._records import AvailableNumber, NumberRecord
from twilio_async.testing._render import available_number_json, number_json
from twilio_async.testing._state import utc_now

ACCOUNT = "/2010-04-01/Accounts/{account}"
SID = "{sid:[A-Za-z0-9]+}"
MAGIC_BUYABLE = "+15005550006"
MAGIC_UNAVAILABLE = "+15005550000"
MAGIC_INVALID = "+15005550001"
MAGIC_AREA_OK = "500"
MAGIC_AREA_EMPTY = "533"
_SETTABLE = {
    "FriendlyName": "friendly_name",
    "SmsUrl": "sms_url",
    "SmsMethod": "sms_method",
    "SmsFallbackUrl": "sms_fallback_url",
    "SmsFallbackMethod": "sms_fallback_method",
    "StatusCallback": "status_callback",
    "StatusCallbackMethod": "status_callback_method",
    "VoiceUrl": "voice_url",
    "VoiceMethod": "voice_method",
}
_METHODS = frozenset({"GET", "POST"})


def _settings(form: list[tuple[str, str]]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, attribute in _SETTABLE.items():
        value = first(form, name)
        if value is None:
            continue
        if attribute.endswith("_method"):
            value = value.upper()
            if value not in _METHODS:
                raise bad_request(20001, f"Invalid {name} {value!r}: use GET or POST.")
        changes[attribute] = value
    return changes


def _pick_number(form: list[tuple[str, str]], available: list[AvailableNumber]) -> str:
    phone, area = first(form, "PhoneNumber"), first(form, "AreaCode")
    if phone:
        if phone == MAGIC_INVALID or not re.fullmatch(r"\+[1-9]\d{1,14}", phone):
            raise bad_request(21421, f"PhoneNumber {phone} is invalid.")
        if phone == MAGIC_BUYABLE:
            return phone
        if phone == MAGIC_UNAVAILABLE or all(n.phone_number != phone for n in available):
            raise bad_request(21422, f"PhoneNumber {phone} is not available.")
        return phone
    if area:
        if area == MAGIC_AREA_OK:
            return MAGIC_BUYABLE
        for candidate in available:
            if candidate.phone_number.startswith(f"+1{area}"):
                return candidate.phone_number
        raise bad_request(21452, f"No phone numbers found in area code {area}.")
    raise bad_request(21450, "PhoneNumber or AreaCode is required.")


async def buy_number(request: web.Request) -> web.Response:
    """POST IncomingPhoneNumbers.json: buy a number for sale (or a magic one)."""
    ctx = check_account(request)
    form = await form_of(request)
    phone = _pick_number(form, ctx.store.available())
    if ctx.store.owns(phone):
        raise bad_request(21422, f"PhoneNumber {phone} is not available.")
    entry = ctx.store.catalogue_entry(phone)
    now = utc_now()
    number = NumberRecord(
        sid=new_sid("PN"),
        phone_number=phone,
        friendly_name=entry.friendly_name if entry is not None else phone,
        date_created=now,
        date_updated=now,
        sms=entry.sms if entry is not None else True,
        mms=entry.mms if entry is not None else True,
        voice=entry.voice if entry is not None else True,
    )
    number = ctx.store.save_number(attrs.evolve(number, **_settings(form)))
    ctx.store.sold.add(phone)
    return web.json_response(number_json(ctx.account_sid, number), status=201)


async def list_numbers(request: web.Request) -> web.Response:
    """GET IncomingPhoneNumbers.json with PhoneNumber/FriendlyName filters."""
    ctx = check_account(request)
    query = [(k, v) for k, v in request.query.items() if k not in PAGING_KEYS]
    paging = parse_paging(request.query)
    phone, name = first(query, "PhoneNumber"), first(query, "FriendlyName")
    found = [
        n
        for n in sorted(ctx.store.numbers.values(), key=lambda n: n.sequence)
        if (phone is None or phone in n.phone_number) and (name is None or n.friendly_name == name)
    ]
    chunk = cut(found, paging, lambda n: n.sid)
    rendered = [number_json(ctx.account_sid, n) for n in chunk.items]
    return web.json_response(
        page_2010(request.path, query, paging, chunk, "incoming_phone_numbers", rendered)
    )


async def fetch_number(request: web.Request) -> web.Response:
    """GET IncomingPhoneNumbers/{sid}.json."""
    ctx = check_account(request)
    number = ctx.store.number(request.match_info["sid"], request.path)
    return web.json_response(number_json(ctx.account_sid, number))


async def update_number(request: web.Request) -> web.Response:
    """POST IncomingPhoneNumbers/{sid}.json: change URLs, methods, friendly name."""
    ctx = check_account(request)
    number = ctx.store.number(request.match_info["sid"], request.path)
    changes = _settings(await form_of(request))
    number = attrs.evolve(number, date_updated=utc_now(), **changes)
    number = ctx.store.save_number(number)
    return web.json_response(number_json(ctx.account_sid, number))


async def release_number(request: web.Request) -> web.Response:
    """DELETE IncomingPhoneNumbers/{sid}.json: release the number → 204."""
    ctx = check_account(request)
    number = ctx.store.number(request.match_info["sid"], request.path)
    del ctx.store.numbers[number.sid]
    ctx.store.sold.discard(number.phone_number)
    return web.Response(status=204)


def _contains(pattern: str, phone: str) -> bool:
    regex = re.escape(pattern.lstrip("+")).replace(r"\*", r"\d")
    return re.search(regex, phone.lstrip("+")) is not None


def _flag(raw: str | None) -> bool | None:
    return None if raw is None else raw.lower() == "true"


def _matches(number: AvailableNumber, query: list[tuple[str, str]]) -> bool:
    area, contains = first(query, "AreaCode"), first(query, "Contains")
    if area and not number.phone_number.startswith(f"+1{area}"):
        return False
    if contains and not _contains(contains, number.phone_number):
        return False
    for name, actual in (
        ("SmsEnabled", number.sms),
        ("MmsEnabled", number.mms),
        ("VoiceEnabled", number.voice),
    ):
        wanted = _flag(first(query, name))
        if wanted is not None and wanted != actual:
            return False
    for name, actual_text in (
        ("InRegion", number.region),
        ("InPostalCode", number.postal_code),
        ("InLocality", number.locality),
    ):
        value = first(query, name)
        if value and (actual_text or "").lower() != value.lower():
            return False
    return True


async def list_available(request: web.Request) -> web.Response:
    """GET AvailablePhoneNumbers/{country}/{Local|Mobile}.json."""
    ctx = check_account(request)
    country = request.match_info["country"].upper()
    kind = request.match_info["kind"].lower()
    if (country, kind) not in NUMBER_TYPES:
        raise not_found(request.path)
    paging = parse_paging(request.query)
    query = list(request.query.items())
    found = [
        n
        for n in ctx.store.available()
        if n.iso_country == country and n.number_type == kind and _matches(n, query)
    ]
    return web.json_response(
        {
            "available_phone_numbers": [
                available_number_json(n) for n in found[: paging.page_size]
            ],
            "uri": request.path,
        }
    )


def routes() -> list[web.RouteDef]:
    """The owned-number and numbers-for-sale routes."""
    numbers = f"{ACCOUNT}/IncomingPhoneNumbers"
    available = f"{ACCOUNT}/AvailablePhoneNumbers/{{country:[A-Za-z]{{2}}}}/{{kind:Local|Mobile}}"
    return [
        web.post(f"{numbers}.json", buy_number),
        web.get(f"{numbers}.json", list_numbers, allow_head=False),
        web.get(f"{numbers}/{SID}.json", fetch_number, allow_head=False),
        web.post(f"{numbers}/{SID}.json", update_number),
        web.delete(f"{numbers}/{SID}.json", release_number),
        web.get(f"{available}.json", list_available, allow_head=False),
    ]
