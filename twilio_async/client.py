"""TwilioClient: the entry point. Owns the options, the credentials and the session."""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import aiohttp
import attrs

from twilio_async._http.hosts import Hosts
from twilio_async._http.limits import Limits
from twilio_async._http.session import Session, SessionState
from twilio_async._options import Options, RateLimits, RetryPolicy, SenderRate
from twilio_async.auth import make_credentials
from twilio_async.errors import ClientClosedError, InvalidRequestError

if TYPE_CHECKING:
    from twilio_async.resources.accounts import AccountsService
    from twilio_async.resources.available_phone_numbers import AvailablePhoneNumbersService
    from twilio_async.resources.media import MediaService
    from twilio_async.resources.messages import MessagesService
    from twilio_async.resources.messaging_services import MessagingServicesService
    from twilio_async.resources.phone_numbers import PhoneNumbersService
    from twilio_async.resources.pricing import MessagingPricesService

S = TypeVar("S")


class _Service(Generic[S]):
    """A service attribute of the client, imported and built on first use.

    Keeps ``import twilio_async`` light: a resource family's module, models and converter
    hooks load when a program first touches it.
    """

    __slots__ = ("_module", "_name", "_slot")

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name
        self._slot = ""

    def __set_name__(self, owner: type[Any], attribute: str) -> None:
        self._slot = f"_{attribute}"

    @overload
    def __get__(self, client: None, owner: type[Any]) -> _Service[S]: ...

    @overload
    def __get__(self, client: TwilioClient, owner: type[Any]) -> S: ...

    def __get__(self, client: TwilioClient | None, owner: type[Any]) -> S | _Service[S]:
        if client is None:
            return self
        try:
            service: S = getattr(client, self._slot)
        except AttributeError:
            cls = getattr(importlib.import_module(self._module), self._name)
            service = cls(client)
            setattr(client, self._slot, service)
        return service


__all__ = ["TwilioClient"]


