"""What every resource service shares: access to the session and typed results."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from twilio_async._fast_json import FastDecoded, model_decoder, page_decoder, standard_reading
from twilio_async._http.hosts import Product
from twilio_async._http.session import RawResponse
from twilio_async._params import FormPairs
from twilio_async.errors import MalformedResponseError, NotFoundError
from twilio_async.models._codegen import keyed_like
from twilio_async.models._convert import fresh_structurer, usual_structurer
from twilio_async.pagination import Pager, RawPage, page_items

if TYPE_CHECKING:
    from twilio_async.client import TwilioClient

__all__ = ["Service"]

T = TypeVar("T")


class Service:
    """Base of the resource services; bound to one client (and its options)."""

    __slots__ = ("_account_path", "_client")

    def __init__(self, client: TwilioClient) -> None:
        self._client = client
        self._account_path = f"/2010-04-01/Accounts/{client.account_sid}"

    async def _call(
        self,
        method: str,
        product: Product,
        path: str,
        *,
        params: FormPairs | None = None,
        form: FormPairs | None = None,
        sender: str | None = None,
        cost: int = 1,
        decode: Callable[[bytes], Any] | None = None,
    ) -> Any:
        client = self._client
        return await client._session.request(
            method,
            product,
            path,
            options=client.options,
            params=params,
            form=form,
            decode=decode,
            sender=sender,
            cost=cost,
        )

    async def _delete(self, product: Product, path: str) -> None:
        """DELETE ``path``. A 404 after a retry counts as done: the resource is gone, most
        likely removed by the earlier attempt whose answer was lost."""
        try:
            await self._call("DELETE", product, path)
        except NotFoundError as error:
            if error.attempts <= 1:
                raise

    async def _call_raw(self, product: Product, path: str) -> RawResponse:
        """GET ``path`` and return the answer undecoded (redirects are followed)."""
        client = self._client
        response: RawResponse = await client._session.request(
            "GET", product, path, options=client.options, raw=True
        )
        return response

    async def _call_typed(
        self,
        cls: type[T],
        method: str,
        product: Product,
        path: str,
        *,
        params: FormPairs | None = None,
        form: FormPairs | None = None,
        sender: str | None = None,
        cost: int = 1,
    ) -> T:
        payload = await self._call(
            method,
            product,
            path,
            params=params,
            form=form,
            sender=sender,
            cost=cost,
            decode=model_decoder(usual_structurer(cls)),
        )
        return payload if isinstance(payload, cls) else _structure_one(payload, cls, method, path)

    def _pager(
        self,
        cls: type[T],
        product: Product,
        path: str,
        items_key: str,
        *,
        params: FormPairs,
        limit: int | None,
        page_size: int | None,
        prefetch: bool = True,
    ) -> Pager[T]:
        session = self._client._session
        options = self._client.options
        structure_item, usual = fresh_structurer(cls), usual_structurer(cls)
        describe = repr(items_key)
        decode = page_decoder() if usual is not None else None

        async def fetch(url: str | None, size: int) -> Any:
            if url is None:
                first = (*params, ("PageSize", str(size)))
                return await session.request(
                    "GET", product, path, options=options, params=first, decode=decode
                )
            return await session.request("GET", product, url, options=options, decode=decode)

        def read(payload: Any, structure: Callable[[Any], T]) -> RawPage[T]:
            items, link = page_items(payload, items_key)
            if items:
                structure = keyed_like(structure, items[0])  # the page's own key objects
            return RawPage(items, session.url(product, link) if link else None, structure, describe)

        def parse(payload: Any) -> RawPage[T]:
            if isinstance(payload, FastDecoded) and usual is not None:
                decoded = payload

                def reread() -> RawPage[T]:
                    return read(standard_reading(decoded), structure_item)

                try:
                    return attrs.evolve(read(decoded.value, usual), reread=reread)
                except MalformedResponseError:
                    payload = standard_reading(decoded)
            return read(payload, structure_item)

        return Pager(fetch, parse, limit=limit, page_size=page_size, prefetch=prefetch)


def _structure_one(payload: Any, cls: type[T], method: str, path: str) -> T:
    try:
        return fresh_structurer(cls)(payload)  # the payload was just decoded for it alone
    except Exception as exc:
        raise MalformedResponseError(
            status=200,
            message=f"the response does not fit {cls.__name__}: {exc}",
            method=method,
            url=path,
        ) from exc
