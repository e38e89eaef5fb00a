"""Messaging prices (pricing v1 host): per-country prices and the list of countries."""

from __future__ import annotations

from twilio_async._http.hosts import Product
from twilio_async.models.pricing import MessagingCountry, MessagingCountryPricing
from twilio_async.pagination import Pager
from twilio_async.resources._base import Service
from twilio_async.resources._checks import check_country_code

__all__ = ["MessagingPricesService"]

_COUNTRIES = "/v1/Messaging/Countries"


class MessagingPricesService(Service):
    """What messages cost, country by country: ``client.messaging_prices``."""

    __slots__ = ()

    async def fetch(self, country_code: str) -> MessagingCountryPricing:
        """Inbound and outbound message prices in ``country_code`` (ISO, like ``"US"``).

        >>> # prices = await client.messaging_prices.fetch("US"); prices.price_unit
        """
        country = check_country_code("country_code", country_code)
        return await self._call_typed(
            MessagingCountryPricing, "GET", Product.PRICING, f"{_COUNTRIES}/{country}"
        )

    def list(
        self,
        *,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: bool = True,
    ) -> Pager[MessagingCountry]:
        """Every country with messaging prices, as an async iterable (no ``await``)."""
        return self._pager(
            MessagingCountry,
            Product.PRICING,
            _COUNTRIES,
            "countries",
            params=(),
            limit=limit,
            page_size=page_size,
            prefetch=prefetch,
        )
