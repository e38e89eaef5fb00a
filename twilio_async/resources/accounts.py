"""Accounts (2010 API): the client's own account or another one it may read."""

from __future__ import annotations

from twilio_async._http.hosts import Product
from twilio_async.auth import check_sid
from twilio_async.models.account import Account
from twilio_async.resources._base import Service

__all__ = ["AccountsService"]


class AccountsService(Service):
    """Twilio accounts: ``client.accounts``."""

    __slots__ = ()

    async def fetch(self, sid: str | None = None) -> Account:
        """The account ``sid`` (``AC…``; a subaccount, say), or the client's own by default.

        >>> # account = await client.accounts.fetch(); account.status
        """
        account = self._client.account_sid if sid is None else check_sid("sid", sid, "AC")
        path = f"/2010-04-01/Accounts/{account}.json"
        return await self._call_typed(Account, "GET", Product.API, path)