class TwilioClient:
    """An asyncio client for Twilio's Programmable Messaging API.

    Use it as an async context manager, or call ``await client.aclose()`` when done::

        async with TwilioClient(account_sid="AC…", auth_token="…") as client:
            message = await client.messages.create(to="+15558675310", from_="+15017122661",
                                                   body="Hello")

    ``base_url`` replaces Twilio's hosts (one URL for all, or a mapping with keys ``api``,
    ``messaging``, ``pricing``, ``oauth``). ``http_session`` lends an aiohttp session the
    client uses but never closes. ``timeout`` (total per attempt) and ``connect_timeout`` are
    seconds. ``max_retries`` and ``retry`` set the retry policy. ``max_concurrency``,
    ``requests_per_second`` and ``sender_rate`` (or a whole ``limits=RateLimits(...)``) pace
    all tasks using this client. ``client_id`` and ``client_secret`` sign in with OAuth2.
    """

    __slots__ = (
        "__weakref__",
        "_accounts",
        "_available_phone_numbers",
        "_media",
        "_messages",
        "_messaging_prices",
        "_messaging_services",
        "_options",
        "_phone_numbers",
        "_session",
    )

    _session: Session
    _options: Options
    messages: _Service[MessagesService] = _Service(
        "twilio_async.resources.messages", "MessagesService"
    )
    """Send, fetch, update, delete and list messages."""
    media: _Service[MediaService] = _Service("twilio_async.resources.media", "MediaService")
    """List, fetch, delete and download the media of messages."""
    messaging_services: _Service[MessagingServicesService] = _Service(
        "twilio_async.resources.messaging_services", "MessagingServicesService"
    )
    """Create, fetch, update, delete and list Messaging Services."""
    phone_numbers: _Service[PhoneNumbersService] = _Service(
        "twilio_async.resources.phone_numbers", "PhoneNumbersService"
    )
    """Buy, fetch, update, release and list the account's phone numbers."""
    available_phone_numbers: _Service[AvailablePhoneNumbersService] = _Service(
        "twilio_async.resources.available_phone_numbers", "AvailablePhoneNumbersService"
    )
    """Search local and mobile numbers available to buy."""
    accounts: _Service[AccountsService] = _Service(
        "twilio_async.resources.accounts", "AccountsService"
    )
    """Fetch the client's account (or another one)."""
    messaging_prices: _Service[MessagingPricesService] = _Service(
        "twilio_async.resources.pricing", "MessagingPricesService"
    )
    """Messaging prices per country."""

    def __init__(
        self,
        account_sid: str | None = None,
        *,
        auth_token: str | None = None,
        api_key: str | None = None,
        api_secret: str | None = None,
        region: str | None = None,
        edge: str | None = None,
        base_url: str | Mapping[str, str] | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        max_concurrency: int | None = None,
        requests_per_second: float | None = None,
        sender_rate: SenderRate | None = None,
        limits: RateLimits | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        http_session: aiohttp.ClientSession | None = None,
        user_agent: str | None = None,
    ) -> None:
        credentials = make_credentials(
            account_sid,
            auth_token=auth_token,
            api_key=api_key,
            api_secret=api_secret,
            client_id=client_id,
            client_secret=client_secret,
        )
        rate_limits = (limits or RateLimits()).overridden(
            max_concurrency=max_concurrency,
            requests_per_second=requests_per_second,
            sender_rate=sender_rate,
        )
        if http_session is not None and not isinstance(http_session, aiohttp.ClientSession):
            raise InvalidRequestError("http_session", "must be an aiohttp.ClientSession")
        policy = retry or RetryPolicy()
        if max_retries is not None:
            policy = attrs.evolve(policy, max_retries=max_retries)
        options = Options(timeout=timeout, connect_timeout=connect_timeout, retry=policy)
        hosts = Hosts.build(region=region, edge=edge, base_url=base_url)
        session = Session(
            credentials,
            hosts,
            limits=Limits(rate_limits),
            options=options,
            http_session=http_session,
            user_agent=user_agent,
        )
        self._bind(session, options)

    def _bind(self, session: Session, options: Options) -> None:
        self._session = session
        self._options = options

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> TwilioClient:
        """A client configured from the environment, with the names Twilio's SDKs use.

        Reads TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, or with TWILIO_API_KEY and
        TWILIO_API_SECRET, or with TWILIO_CLIENT_ID and TWILIO_CLIENT_SECRET (OAuth2, which
        wins over the others); TWILIO_REGION and TWILIO_EDGE. Keyword ``overrides`` win.
        """
        env = os.environ if environ is None else environ
        settings: dict[str, Any] = {
            "account_sid": env.get("TWILIO_ACCOUNT_SID"),
            "auth_token": env.get("TWILIO_AUTH_TOKEN"),
            "api_key": env.get("TWILIO_API_KEY"),
            "api_secret": env.get("TWILIO_API_SECRET"),
            "client_id": env.get("TWILIO_CLIENT_ID"),
            "client_secret": env.get("TWILIO_CLIENT_SECRET"),
            "region": env.get("TWILIO_REGION"),
            "edge": env.get("TWILIO_EDGE"),
        }
        if settings["client_id"] or settings["client_secret"]:
            settings.update(auth_token=None, api_key=None, api_secret=None)
        if settings["api_key"] or settings["api_secret"]:
            settings["auth_token"] = None
        settings = {key: value or None for key, value in settings.items()}
        settings.update(overrides)
        if not settings.get("account_sid"):
            raise InvalidRequestError("TWILIO_ACCOUNT_SID", "is not set in the environment")
        return cls(**settings)

    @property
    def account_sid(self) -> str:
        """The account this client acts for."""
        return self._session.credentials.account_sid

    @property
    def options(self) -> Options:
        """The options this client's calls run with."""
        return self._options

    @property
    def closed(self) -> bool:
        """True once ``aclose()`` was called (on this client or a copy sharing its session)."""
        return self._session.state is SessionState.CLOSED

    def with_options(
        self,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
    ) -> TwilioClient:
        """A copy of this client with other options, sharing its session and limits.

        >>> # fast = client.with_options(timeout=5.0, max_retries=0)
        """
        changes: dict[str, Any] = {
            "timeout": timeout,
            "connect_timeout": connect_timeout,
            "retry": retry,
            "max_retries": max_retries,
        }
        options = self._options.evolve(**{k: v for k, v in changes.items() if v is not None})
        copy = object.__new__(type(self))
        copy._bind(self._session, options)
        return copy

    async def aclose(self) -> None:
        """Close the HTTP session (unless it was lent to the client). Idempotent."""
        await self._session.aclose()

    async def __aenter__(self) -> TwilioClient:
        if self.closed:
            raise ClientClosedError("the twilio_async client is closed; create a new one")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        state = self._session.state.value
        return f"<TwilioClient account_sid={self.account_sid!r} {state}>"
