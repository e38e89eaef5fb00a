"""Lazy, bounded-memory walks over Twilio's paged listings.

``Pager[T]`` is what every ``list()`` returns, without ``await``::

    async for message in client.messages.list(limit=500):
        ...

It understands both of Twilio's page shapes: the 2010 API's (items under the resource's key,
``next_page_uri`` at the top level) and the v1 hosts' (``meta.next_page_url``). While the caller
works through page N it already fetches page N+1 (one page ahead, never more); leaving the loop
early, or ``aclose()``, cancels that fetch. Walking item by item, each item becomes a model when
it is taken, so a model lives only as long as the caller keeps it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from operator import length_hint
from typing import Any, Generic, TypeVar

import attrs

from twilio_async.errors import InvalidRequestError, MalformedResponseError, PaginationError

__all__ = ["Page", "Pager", "RawPage"]

T = TypeVar("T")

PageFetcher = Callable[[str | None, int], Coroutine[Any, Any, Any]]
"""Fetches a page: (a next-page link or None for the first page, page size) -> decoded JSON."""


@attrs.frozen(slots=True)
class Page(Generic[T]):
    """One page of a listing: its ``items`` and the link to the next page (None at the end)."""

    items: list[T]
    next_page_url: str | None


@attrs.frozen(slots=True)
class RawPage(Generic[T]):
    """A page as decoded, whose items become models as they are taken.

    ``structure`` turns one item into its model. ``reread``, for a page read by a faster
    decoder, gives the standard decoder's reading of the same body (with the exact
    structuring function): the walk turns to it when an item is not in the usual shape.
    ``describe`` names the items in errors.
    """

    items: list[Any]
    next_page_url: str | None
    structure: Callable[[Any], T]
    describe: str
    reread: Callable[[], RawPage[T]] | None = None

    def malformed(self, exc: Exception) -> MalformedResponseError:
        """The error for an item that does not fit its model."""
        return MalformedResponseError(
            status=200, message=f"a {self.describe} item does not fit its model: {exc}"
        )

    def standard(self) -> RawPage[T] | None:
        """The standard decoder's reading, with as many items as this one; None if this is it."""
        if self.reread is None:
            return None
        again = self.reread()
        return attrs.evolve(again, items=again.items[: len(self.items)], reread=None)

    def structured(self) -> Page[T]:
        """All the items as models, in a :class:`Page`."""
        structure = self.structure
        try:
            return Page([structure(raw) for raw in self.items], self.next_page_url)
        except Exception as exc:
            standard = self.standard()
            if standard is None:
                raise self.malformed(exc) from exc
        return standard.structured()


PageParser = Callable[[Any], "Page[T] | RawPage[T]"]
"""Reads a fetched page: decoded JSON -> a :class:`Page`, or a :class:`RawPage` to read lazily."""


