"""The aiohttp application: request log, injected faults, auth, then the routes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import attrs
from aiohttp import web

from twilio_async.testing import _routes_messages, _routes_misc, _routes_numbers
from twilio_async.testing._auth import new_sid
from twilio_async.testing._context import CONTEXT, Context, context, form_of
from twilio_async.testing._errors import TwilioFault, error_body, not_found, unauthenticated
from twilio_async.testing._faults import ErrorFault, RecordedRequest, ResetPoint

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UNAUTHENTICATED_PATHS = frozenset({"/v2/token"})


def _error_response(status: int, code: int, message: str) -> web.Response:
    return web.json_response(error_body(status, code, message), status=status)


def _injected(fault: ErrorFault) -> web.Response:
    response = _error_response(fault.status, fault.code, fault.message)
    if fault.retry_after is not None:
        retry = fault.retry_after
        response.headers["Retry-After"] = str(int(retry) if float(retry).is_integer() else retry)
    return response


async def _record(request: web.Request, ctx: Context) -> RecordedRequest:
    form = await form_of(request)
    headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
    record = RecordedRequest(
        method=request.method,
        path=request.path,
        query=tuple(request.query.items()),
        form=tuple(form),
        headers=headers,
    )
    ctx.requests.append(record)
    return record


def _raw_response(response: web.Response, cut_body: bool) -> bytes:
    body = response.body if isinstance(response.body, bytes) else b""
    reason = response.reason or ""
    lines = [f"HTTP/1.1 {response.status} {reason}"]
    lines += [f"{k}: {v}" for k, v in response.headers.items() if k.lower() != "content-length"]
    lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head + (body[: max(len(body) // 2, 1)] if cut_body else b"")


def _reset(request: web.Request, point: ResetPoint, response: web.Response | None) -> None:
    """Close the connection, optionally after part of ``response`` was written."""
    transport = request.transport
    if transport is None:
        return
    if response is not None:
        transport.write(_raw_response(response, cut_body=point == "body"))
    transport.close()


async def _handle(request: web.Request, handler: Handler, ctx: Context) -> web.StreamResponse:
    if request.path not in UNAUTHENTICATED_PATHS and not ctx.credentials.check(
        request.headers.get("Authorization"), ctx.now()
    ):
        fault = unauthenticated()
        response = web.json_response(fault.body(), status=fault.status)
        response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
        return response
    try:
        return await handler(request)
    except TwilioFault as fault:
        return web.json_response(fault.body(), status=fault.status)
    except web.HTTPNotFound:
        return web.json_response(not_found(request.path).body(), status=404)
    except web.HTTPMethodNotAllowed:
        return _error_response(405, 20004, "Method not allowed")


class _Dropped(web.HTTPException):
    """Ends a request whose connection the fake closed on purpose."""

    status_code = 499


@web.middleware
async def fake_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Record, count, delay, inject faults, authenticate, then route."""
    ctx = context(request)
    record = await _record(request, ctx)
    ctx.in_flight += 1
    ctx.max_in_flight = max(ctx.max_in_flight, ctx.in_flight)
    try:
        if ctx.latency > 0:
            await asyncio.sleep(ctx.latency)
        point = ctx.faults.take_reset()
        error = ctx.faults.take_error() if point is None else None
        if point is not None:
            _mark(ctx, record, f"reset:{point}")
            response = None
            if point != "connect":
                result = await _handle(request, handler, ctx)
                response = result if isinstance(result, web.Response) else web.Response()
            _reset(request, point, response)
            raise _Dropped()
        answer: web.StreamResponse
        if error is not None:
            _mark(ctx, record, f"error:{error.status}")
            answer = _injected(error)
        else:
            answer = await _handle(request, handler, ctx)
        answer.headers.setdefault("Twilio-Request-Id", new_sid("RQ"))
        return answer
    finally:
        ctx.in_flight -= 1


def _mark(ctx: Context, record: RecordedRequest, fault: str) -> None:
    index = len(ctx.requests) - 1 - ctx.requests[::-1].index(record)
    ctx.requests[index] = attrs.evolve(record, fault=fault)


def build_app(ctx: Context) -> web.Application:
    """The fake's aiohttp application, all products on one origin."""
    app = web.Application(middlewares=[fake_middleware], client_max_size=8 * 1024 * 1024)
    app[CONTEXT] = ctx
    app.router.add_routes(_routes_messages.routes())
    app.router.add_routes(_routes_numbers.routes())
    app.router.add_routes(_routes_misc.routes())
    return app
