"""Which base URL serves each Twilio product, from region, edge and overrides."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs
from yarl import URL

from twilio_async.errors import InvalidRequestError

__all__ = ["Hosts", "Product"]


class Product(enum.Enum):
    """A Twilio product host: its value is the host's first label."""

    API = "api"
    MESSAGING = "messaging"
    PRICING = "pricing"
    OAUTH = "oauth"


def _clean_base_url(parameter: str, value: str) -> str:
    url = URL(value)
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError(parameter, f"must be an http(s) URL with a host, got {value!r}")
    return str(url).rstrip("/")


@attrs.frozen(slots=True)
class Hosts:
    """Base URLs (scheme + host [+ port], no trailing slash) for each product.

    >>> Hosts.build(region="ie1", edge="dublin").base(Product.API)
    'https://api.dublin.ie1.twilio.com'
    >>> Hosts.build(base_url="http://127.0.0.1:8080").base(Product.PRICING)
    'http://127.0.0.1:8080'
    """

    urls: Mapping[Product, str]

    @classmethod
    def build(
        cls,
        *,
        region: str | None = None,
        edge: str | None = None,
        base_url: str | Mapping[str, str] | None = None,
    ) -> Hosts:
        """Resolve each product's base URL; ``base_url`` wins over region and edge."""
        if edge and not region:
            region = "us1"
        suffix = "".join(f".{part}" for part in (edge, region) if part)
        urls = {product: f"https://{product.value}{suffix}.twilio.com" for product in Product}
        if isinstance(base_url, str):
            single = _clean_base_url("base_url", base_url)
            urls = dict.fromkeys(Product, single)
        elif base_url is not None:
            for key, value in base_url.items():
                try:
                    product = Product(key)
                except ValueError:
                    known = ", ".join(repr(p.value) for p in Product)
                    raise InvalidRequestError(
                        "base_url", f"unknown product {key!r}; expected one of {known}"
                    ) from None
                urls[product] = _clean_base_url(f"base_url[{key!r}]", value)
        return cls(urls)

    def base(self, product: Product) -> str:
        """The base URL of ``product``."""
        return self.urls[product]
