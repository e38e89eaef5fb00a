"""Credentials: how a client proves who it is to Twilio.

Every credential knows the account it acts for (``account_sid``) and produces the
``Authorization`` header value. Secrets never appear in ``repr``.
"""

from __future__ import annotations

import base64
import re
from typing import Protocol, runtime_checkable

import attrs

from twilio_async.errors import InvalidRequestError

__all__ = ["ApiKey", "AuthToken", "Credentials", "check_sid"]


def check_sid(parameter: str, value: object, prefix: str | tuple[str, ...]) -> str:
    """Return ``value`` if it is a 34-character Twilio SID with ``prefix``; else raise.

    >>> check_sid("sid", "SM" + "0" * 32, ("SM", "MM"))[:2]
    'SM'
    """
    prefixes = (prefix,) if isinstance(prefix, str) else prefix
    if (
        not isinstance(value, str)
        or not _SID_BODY.fullmatch(value[2:])
        or value[:2] not in prefixes
    ):
        expected = " or ".join(f"{p} + 32 hex digits" for p in prefixes)
        raise InvalidRequestError(parameter, f"expected {expected}, got {value!r}")
    return value


_SID_BODY = re.compile(r"[0-9a-fA-F]{32}")


def _basic(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


@runtime_checkable
class Credentials(Protocol):
    """What the transport needs from a credential.

    ``static_authorization`` is the header value when it never changes (basic auth), or
    None for credentials that must be fetched (OAuth2).
    """

    @property
    def account_sid(self) -> str:
        """The account every request acts for."""

    @property
    def static_authorization(self) -> str | None:
        """The constant ``Authorization`` header value, if there is one."""


@attrs.frozen(slots=True, repr=False)
class AuthToken:
    """An Account SID and its auth token (HTTP basic auth)."""

    account_sid: str = attrs.field(validator=lambda _, a, v: check_sid("account_sid", v, "AC"))
    auth_token: str = attrs.field()
    static_authorization: str = attrs.field(init=False)

    @auth_token.validator
    def _check_token(self, _: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value:
            raise InvalidRequestError("auth_token", "must be a non-empty string")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "static_authorization", _basic(self.account_sid, self.auth_token))

    def __repr__(self) -> str:
        return f"AuthToken(account_sid={self.account_sid!r}, auth_token=***)"


@attrs.frozen(slots=True, repr=False)
class ApiKey:
    """An API key (``SK…``) and its secret, acting for ``account_sid`` (HTTP basic auth)."""

    account_sid: str = attrs.field(validator=lambda _, a, v: check_sid("account_sid", v, "AC"))
    api_key: str = attrs.field(validator=lambda _, a, v: check_sid("api_key", v, "SK"))
    api_secret: str = attrs.field()
    static_authorization: str = attrs.field(init=False)

    @api_secret.validator
    def _check_secret(self, _: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value:
            raise InvalidRequestError("api_secret", "must be a non-empty string")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "static_authorization", _basic(self.api_key, self.api_secret))

    def __repr__(self) -> str:
        return f"ApiKey(account_sid={self.account_sid!r}, api_key={self.api_key!r}, api_secret=***)"
