"""The Account resource of Twilio's 2010 API."""

from __future__ import annotations

from datetime import datetime

import attrs

from twilio_async.models._convert import OpenEnum, model

__all__ = ["Account", "AccountStatus", "AccountType"]


class AccountStatus(OpenEnum):
    """Whether the account can be used: usually ``active``."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class AccountType(OpenEnum):
    """``Trial`` until the account is upgraded to ``Full``."""

    TRIAL = "Trial"
    FULL = "Full"


@model()
@attrs.frozen(slots=True, kw_only=True)
class Account:
    """A Twilio account or subaccount (``AC…``).

    ``auth_token`` is a secret: it is kept out of ``repr``.
    """

    sid: str
    friendly_name: str | None = None
    status: AccountStatus | None = None
    type: AccountType | None = None
    owner_account_sid: str | None = None
    auth_token: str | None = attrs.field(default=None, repr=False)
    date_created: datetime | None = None
    date_updated: datetime | None = None
    uri: str | None = None
    subresource_uris: dict[str, str] | None = None
