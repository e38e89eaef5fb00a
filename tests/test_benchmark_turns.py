"""Clients measured in turns: the coordinator, the per-round ratios and the verdicts built on
them (no timing is asserted, only how measurements are combined)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.report import evaluate_targets
from benchmarks.run import _env
from benchmarks.server import ServerProcess
from benchmarks.turns import run_in_turns, summarize

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "AC" + "f" * 32


def _turn(seconds: float, ops: int = 100, cpu: float | None = None) -> dict[str, Any]:
    return {"wall_s": seconds, "cpu_s": seconds if cpu is None else cpu, "ops": ops}


def test_ratios_are_taken_round_by_round_so_a_slow_machine_cancels_out() -> None:
    # B takes twice A's time whenever both meet the same machine, whose speed swings fourfold
    # between rounds; in round 3 it slowed down between A's turn and B's.
    a_speeds, b_speeds = [1.0, 4.0, 1.0, 4.0, 1.0], [1.0, 4.0, 4.0, 4.0, 1.0]
    results = {
        "a": [_turn(0.1 * s) for s in a_speeds],
        "b": [_turn(0.2 * s) for s in b_speeds],
    }
    summary = summarize(results, "a")
    ratio = summary["ratios"]["b"]
    assert ratio["throughput"] == pytest.approx(2.0)  # the ratio of medians would say 8
    assert ratio["q1"] == pytest.approx(2.0)
    assert ratio["q3"] == pytest.approx(5.0)
    assert ratio["by_cpu"] == pytest.approx(2.0)
    assert summary["clients"]["a"]["ops_per_s"] == pytest.approx(100 / 0.1)
    assert summary["clients"]["b"]["turns"] == 5


def test_cpu_ratio_and_throughput_ratio_are_kept_apart() -> None:
    results = {
        "a": [_turn(0.1, cpu=0.05), _turn(0.1, cpu=0.05), _turn(0.1, cpu=0.05)],
        "b": [_turn(0.3, cpu=0.2), _turn(0.3, cpu=0.2), _turn(0.3, cpu=0.2)],
    }
    ratio = summarize(results, "a")["ratios"]["b"]
    assert ratio["throughput"] == pytest.approx(3.0)
    assert ratio["by_cpu"] == pytest.approx(4.0)
    assert summarize(results, "a")["clients"]["b"]["client_cpu_share"] == pytest.approx(2 / 3)


def test_a_missing_subject_gives_no_ratios() -> None:
    assert summarize({"a": [_turn(0.1)]}, "twilio_async")["ratios"] == {}


def _report(ratios: dict[str, dict[str, float]]) -> dict[str, Any]:
    summary = {"clients": {}, "ratios": ratios}
    return {
        "plan": {"big": 100_000, "small": 10_000, "prefetch_pages": 50},
        "turns": {"create@16": summary, "create@64": summary, "walk_big": summary},
        "workloads": {},
        "imports": {},
    }


def _verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {t["target"]: t["verdict"] for t in evaluate_targets(report)}


def test_verdicts_come_from_the_turns() -> None:
    def ratio(value: float, by_cpu: float) -> dict[str, float]:
        return {"throughput": value, "q1": value, "q3": value, "by_cpu": by_cpu}

    verdicts = _verdicts(
        _report({"raw": ratio(0.61, 0.8), "twilio": ratio(1.44, 2.0)}),
    )
    assert verdicts["create@16 ≥ 0.90× raw"] == "MISS"
    assert verdicts["create@64 ≥ 1.45× official"] == "MISS"
    assert verdicts["walk 100,000 typed ≥ 0.60× raw"] == "PASS"
    # by CPU ta takes 1 / 0.8 = 1.25× raw's time per request: over 1.15×
    assert verdicts["client CPU/request ≤ 1.15× raw (create@16, @64)"] == "MISS"
    verdicts = _verdicts(_report({"raw": ratio(0.95, 1.0), "twilio": ratio(2.1, 2.0)}))
    assert verdicts["create@64 ≥ 1.45× official"] == "PASS"
    assert verdicts["walk 100,000 typed ≥ 2.00× official"] == "PASS"
    assert verdicts["client CPU/request ≤ 1.15× raw (create@16, @64)"] == "PASS"


def test_without_turns_the_throughput_verdicts_are_not_available() -> None:
    report = _report({})
    del report["turns"]
    verdicts = _verdicts(report)
    assert verdicts["create@16 ≥ 0.90× raw"] == "n/a"
    assert verdicts["walk 100,000 typed ≥ 2.00× official"] == "n/a"


def test_clients_take_turns_against_a_real_server() -> None:
    with ServerProcess({ACCOUNT: 40}, page_sizes=(10,)) as server:
        base = {"url": server.url, "account": ACCOUNT, "warmup": 4}
        creates = base | {"workload": "create", "concurrency": 2, "turn_ops": 6}
        walk = base | {"workload": "walk", "page_size": 10, "count": 40, "turn_ops": 20}
        created = run_in_turns(creates, ["raw", "twilio_async"], 3, _env(), ROOT)
        walked = run_in_turns(walk, ["raw", "twilio_async"], 4, _env(), ROOT)
        # three turns end inside the second walk, which then runs to its end unmeasured
        partly = run_in_turns(walk, ["twilio_async"], 3, _env(), ROOT)
        requests = server.stats()["requests"]
    assert [t["ops"] for t in partly["twilio_async"]] == [20, 20, 20]
    for client in ("raw", "twilio_async"):
        assert [t["ops"] for t in created[client]] == [6, 6, 6]
        assert [t["ops"] for t in walked[client]] == [20, 20, 20, 20]
        assert all(t["wall_s"] > 0 and t["cpu_s"] >= 0 for t in created[client] + walked[client])
    # 2 × (4 warm-up + 18 creates), and for each client a one-page warm-up plus two walks of
    # four pages with the last page's empty follow-up link: the server saw all of them.
    assert requests >= 2 * 22 + 2 * (1 + 2 * 4)


def test_a_worker_that_fails_is_reported_and_the_others_are_stopped() -> None:
    with ServerProcess({ACCOUNT: 4}, page_sizes=(2,)) as server:
        spec = {"url": server.url, "account": ACCOUNT, "warmup": 1, "workload": "create"}
        spec |= {"concurrency": 1, "turn_ops": 1}
        with pytest.raises(RuntimeError, match="no-such-client"):
            run_in_turns(spec, ["raw", "no-such-client"], 2, _env(), ROOT)


def test_the_import_verdict_comes_from_the_one_process_ratio() -> None:
    report = _report({})
    name = "import twilio_async ≤ 1.1× import aiohttp (one process: aiohttp, then the rest)"
    assert _verdicts(report)[name] == "n/a"
    report["import_share"] = {"ratio": 1.04, "q1": 1.03, "q3": 1.06}
    assert _verdicts(report)[name] == "PASS"
    report["import_share"] = {"ratio": 1.12, "q1": 1.10, "q3": 1.15}
    assert _verdicts(report)[name] == "MISS"
