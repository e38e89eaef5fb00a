"""Targets (PASS/MISS) and the Markdown rendering of a benchmark report."""

from __future__ import annotations

from typing import Any

STDJSON = "twilio_async_stdjson"
"""twilio_async with orjson turned off (run only when orjson is installed)."""
RSS_HEADROOM_MIB = 10.0
RSS_FLAT_MIB = 3.0
POOL_WAIT_LIMIT_MS = 1000.0


def _get(report: dict[str, Any], workload: str, client: str, key: str) -> float | None:
    value = report["workloads"].get(workload, {}).get(client, {}).get(key)
    return None if value is None else float(value)


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def _target(name: str, measured: str, ok: bool | None) -> dict[str, Any]:
    return {"target": name, "measured": measured, "verdict": _verdict(ok)}


def _fmt(value: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{suffix}"


def evaluate_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """PASS/MISS (or n/a when a contender did not run) for each published target."""
    targets = []
    ta = "twilio_async"
    for conc in (16, 64):
        targets.append(_throughput(report, f"create@{conc}", "raw", 0.90))
        targets.append(_throughput(report, f"create@{conc}", "twilio", 1.45))
    cpu = []
    for name in ("create@16", "create@64"):
        ratio = _turn_ratio(report, name, "raw")
        cpu.append(None if ratio is None else 1 / ratio["by_cpu"])
    worst = None if None in cpu else max(c for c in cpu if c is not None)
    targets.append(
        _target(
            "client CPU/request ≤ 1.15× raw (create@16, @64)",
            " / ".join(_fmt(c, ".2f", "×") for c in cpu),
            None if worst is None else worst <= 1.15,
        )
    )
    p99 = _get(report, "create@256", ta, "p99_ms")
    worst_ms = _get(report, "create@256", ta, "max_ms")
    targets.append(
        _target(
            "create@256: no request waits > 1 s (p99 / max latency)",
            f"{_fmt(p99, '.0f')} / {_fmt(worst_ms, '.0f')} ms",
            None if worst_ms is None else worst_ms <= POOL_WAIT_LIMIT_MS,
        )
    )
    big = report["plan"]["big"]
    targets.append(_throughput(report, "walk_big", "raw", 0.60, f"walk {big:,} typed"))
    targets.append(_throughput(report, "walk_big", "twilio", 2.0, f"walk {big:,} typed"))
    if any(STDJSON in by_client for by_client in report["workloads"].values()):
        for workload, floor_raw, floor_official in (
            ("create@16", 0.90, 1.45),
            ("create@64", 0.90, 1.45),
            ("walk_big", 0.60, 2.0),
        ):
            label = f"{workload} without orjson"
            targets.append(_throughput(report, workload, "raw", floor_raw, label, STDJSON))
            targets.append(_throughput(report, workload, "twilio", floor_official, label, STDJSON))
    extra = [
        _diff(_get(report, n, ta, "peak_rss_mib"), _get(report, n, "raw", "peak_rss_mib"))
        for n in ("walk_big", "create@256")
    ]
    worst_extra = None if None in extra else max(e for e in extra if e is not None)
    targets.append(
        _target(
            f"peak RSS ≤ raw + {RSS_HEADROOM_MIB:.0f} MiB (walk, create@256)",
            " / ".join(_fmt(e, "+.1f", " MiB") for e in extra),
            None if worst_extra is None else worst_extra <= RSS_HEADROOM_MIB,
        )
    )
    small = report["plan"]["small"]
    growth = _diff(
        _get(report, "walk_big", ta, "peak_rss_mib"), _get(report, "walk_small", ta, "peak_rss_mib")
    )
    targets.append(
        _target(
            f"peak RSS flat: walk {big:,} − walk {small:,} ≤ {RSS_FLAT_MIB:.0f} MiB",
            _fmt(growth, "+.1f", " MiB"),
            None if growth is None else growth <= RSS_FLAT_MIB,
        )
    )
    prefetch = _ratio(
        _get(report, "prefetch_on", ta, "wall_s"), _get(report, "prefetch_off", ta, "wall_s")
    )
    pages = report["plan"]["prefetch_pages"]
    targets.append(
        _target(
            f"prefetch walk of {pages} pages (20 ms + 20 ms) ≤ 0.6× prefetch off",
            _fmt(prefetch, ".2f", "×"),
            None if prefetch is None else prefetch <= 0.6,
        )
    )
    share = report.get("import_share")
    imp = None if share is None else share["ratio"]
    measured = "–" if share is None else f"{imp:.3f}× ({share['q1']:.3f}–{share['q3']:.3f})"
    targets.append(
        _target(
            "import twilio_async ≤ 1.1× import aiohttp (one process: aiohttp, then the rest)",
            measured,
            None if imp is None else imp <= 1.1,
        )
    )
    return targets


def _turn_ratio(
    report: dict[str, Any], workload: str, other: str, ta: str = "twilio_async"
) -> dict[str, float] | None:
    """``ta``'s median per-round ratio to ``other`` in the workload measured in turns."""
    summary = report.get("turns", {}).get(workload)
    if summary is None:
        return None
    ratios = summary["stdjson_ratios"] if ta == STDJSON else summary["ratios"]
    found: dict[str, float] | None = ratios.get(other)
    return found


def _throughput(
    report: dict[str, Any],
    workload: str,
    other: str,
    floor: float,
    label: str | None = None,
    ta: str = "twilio_async",
) -> dict[str, Any]:
    """``ta``'s throughput over ``other``'s in turns: the median of the per-round ratios, by
    wall clock (the verdict) and by client CPU per op."""
    ratio = _turn_ratio(report, workload, other, ta)
    wall = None if ratio is None else ratio["throughput"]
    by_cpu = None if ratio is None else ratio["by_cpu"]
    name = "raw" if other == "raw" else "official"
    return _target(
        f"{label or workload} ≥ {floor:.2f}× {name}",
        f"{_fmt(wall, '.3f', '×')} (by CPU: {_fmt(by_cpu, '.3f', '×')})",
        _ge(wall, floor),
    )


def _ge(value: float | None, floor: float) -> bool | None:
    return None if value is None else value >= floor


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


_UNITS = {"create": "req/s", "walk": "msg/s", "prefetch": "s"}


def _label(report: dict[str, Any], name: str) -> str:
    plan = report["plan"]
    if name == "walk_big":
        return f"walk {plan['big']:,} (page 1,000)"
    if name == "walk_small":
        return f"walk {plan['small']:,} (page 1,000)"
    if name.startswith("prefetch"):
        state = name.removeprefix("prefetch_")
        return f"walk {plan['prefetch_pages']} pages, 20+20 ms, prefetch {state}"
    conc = name.split("@")[1]
    return f"create, concurrency {conc} ({plan['creates'][conc]:,} requests)"


def render_markdown(report: dict[str, Any]) -> str:
    """The human-readable report: machine, medians and ratios, per-client detail, targets."""
    m = report["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in sorted(m["versions"].items()))
    lines = [
        f"# Benchmark results — {report['date']} ({report['mode']})",
        "",
        f"- Machine: {m['platform']}, {m['processor']}, {m['cpu_count']} CPUs, "
        f"Python {m['python']}",
        f"- Versions: {versions}",
        f"- Pinning: clients on CPU {m['client_cpu']}, server on CPU {m['server_cpu']}; "
        "server: raw asyncio HTTP/1.1, pre-rendered",
        f"- Load average (1 min) at the end: {_fmt(m.get('load_1m_at_end'), '.2f')} "
        f"on {m['cpu_count']} CPUs (other work on the machine shows up as noise)",
        "",
    ]
    lines += _turns_section(report)
    lines += [
        "## Each client alone (medians)",
        "",
        f"Each measurement in a fresh client process, one client after another, median of "
        f"{report['reps']}. These runs give peak RSS, latency and the server's CPU share; their "
        "throughput ratios are shown for comparison, and move with the machine's speed between "
        "runs (the verdicts use the turns above).",
        "",
        "| workload | raw aiohttp | twilio_async | twilio (official) | ta ÷ raw | ta ÷ official |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    workloads = report["workloads"]
    for name, by_client in workloads.items():
        if name.startswith("prefetch"):
            continue
        unit = _UNITS[name.split("@")[0].split("_")[0]]
        cells = [_fmt(by_client.get(c, {}).get("ops_per_s"), ",.0f") for c in _MAIN]
        ta = by_client.get("twilio_async", {}).get("ops_per_s")
        ratios = [
            _fmt(_ratio(ta, by_client.get(c, {}).get("ops_per_s")), ".2f", "×")
            for c in ("raw", "twilio")
        ]
        lines.append(f"| {_label(report, name)} ({unit}) | " + " | ".join(cells + ratios) + " |")
        std = by_client.get(STDJSON, {}).get("ops_per_s")
        if std is not None:
            ratios = [
                _fmt(_ratio(std, by_client.get(c, {}).get("ops_per_s")), ".2f", "×")
                for c in ("raw", "twilio")
            ]
            cells = ["", _fmt(std, ",.0f"), ""]
            lines.append("| … without orjson | " + " | ".join(cells + ratios) + " |")
    lines += [
        "",
        "## Per client (medians)",
        "",
        "| workload | client | ops/s | client CPU µs/op | client CPU share | peak RSS MiB "
        "| server CPU share | p99 ms | max ms | load 1 min |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, by_client in workloads.items():
        for client in _CLIENTS:
            r = by_client.get(client)
            if r is None:
                continue
            lines.append(
                f"| {_label(report, name)} | {client} | {_fmt(r['ops_per_s'], ',.0f')} "
                f"| {_fmt(r['cpu_us_per_op'], '.1f')} "
                f"| {_fmt(r['client_cpu_share'] * 100, '.0f', '%')} "
                f"| {_fmt(r['peak_rss_mib'], '.1f')} "
                f"| {_fmt(r['server_cpu_share'] * 100, '.0f', '%')} "
                f"| {_fmt(r.get('p99_ms'), '.1f')} | {_fmt(r.get('max_ms'), '.1f')} "
                f"| {_fmt(r.get('load_1m'), '.1f')} |"
            )
    if "prefetch_on" in workloads:
        on = workloads["prefetch_on"]["twilio_async"]["wall_s"]
        off = workloads["prefetch_off"]["twilio_async"]["wall_s"]
        lines += ["", f"Prefetch walk: on {on:.2f} s, off {off:.2f} s (on ÷ off {on / off:.2f})."]
    lines += [
        "",
        "## Import time (medians)",
        "",
        "| client | module | -X importtime cumulative ms | process wall ms | wall − empty ms |",
        "|---|---|---:|---:|---:|",
    ]
    for client, r in report["imports"].items():
        lines.append(
            f"| {client} | `{r['module']}` | {r['importtime_ms']:.1f} | {r['wall_ms']:.1f} "
            f"| {r['wall_minus_empty_ms']:.1f} |"
        )
    share = report.get("import_share")
    if share is not None:
        lines += [
            "",
            "The verdict's ratio comes from one process that imports aiohttp and then "
            "twilio_async (`-X importtime`): (aiohttp + what twilio_async adds) ÷ aiohttp, "
            f"median {share['ratio']:.3f}× (quartiles {share['q1']:.3f}–{share['q3']:.3f}). "
            "Both parts are timed in the same process, so a change of machine speed between "
            "processes does not enter the ratio, as it does in the columns above.",
        ]
    lines += ["", "## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | **{t['verdict']}** |")
    lines += [
        "",
        'Throughput verdicts use the median per-round ratio of the turns; "by CPU" is the same '
        "ratio from client CPU µs per operation. "
        "Latency is per request from the caller's side (includes any wait for a pooled "
        "connection), so its max bounds the pool wait. Server CPU share is the server process's "
        "CPU seconds over the measured wall time (1.0 = one core busy).",
        "",
    ]
    return "\n".join(lines)


_CLIENTS = ("raw", "twilio_async", STDJSON, "twilio")
_MAIN = ("raw", "twilio_async", "twilio")


def _ratio_cell(ratio: dict[str, float] | None) -> str:
    if ratio is None:
        return "n/a"
    return f"{ratio['throughput']:.3f}× ({ratio['q1']:.2f}–{ratio['q3']:.2f})"


def _turns_section(report: dict[str, Any]) -> list[str]:
    """The table of the workloads measured in turns: medians per client, median ratios."""
    turns = report.get("turns", {})
    if not turns:
        return []
    lines = [
        "## Throughput in turns (the verdicts)",
        "",
        "All clients run at once, each in its own process pinned to the same CPU, and take "
        "turns: one runs while the others wait, in a rotating order (A B C, B C A, ...), so "
        "that adjacent turns meet the same machine (`benchmarks/turns.py`). A ratio is the "
        "median over rounds of the two clients' ratio in that round; in brackets, its first "
        "and third quartiles. twilio_async uses orjson when it is installed (see Versions); "
        "the row *without orjson* is the same client reading with the standard `json` module.",
        "",
        "| workload | turns × ops | raw aiohttp | twilio_async | twilio (official) "
        "| ta ÷ raw | ta ÷ official |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, summary in turns.items():
        clients = summary["clients"]
        first = next(iter(clients.values()))
        unit = _UNITS[name.split("@")[0].split("_")[0]]
        size = f"{first['turns']} × {first['ops_per_turn']:,}"
        cells = [_fmt(clients.get(c, {}).get("ops_per_s"), ",.0f") for c in _MAIN]
        ratios = [_ratio_cell(summary["ratios"].get(c)) for c in ("raw", "twilio")]
        label = _turn_label(report, name)
        lines.append(f"| {label} ({unit}) | {size} | " + " | ".join(cells + ratios) + " |")
        if STDJSON in clients:
            std = summary.get("stdjson_ratios", {})
            cells = ["", _fmt(clients[STDJSON]["ops_per_s"], ",.0f"), ""]
            ratios = [_ratio_cell(std.get(c)) for c in ("raw", "twilio")]
            lines.append("| … without orjson | | " + " | ".join(cells + ratios) + " |")
    lines += [
        "",
        "| workload | client | ops/s | client CPU µs/op | client CPU share |",
        "|---|---|---:|---:|---:|",
    ]
    for name, summary in turns.items():
        for client in _CLIENTS:
            r = summary["clients"].get(client)
            if r is not None:
                lines.append(
                    f"| {_turn_label(report, name)} | {client} | {_fmt(r['ops_per_s'], ',.0f')} "
                    f"| {_fmt(r['cpu_us_per_op'], '.1f')} "
                    f"| {_fmt(r['client_cpu_share'] * 100, '.0f', '%')} |"
                )
    return [*lines, ""]


def _turn_label(report: dict[str, Any], name: str) -> str:
    """As :func:`_label`, without the request count of the separate runs."""
    if name.startswith("create@"):
        return f"create, concurrency {name.split('@')[1]}"
    return _label(report, name)
