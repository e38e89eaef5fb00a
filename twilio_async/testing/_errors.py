"""Twilio's JSON error bodies and the exception handlers raise to produce them."""

from __future__ import annotations

from typing import Any

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"


class TwilioFault(Exception):
    """Raised inside the fake's handlers; becomes a Twilio JSON error response."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        """The JSON body Twilio sends for this error."""
        return error_body(self.status, self.code, self.message)


def error_body(status: int, code: int, message: str) -> dict[str, Any]:
    """A Twilio error payload: ``code``, ``message``, ``more_info``, ``status``."""
    return {
        "code": code,
        "message": message,
        "more_info": MORE_INFO.format(code=code),
        "status": status,
    }


def bad_request(code: int, message: str) -> TwilioFault:
    """A 400 error with a Twilio code."""
    return TwilioFault(400, code, message)


def not_found(path: str) -> TwilioFault:
    """Twilio's 404 for an unknown resource."""
    return TwilioFault(404, 20404, f"The requested resource {path} was not found")


def unauthenticated() -> TwilioFault:
    """Twilio's 401 for missing or wrong credentials."""
    return TwilioFault(401, 20003, "Authenticate")
