"""Which base URL serves each Twilio product, from region, edge and overrides."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

import attrs
from yarl import URL

from twilio_async.errors import InvalidRequestError

__all__ = ["DEFAULT_EDGES", "Hosts", "Product"]

DEFAULT_EDGES = {
    "au1": "sydney",
    "br1": "sao-paulo",
    "de1": "frankfurt",
    "ie1": "dublin",
    "jp1": "tokyo",
    "jp2": "osaka",
    "sg1": "singapore",
    "us1": "ashburn",
    "us2": "umatilla",
}
"""The edge used for a region given without one: Twilio retired ``{product}.{region}`` hosts."""

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


class Product(enum.Enum):
    """A Twilio product host: its value is the host's first label."""

    API = "api"
    MESSAGING = "messaging"
    PRICING = "pricing"
    OAUTH = "oauth"


def _check_label(parameter: str, value: str) -> str:
    if not isinstance(value, str) or not _LABEL.fullmatch(value):
        raise InvalidRequestError(
            parameter, f"must be a lowercase host label such as 'ie1' or 'dublin', got {value!r}"
        )
    return value


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
        """Resolve each product's base URL; ``base_url`` wins over region and edge.

        Hosts are ``{product}.{edge}.{region}.twilio.com``; an edge without a region means
        ``us1``, a region without an edge takes the region's usual edge (``ie1`` → ``dublin``).
        """
        if region:
            _check_label("region", region)
        if edge:
            _check_label("edge", edge)
        if edge and not region:
            region = "us1"
        if region and not edge:
            edge = DEFAULT_EDGES.get(region)
            if edge is None:
                raise InvalidRequestError(
                    "edge", f"is required with region {region!r} (for instance 'dublin' for ie1)"
                )
        suffix = f".{edge}.{region}" if region else ""
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
