"""What ``import twilio_async`` loads, and what waits for first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

import twilio_async


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split())


def test_import_leaves_models_resources_and_extras_unloaded() -> None:
    loaded = loaded_after("import twilio_async")
    for lazy in (
        "cattrs",
        "decimal",
        "tenacity",
        "rich",
        "twilio_async.models",
        "twilio_async.resources.messages",
        "twilio_async.pagination",
        "twilio_async.sms",
        "twilio_async.testing",
        "twilio_async.cli",
    ):
        assert lazy not in loaded, lazy


def test_first_use_loads_what_it_needs() -> None:
    loaded = loaded_after(
        "from twilio_async import TwilioClient\n"
        "c = TwilioClient('AC' + '0' * 32, auth_token='t')\n"
        "c.messages"
    )
    assert "twilio_async.resources.messages" in loaded
    assert "twilio_async.resources.media" not in loaded


def test_every_public_name_resolves() -> None:
    for name in twilio_async.__all__:
        assert getattr(twilio_async, name) is not None
    assert set(dir(twilio_async)) >= set(twilio_async.__all__)
    with pytest.raises(AttributeError, match="no_such_name"):
        twilio_async.no_such_name  # noqa: B018


def test_services_are_built_once_per_client() -> None:
    client = twilio_async.TwilioClient("AC" + "0" * 32, auth_token="t")
    assert client.messages is client.messages
    copy = client.with_options(timeout=1.0)
    assert copy.messages is not client.messages
    assert copy.messages._client is copy
