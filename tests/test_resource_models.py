"""Model details: strict booleans, open enums, secrets kept out of reprs, client wiring."""

from __future__ import annotations

import pytest

from tests.resource_helpers import ACCOUNT_SID, AUTH_TOKEN
from twilio_async import (
    Account,
    AccountStatus,
    IncomingPhoneNumber,
    MessagingService,
    ScanMessageContent,
    TwilioClient,
)
from twilio_async.models._convert import structure

SERVICES = (
    "accounts",
    "available_phone_numbers",
    "media",
    "messages",
    "messaging_prices",
    "messaging_services",
    "phone_numbers",
)


def test_booleans_sent_as_text_are_read_strictly() -> None:
    service = structure(
        {"sid": "MG1", "sticky_sender": "false", "mms_converter": "true"}, MessagingService
    )
    assert service.sticky_sender is False
    assert service.mms_converter is True


@pytest.mark.parametrize("value", ["no", 1, "yes", [True]])
def test_a_non_boolean_is_refused(value: object) -> None:
    with pytest.raises(Exception, match="boolean"):
        structure({"sid": "PN1", "beta": value}, IncomingPhoneNumber)


def test_unknown_enum_values_are_kept() -> None:
    account = structure({"sid": ACCOUNT_SID, "status": "frozen"}, Account)
    service = structure({"sid": "MG1", "scan_message_content": "strict"}, MessagingService)
    assert account.status is not None
    assert account.status.value == "frozen"
    assert account.status != AccountStatus.ACTIVE
    assert service.scan_message_content == "strict"
    assert isinstance(service.scan_message_content, ScanMessageContent)


def test_account_auth_token_is_not_in_repr_but_compares() -> None:
    first = Account(sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    second = Account(sid=ACCOUNT_SID, auth_token="other")
    assert AUTH_TOKEN not in repr(first)
    assert "auth_token" not in repr(first)
    assert first != second


async def test_every_service_is_bound_and_follows_with_options() -> None:
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        fast = client.with_options(timeout=5.0)
        for name in SERVICES:
            assert getattr(client, name)._client is client
            assert getattr(fast, name)._client is fast
        assert fast.media._client.options.timeout == 5.0
        assert not hasattr(client, "__dict__")


def test_capabilities_that_are_not_an_object_are_refused() -> None:
    with pytest.raises(ValueError, match="capabilities"):
        structure({"sid": "PN1", "capabilities": ["sms"]}, IncomingPhoneNumber)
