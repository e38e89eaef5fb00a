"""Time twilio_async.sms.segments() on 1,600-character bodies.

Run from the repository root: ``python benchmarks/bench_sms.py``. Each figure is the
CPU time (time.process_time, so other processes on a busy machine count less) of one
call in microseconds: the median over the repeats, and in brackets the fastest repeat.
"""

from __future__ import annotations

import statistics
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twilio_async.sms import segments, smart_encode

LENGTH = 1600
REPEATS = 25
CALLS_PER_REPEAT = 2000


def _body(pattern: str) -> str:
    """``pattern`` repeated and cut to exactly LENGTH characters."""
    return (pattern * (LENGTH // len(pattern) + 1))[:LENGTH]


BODIES = {
    "GSM-7, ASCII": _body("Your order #1234 has shipped. Track it at example.com/t/1234. "),
    "GSM-7, accents": _body("Café crème à 2€, señor Müller. Ça va? "),
    "GSM-7, extension chars": _body("Use {code} [x] ~ok~ | a^b \\ end. "),
    "UCS-2, emoji": _body("Party tonight 🎉 bring snacks 🍕 "),
    "UCS-2, all emoji": _body("😀"),
    "UCS-2, CJK": _body("您好，您的订单已发货。"),
    "smart-encoded quotes": _body("\u201cHi\u201d \u2014 it\u2019s ready\u2026 "),
}


def _microseconds(call: str, body: str) -> tuple[float, float]:
    """(median, fastest) over REPEATS runs of one call, in microseconds."""
    names = {"segments": segments, "smart_encode": smart_encode, "body": body}
    runs = timeit.Timer(call, timer=time.process_time, globals=names).repeat(
        repeat=REPEATS, number=CALLS_PER_REPEAT
    )
    per_call = [run / CALLS_PER_REPEAT * 1e6 for run in runs]
    return statistics.median(per_call), min(per_call)


def main() -> None:
    """Print one line per body and call."""
    print(
        f"Python {sys.version.split()[0]}; CPU time, median of {REPEATS} x {CALLS_PER_REPEAT} calls"
    )
    for name, body in BODIES.items():
        info = segments(body)
        plain = _microseconds("segments(body)", body)
        smart = _microseconds("segments(body, smart_encoded=True)", body)
        print(
            f"{name:<24} {info.encoding} {info.segments:>2} seg {info.units:>5} units  "
            f"segments {plain[0]:6.2f} ({plain[1]:5.2f}) us  "
            f"smart_encoded {smart[0]:6.2f} ({smart[1]:5.2f}) us"
        )


if __name__ == "__main__":
    main()
