"""Credentials the fake accepts: auth token, API keys and OAuth bearer tokens."""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets

import attrs


def new_sid(prefix: str) -> str:
    """A fresh Twilio-style SID: two letters and 32 lowercase hex digits."""
    return prefix + secrets.token_hex(16)


@attrs.frozen(slots=True)
class IssuedToken:
    """An OAuth access token and the loop time it stops being valid."""

    client_id: str
    expires_at: float


@attrs.define(slots=True)
class Credentials:
    """The secrets one fake account accepts."""

    account_sid: str
    auth_token: str = attrs.field(repr=False)
    api_keys: dict[str, str] = attrs.field(factory=dict, repr=False)
    oauth_clients: dict[str, str] = attrs.field(factory=dict, repr=False)
    tokens: dict[str, IssuedToken] = attrs.field(factory=dict, repr=False)

    def add_api_key(self) -> tuple[str, str]:
        """Register a new API key; returns ``(SK… sid, secret)``."""
        sid, secret = new_sid("SK"), secrets.token_urlsafe(24)
        self.api_keys[sid] = secret
        return sid, secret

    def add_oauth_client(self) -> tuple[str, str]:
        """Register a new OAuth client; returns ``(client id, client secret)``."""
        client_id, secret = new_sid("OQ"), secrets.token_urlsafe(24)
        self.oauth_clients[client_id] = secret
        return client_id, secret

    def issue_token(self, client_id: str, secret: str, now: float, ttl: float) -> str | None:
        """A new bearer token for a known client, or ``None`` if the secret is wrong."""
        expected = self.oauth_clients.get(client_id)
        if expected is None or not hmac.compare_digest(expected, secret):
            return None
        token = secrets.token_urlsafe(32)
        self.tokens[token] = IssuedToken(client_id=client_id, expires_at=now + ttl)
        return token

    def expire_tokens(self) -> None:
        """Make every issued bearer token invalid."""
        self.tokens.clear()

    def check(self, header: str | None, now: float) -> bool:
        """Whether an ``Authorization`` header grants access to this account."""
        if not header:
            return False
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            issued = self.tokens.get(value.strip())
            return issued is not None and issued.expires_at > now
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        user, sep, password = decoded.partition(":")
        if not sep:
            return False
        if user == self.account_sid:
            return hmac.compare_digest(password, self.auth_token)
        secret = self.api_keys.get(user)
        return secret is not None and hmac.compare_digest(password, secret)
