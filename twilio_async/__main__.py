"""``python -m twilio_async``: the command line."""

from __future__ import annotations

from twilio_async.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
