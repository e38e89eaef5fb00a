"""What the command line says when something goes wrong: one line, an exit status, no secrets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from twilio_async.errors import AuthenticationError, InvalidRequestError, TwilioError

__all__ = [
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "CliError",
    "ExtraMissingError",
    "describe",
    "redact",
    "secrets_in",
]

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
SECRET_VARIABLES = ("TWILIO_AUTH_TOKEN", "TWILIO_API_SECRET")
MASK = "***"
_CHECK_CREDENTIALS = "check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN or TWILIO_API_KEY/SECRET"
INSTALL_HINT = 'pip install "twilio-async[cli]"'


class CliError(Exception):
    """A failure the command line reports as one line, with its exit status."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class ExtraMissingError(CliError):
    """The optional ``cli`` extra (rich) is not installed."""

    def __init__(self, command: str) -> None:
        super().__init__(f"'{command}' needs the command-line extra: {INSTALL_HINT}", EXIT_FAILURE)


def _public_name(error: TwilioError) -> str:
    """The name of the most specific public exception class ``error`` is an instance of."""
    import twilio_async.errors

    public = set(twilio_async.errors.__all__)
    return next(cls.__name__ for cls in type(error).__mro__ if cls.__name__ in public)


def describe(error: BaseException) -> tuple[str, int]:
    """The one-line message and the exit status for ``error``."""
    if isinstance(error, CliError):
        return error.message, error.exit_code
    if isinstance(error, InvalidRequestError):
        return f"invalid {error.parameter}: {error.problem}", EXIT_USAGE
    if isinstance(error, AuthenticationError):
        return f"{_public_name(error)}: {error} ({_CHECK_CREDENTIALS})", EXIT_FAILURE
    if isinstance(error, TwilioError):
        return f"{_public_name(error)}: {error}", EXIT_FAILURE
    if isinstance(error, OSError):
        return f"{type(error).__name__}: {error}", EXIT_FAILURE
    return f"unexpected {type(error).__name__}: {error} (rerun with --debug)", EXIT_FAILURE


def secrets_in(environ: Mapping[str, str]) -> list[str]:
    """The secret values in ``environ`` that must never be printed."""
    return [environ[name] for name in SECRET_VARIABLES if environ.get(name)]


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ``***`` and folded onto one line."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= 4:
            text = text.replace(secret, MASK)
    return " ".join(text.split())
