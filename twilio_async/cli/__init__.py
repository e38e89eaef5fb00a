"""The ``twilio-async`` command line (``python -m twilio_async``).

Argument parsing uses only the standard library; the commands that draw progress bars and
tables need the ``cli`` extra (``pip install "twilio-async[cli]"``). The library never
imports this package.
"""

from __future__ import annotations

from twilio_async.cli._app import main, run

__all__ = ["main", "run"]
