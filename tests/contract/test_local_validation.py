"""Contract: what the spec forbids, the client refuses locally, before anything is sent.

Each case is tried twice: through the client, which must raise ``InvalidRequestError`` naming
the argument without a single request reaching Prism; and as the raw HTTP request the client
would have made, which Prism must answer with 422 naming the same field. The second half keeps
the cases honest: it proves the spec really forbids what the client refuses.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest

from twilio_async import InvalidRequestError, TwilioClient

pytestmark = pytest.mark.contract

MESSAGE_SID = "SM" + "0123456789abcdef" * 2
SEND = {"to": "+15558675310", "from_": "+15017122661", "body": "hi"}
SEND_FORM = {"To": "+15558675310", "From": "+15017122661", "Body": "hi"}


@attrs.frozen
class Forbidden:
    """A call the spec forbids, and the raw request it would have made."""

    parameter: str
    call: Callable[[TwilioClient], Awaitable[Any]]
    method: str
    path: str
    field: str
    form: dict[str, str] | None = None
    query: dict[str, str] | None = None


async def _list_oversized_pages(client: TwilioClient) -> Any:
    return await client.messages.list(page_size=1001).collect()


CASES = {
    "missing recipient": Forbidden(
        "to",
        lambda c: c.messages.create(**{**SEND, "to": ""}),
        "POST",
        "/Messages.json",
        "To",
        form={"From": "+15017122661", "Body": "hi"},
    ),
    "malformed service sid": Forbidden(
        "messaging_service_sid",
        lambda c: c.messages.create(to="+15558675310", messaging_service_sid="MG123", body="hi"),
        "POST",
        "/Messages.json",
        "MessagingServiceSid",
        form={"To": "+15558675310", "MessagingServiceSid": "MG123", "Body": "hi"},
    ),
    "malformed content sid": Forbidden(
        "content_sid",
        lambda c: c.messages.create(to="+15558675310", from_="+15017122661", content_sid="HX1"),
        "POST",
        "/Messages.json",
        "ContentSid",
        form={"To": "+15558675310", "From": "+15017122661", "ContentSid": "HX1"},
    ),
    "callback that is no URL": Forbidden(
        "status_callback",
        lambda c: c.messages.create(**SEND, status_callback="status-hook"),
        "POST",
        "/Messages.json",
        "StatusCallback",
        form={**SEND_FORM, "StatusCallback": "status-hook"},
    ),
    "price that is no number": Forbidden(
        "max_price",
        lambda c: c.messages.create(**SEND, max_price="cheap"),
        "POST",
        "/Messages.json",
        "MaxPrice",
        form={**SEND_FORM, "MaxPrice": "cheap"},
    ),
    "boolean validity period": Forbidden(
        "validity_period",
        lambda c: c.messages.create(**SEND, validity_period=True),
        "POST",
        "/Messages.json",
        "ValidityPeriod",
        form={**SEND_FORM, "ValidityPeriod": "true"},
    ),
    "boolean attempt count": Forbidden(
        "attempt",
        lambda c: c.messages.create(**SEND, attempt=True),
        "POST",
        "/Messages.json",
        "Attempt",
        form={**SEND_FORM, "Attempt": "true"},
    ),
    "status other than canceled": Forbidden(
        "status",
        lambda c: c.messages.update(MESSAGE_SID, status="sent"),  # type: ignore[arg-type]
        "POST",
        f"/Messages/{MESSAGE_SID}.json",
        "Status",
        form={"Status": "sent"},
    ),
    "short message sid": Forbidden(
        "sid",
        lambda c: c.messages.fetch("SM123"),
        "GET",
        "/Messages/SM123.json",
        "sid",
    ),
    "page size over 1000": Forbidden(
        "page_size",
        _list_oversized_pages,
        "GET",
        "/Messages.json",
        "PageSize",
        query={"PageSize": "1001"},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_client_refuses_before_sending(prism, case: Forbidden) -> None:
    client = prism.client()
    with pytest.raises(InvalidRequestError) as info:
        await case.call(client)
    assert info.value.parameter == case.parameter
    assert prism.log.exchanges == []


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_spec_forbids_the_raw_request(prism, case: Forbidden) -> None:
    url = f"{prism.urls['api']}/2010-04-01/Accounts/{prism.account_sid}{case.path}"
    session = prism.session()
    async with session.request(
        case.method, url, data=case.form, params=case.query, headers=prism.auth_headers
    ) as response:
        status = response.status
        problem = await response.json(content_type=None)
    (exchange,) = prism.take()
    assert exchange.problem() is not None  # the end-of-test check would have caught it
    assert status == 422, problem
    validation = json.dumps(problem["validation"]).lower()
    assert case.field.lower() in validation, problem
