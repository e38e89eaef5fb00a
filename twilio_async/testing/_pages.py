"""Paging: PageSize/Page/PageToken parsing and both of Twilio's page shapes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

import attrs

from twilio_async.testing._errors import bad_request

T = TypeVar("T")
PAGING_KEYS = frozenset({"PageSize", "Page", "PageToken"})
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


@attrs.frozen(slots=True)
class PageRequest:
    """What the caller asked for: the page number, its size and the cursor."""

    page: int
    page_size: int
    page_token: str | None


@attrs.frozen(slots=True)
class PageSlice:
    """One page cut out of a listing, with the cursor for the next one."""

    items: tuple[Any, ...]
    start: int
    next_token: str | None


def parse_paging(query: Mapping[str, str]) -> PageRequest:
    """Read and check PageSize (1..1000, default 50), Page (>= 0) and PageToken."""
    page_size = _int_param(query, "PageSize", DEFAULT_PAGE_SIZE)
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise bad_request(20001, f"PageSize must be between 1 and {MAX_PAGE_SIZE}.")
    page = _int_param(query, "Page", 0)
    if page < 0:
        raise bad_request(20001, "Page must be a non-negative integer.")
    return PageRequest(page=page, page_size=page_size, page_token=query.get("PageToken") or None)


def _int_param(query: Mapping[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_request(20001, f"Invalid {name}: {raw!r} is not an integer.") from None


def cut(items: Sequence[T], request: PageRequest, key_of: Callable[[T], str]) -> PageSlice:
    """The requested page; a PageToken names the last item of the previous page."""
    start = request.page * request.page_size
    if request.page_token is not None:
        last = request.page_token[2:]
        for index, item in enumerate(items):
            if key_of(item) == last:
                start = index + 1
                break
    chunk = tuple(items[start : start + request.page_size])
    more = start + len(chunk) < len(items)
    next_token = f"PA{key_of(chunk[-1])}" if more and chunk else None
    return PageSlice(items=chunk, start=start, next_token=next_token)


def _query(filters: Sequence[tuple[str, str]], size: int, page: int, token: str | None) -> str:
    pairs = [*filters, ("PageSize", str(size)), ("Page", str(page))]
    if token is not None:
        pairs.append(("PageToken", token))
    return urlencode(pairs)


def page_2010(
    path: str,
    filters: Sequence[tuple[str, str]],
    request: PageRequest,
    chunk: PageSlice,
    key: str,
    rendered: list[dict[str, Any]],
) -> dict[str, Any]:
    """A 2010-04-01 page: items under ``key``, relative paging URIs at the top level."""
    size, page = request.page_size, request.page
    next_uri = None
    if chunk.next_token is not None:
        next_uri = f"{path}?{_query(filters, size, page + 1, chunk.next_token)}"
    previous_uri = f"{path}?{_query(filters, size, page - 1, None)}" if page > 0 else None
    return {
        key: rendered,
        "end": chunk.start + max(len(rendered) - 1, 0),
        "first_page_uri": f"{path}?{_query(filters, size, 0, None)}",
        "next_page_uri": next_uri,
        "page": page,
        "page_size": size,
        "previous_page_uri": previous_uri,
        "start": chunk.start,
        "uri": f"{path}?{_query(filters, size, page, request.page_token)}",
    }


def page_v1(
    base_url: str,
    path: str,
    filters: Sequence[tuple[str, str]],
    request: PageRequest,
    chunk: PageSlice,
    key: str,
    rendered: list[dict[str, Any]],
) -> dict[str, Any]:
    """A v1 page: items under ``key`` and a ``meta`` object with absolute URLs."""
    size, page = request.page_size, request.page
    url = f"{base_url}{path}"
    next_url = None
    if chunk.next_token is not None:
        next_url = f"{url}?{_query(filters, size, page + 1, chunk.next_token)}"
    previous_url = f"{url}?{_query(filters, size, page - 1, None)}" if page > 0 else None
    return {
        key: rendered,
        "meta": {
            "first_page_url": f"{url}?{_query(filters, size, 0, None)}",
            "key": key,
            "next_page_url": next_url,
            "page": page,
            "page_size": size,
            "previous_page_url": previous_url,
            "url": f"{url}?{_query(filters, size, page, request.page_token)}",
        },
    }