def _check_count(name: str, value: int | None, maximum: int | None = None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRequestError(name, f"must be a positive int, got {value!r}")
    if maximum is not None and value > maximum:
        raise InvalidRequestError(name, f"must be at most {maximum}, got {value}")


class Pager(Generic[T]):
    """An async iterable over every item of a listing, fetched page by page.

    ``limit`` caps the number of items; ``page_size`` the items asked for per page (at most
    1,000); ``prefetch`` fetches the next page while the current one is consumed.

    >>> # async for message in client.messages.list(to="+15558675310", limit=100): ...
    """

    def __init__(
        self,
        fetch: PageFetcher,
        parse: PageParser[T],
        *,
        limit: int | None = None,
        page_size: int | None = None,
        prefetch: bool = True,
        start_url: str | None = None,
    ) -> None:
        _check_count("limit", limit)
        _check_count("page_size", page_size, 1000)
        self._fetch = fetch
        self._parse = parse
        self.limit = limit
        self.page_size = min(limit or 1000, page_size or 1000)
        self.prefetch = prefetch
        self._start_url = start_url

    def resume(self, next_page_url: str) -> Pager[T]:
        """A pager that continues a listing from a saved ``Page.next_page_url``."""
        if not isinstance(next_page_url, str) or not next_page_url:
            raise InvalidRequestError("next_page_url", "must be a link from Page.next_page_url")
        return Pager(
            self._fetch,
            self._parse,
            limit=self.limit,
            page_size=self.page_size,
            prefetch=self.prefetch,
            start_url=next_page_url,
        )

    def pages(self) -> _PageIterator[T]:
        """Iterate page by page (``async for page in pager.pages()``); honours ``limit``."""
        return _PageIterator(self)

    def __aiter__(self) -> AsyncIterator[T]:
        return _ItemIterator(_PageIterator(self))

    async def collect(self) -> list[T]:
        """Every item (up to ``limit``) in a list. Mind the memory for long listings."""
        collected: list[T] = []
        async with _PageIterator(self) as pages:
            async for page in pages:
                collected.extend(page.items)
        return collected

    async def first(self) -> T | None:
        """The first item, or None if the listing is empty; fetches a single small page."""
        single = Pager(self._fetch, self._parse, limit=1, prefetch=False, start_url=self._start_url)
        items = await single.collect()
        return items[0] if items else None


class _PageIterator(Generic[T]):
    """Walks the pages of one listing; owns the one prefetch task."""

    __slots__ = ("_done", "_pending", "_remaining", "_seen", "_url", "pager")

    def __init__(self, pager: Pager[T]) -> None:
        self.pager = pager
        self._url = pager._start_url
        self._remaining = pager.limit
        self._seen: set[str] = set()
        self._pending: asyncio.Task[Any] | None = None
        self._done = False

    def __aiter__(self) -> _PageIterator[T]:
        return self

    async def __aenter__(self) -> _PageIterator[T]:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    def _start_fetch(self, url: str | None) -> asyncio.Task[Any]:
        size = self.pager.page_size
        if self._remaining is not None:
            size = min(size, self._remaining)
        return asyncio.ensure_future(self.pager._fetch(url, size))

    async def __anext__(self) -> Page[T]:
        page = await self._next()
        return page if isinstance(page, Page) else page.structured()

    async def _next(self) -> Page[T] | RawPage[T]:
        """The next page as the parser gives it (limited to ``limit``)."""
        if self._done:
            raise StopAsyncIteration
        task = self._pending
        if task is None:  # kept in _pending while awaited, so that aclose() can cancel it
            task = self._pending = self._start_fetch(self._url)
        try:
            await asyncio.wait((task,))
        except BaseException:  # this caller was cancelled: so is its page
            self._done = True
            self._cancel_pending()
            raise
        if self._done:  # aclose() came while the page was on its way
            raise StopAsyncIteration
        self._pending = None
        try:
            page = self.pager._parse(task.result())
        except BaseException:
            self._done = True
            raise
        items = page.items
        if self._remaining is not None:
            items = items[: self._remaining]
            self._remaining -= len(items)
        link = page.next_page_url
        if link is not None and link in self._seen:
            self._done = True
            raise PaginationError(f"Twilio sent the same next-page link twice: {link}")
        if link is None or self._remaining == 0 or not page.items:
            self._done = True
        else:
            self._seen.add(link)
            self._url = link
            if self.pager.prefetch:
                self._pending = self._start_fetch(link)
        if items is page.items:
            return page
        return attrs.evolve(page, items=items)  # a Page or a RawPage

    def _cancel_pending(self) -> None:
        task, self._pending = self._pending, None
        if task is None:
            return
        if task.done():
            if not task.cancelled():
                task.exception()  # mark a failure as seen: the caller no longer wants it
        else:
            task.cancel()

    async def aclose(self) -> None:
        """Stop the walk and cancel the page being prefetched, if any."""
        self._done = True
        task = self._pending
        self._cancel_pending()
        if task is not None:
            await asyncio.wait([task])

    def __del__(self) -> None:
        if self._pending is not None:
            self._cancel_pending()


class _ItemIterator(Generic[T]):
    """Yields the items of each page in turn, each made a model as it is taken."""

    __slots__ = ("_page", "_pages", "_rest", "_taken")

    def __init__(self, pages: _PageIterator[T]) -> None:
        self._pages = pages
        self._page: Page[T] | RawPage[T] | None = None
        self._rest: Iterator[Any] = iter(())  # the page's items not taken yet
        self._taken: Iterator[T] = iter(())  # the same items, each a model as it is taken

    def __aiter__(self) -> _ItemIterator[T]:
        return self

    async def __anext__(self) -> T:
        while True:
            try:
                return next(self._taken)
            except StopIteration:
                pass
            except Exception as exc:
                return self._unusual(exc)
            # This page is done: the next one (StopAsyncIteration after the last).
            page = self._page = await self._pages._next()
            rest = self._rest = iter(page.items)
            self._taken = map(page.structure, rest) if isinstance(page, RawPage) else rest

    def _unusual(self, exc: Exception) -> T:
        """The item just taken did not fit: read the page again with the standard decoder
        if it came from a faster one (and go on with that reading), else raise."""
        page = self._page
        assert isinstance(page, RawPage)
        index = len(page.items) - length_hint(self._rest) - 1  # the item that did not fit
        try:
            standard = page.standard()
        except Exception:  # the body is not JSON to the standard decoder either
            self._stop()
            raise
        if standard is None:
            self._stop()
            raise page.malformed(exc) from exc
        self._page, self._rest = standard, iter(standard.items[index + 1 :])
        self._taken = map(standard.structure, self._rest)
        try:
            return standard.structure(standard.items[index])
        except Exception as again:
            self._stop()
            raise standard.malformed(again) from again

    def _stop(self) -> None:
        """A malformed item ends the walk (and cancels the page being prefetched)."""
        self._rest = self._taken = iter(())
        self._pages._done = True
        self._pages._cancel_pending()

    async def aclose(self) -> None:
        """Stop iterating and cancel any page being prefetched."""
        self._rest = self._taken = iter(())
        await self._pages.aclose()


def page_items(payload: Any, items_key: str) -> tuple[list[Any], str | None]:
    """The items of a decoded page of either shape, and its next link as Twilio sent it."""
    if not isinstance(payload, dict) or not isinstance(payload.get(items_key), list):
        raise MalformedResponseError(
            status=200, message=f"a page without a {items_key!r} list: {str(payload)[:120]!r}"
        )
    meta = payload.get("meta")
    link = meta.get("next_page_url") if isinstance(meta, dict) else payload.get("next_page_uri")
    return payload[items_key], link if isinstance(link, str) and link else None
