"""Routes for Messages and their Media (2010-04-01 API)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone

import attrs
from aiohttp import web

from twilio_async.testing import _validate
from twilio_async.testing._context import check_account, every, first, form_of
from twilio_async.testing._errors import bad_request
from twilio_async.testing._pages import PAGING_KEYS, cut, page_2010, parse_paging
from twilio_async.testing._records import MessageRecord
from twilio_async.testing._render import media_json, message_json

ACCOUNT = "/2010-04-01/Accounts/{account}"
SID = "{sid:[A-Za-z0-9]+}"
MESSAGE_SID = "{message_sid:[A-Za-z0-9]+}"


def _parse_when(name: str, raw: str) -> date | datetime:
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(20001, f"Invalid {name}: {raw!r} is not an ISO 8601 date.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _date_test(name: str, raw: str) -> Callable[[datetime], bool]:
    when = _parse_when(name, raw)
    if isinstance(when, datetime):
        if name == "DateSent<":
            return lambda sent: sent <= when
        if name == "DateSent>":
            return lambda sent: sent >= when
        return lambda sent: sent == when
    if name == "DateSent<":
        return lambda sent: sent.date() <= when
    if name == "DateSent>":
        return lambda sent: sent.date() >= when
    return lambda sent: sent.date() == when


def _message_filter(query: list[tuple[str, str]]) -> Callable[[MessageRecord], bool]:
    to, from_ = first(query, "To"), first(query, "From")
    date_tests = [
        _date_test(name, value)
        for name, value in query
        if name in ("DateSent", "DateSent<", "DateSent>")
    ]

    def keep(message: MessageRecord) -> bool:
        if to is not None and message.to != to:
            return False
        if from_ is not None and message.from_ != from_:
            return False
        if date_tests:
            sent = message.date_sent
            return sent is not None and all(test(sent) for test in date_tests)
        return True

    return keep


async def create_message(request: web.Request) -> web.Response:
    """POST Messages.json: validate like Twilio, store, start the timeline."""
    ctx = check_account(request)
    form = await form_of(request)
    to = _validate.check_to(first(form, "To"))
    from_, service_sid = first(form, "From"), first(form, "MessagingServiceSid")
    if not from_ and not service_sid:
        raise bad_request(21603, "A 'From' phone number is required.")
    body, media_urls = first(form, "Body") or "", every(form, "MediaUrl")
    _validate.check_content(body, media_urls, first(form, "ContentSid"))
    callback = _validate.check_callback(first(form, "StatusCallback"))
    if service_sid and service_sid not in ctx.store.services:
        raise bad_request(21701, f"The Messaging Service Sid {service_sid} is invalid.")
    if from_:
        from_ = _validate.check_from(from_, ctx.store.owns)
    else:
        owned = next(iter(ctx.store.numbers.values()), None)
        from_ = owned.phone_number if owned is not None else _validate.MAGIC_FROM_OK
    status, send_at = "queued", None
    if first(form, "ScheduleType") is not None:
        status, send_at = "scheduled", _schedule(form, service_sid)
    message = ctx.store.new_message(
        to=to,
        from_=from_,
        body=body,
        status=status,
        media_urls=media_urls,
        messaging_service_sid=service_sid,
        status_callback=callback,
        send_at=send_at,
    )
    if status == "queued":
        ctx.timeline.start(message.sid)
    return web.json_response(message_json(ctx.account_sid, message), status=201)


def _schedule(form: list[tuple[str, str]], service_sid: str | None) -> datetime:
    if first(form, "ScheduleType") != "fixed":
        raise bad_request(35111, "ScheduleType must be 'fixed'.")
    if not service_sid:
        raise bad_request(35118, "MessagingServiceSid is required to schedule a message.")
    raw = first(form, "SendAt")
    if not raw:
        raise bad_request(35114, "SendAt is required to schedule a message.")
    when = _parse_when("SendAt", raw)
    if not isinstance(when, datetime):
        raise bad_request(35114, "SendAt must be an ISO 8601 date and time.")
    return when


async def list_messages(request: web.Request) -> web.Response:
    """GET Messages.json with To/From/DateSent filters, newest first."""
    ctx = check_account(request)
    query = [(k, v) for k, v in request.query.items() if k not in PAGING_KEYS]
    paging = parse_paging(request.query)
    found = ctx.store.list_messages(_message_filter(query))
    chunk = cut(found, paging, lambda m: m.sid)
    rendered = [message_json(ctx.account_sid, m) for m in chunk.items]
    return web.json_response(page_2010(request.path, query, paging, chunk, "messages", rendered))


async def fetch_message(request: web.Request) -> web.Response:
    """GET Messages/{sid}.json."""
    ctx = check_account(request)
    message = ctx.store.message(request.match_info["sid"], request.path)
    return web.json_response(message_json(ctx.account_sid, message))


async def update_message(request: web.Request) -> web.Response:
    """POST Messages/{sid}.json: Body="" redacts; Status=canceled cancels a scheduled one."""
    ctx = check_account(request)
    message = ctx.store.message(request.match_info["sid"], request.path)
    form = await form_of(request)
    body, status = first(form, "Body"), first(form, "Status")
    if body is None and status is None:
        raise bad_request(20001, "Nothing to update: send Body or Status.")
    if body is not None and body != "":
        raise bad_request(20001, "Body can only be updated to an empty string (redaction).")
    if status is not None:
        if status != "canceled":
            raise bad_request(20001, f"Invalid Status {status!r}: only 'canceled' is allowed.")
        if message.status != "scheduled":
            raise bad_request(
                30409, f"Message {message.sid} cannot be canceled: it is {message.status}."
            )
        message = attrs.evolve(message, status="canceled")
    if body is not None:
        message = attrs.evolve(message, body="")
    message = ctx.store.replace_message(message)
    if status is not None:
        ctx.timeline.notify(message)
    return web.json_response(message_json(ctx.account_sid, message))


async def delete_message(request: web.Request) -> web.Response:
    """DELETE Messages/{sid}.json → 204."""
    ctx = check_account(request)
    ctx.store.delete_message(request.match_info["sid"], request.path)
    return web.Response(status=204)


async def list_media(request: web.Request) -> web.Response:
    """GET Messages/{message_sid}/Media.json."""
    ctx = check_account(request)
    message_sid = request.match_info["message_sid"]
    ctx.store.message(message_sid, request.path)
    query = [(k, v) for k, v in request.query.items() if k not in PAGING_KEYS]
    paging = parse_paging(request.query)
    chunk = cut(ctx.store.media_of(message_sid), paging, lambda m: m.sid)
    rendered = [media_json(ctx.account_sid, m) for m in chunk.items]
    return web.json_response(page_2010(request.path, query, paging, chunk, "media_list", rendered))


async def fetch_media(request: web.Request) -> web.Response:
    """GET Messages/{message_sid}/Media/{sid}.json."""
    ctx = check_account(request)
    media = ctx.store.one_media(
        request.match_info["message_sid"], request.match_info["sid"], request.path
    )
    return web.json_response(media_json(ctx.account_sid, media))


async def media_content(request: web.Request) -> web.Response:
    """GET Messages/{message_sid}/Media/{sid}: the media's bytes."""
    ctx = check_account(request)
    media = ctx.store.one_media(
        request.match_info["message_sid"], request.match_info["sid"], request.path
    )
    content, content_type = ctx.store.media_content.get(
        media.url, (f"media {media.sid} from {media.url}".encode(), media.content_type)
    )
    return web.Response(body=content, content_type=content_type)


async def delete_media(request: web.Request) -> web.Response:
    """DELETE Messages/{message_sid}/Media/{sid}.json → 204."""
    ctx = check_account(request)
    media = ctx.store.one_media(
        request.match_info["message_sid"], request.match_info["sid"], request.path
    )
    del ctx.store.media[media.sid]
    return web.Response(status=204)


def routes() -> list[web.RouteDef]:
    """The message and media routes."""
    messages = f"{ACCOUNT}/Messages"
    media = f"{messages}/{MESSAGE_SID}/Media"
    return [
        web.post(f"{messages}.json", create_message),
        web.get(f"{messages}.json", list_messages, allow_head=False),
        web.get(f"{messages}/{SID}.json", fetch_message, allow_head=False),
        web.post(f"{messages}/{SID}.json", update_message),
        web.delete(f"{messages}/{SID}.json", delete_message),
        web.get(f"{media}.json", list_media, allow_head=False),
        web.get(f"{media}/{SID}.json", fetch_media, allow_head=False),
        web.delete(f"{media}/{SID}.json", delete_media),
        web.get(f"{media}/{SID}", media_content, allow_head=False),
    ]
