"""Command-line entry points of `rukun.detect`: ``rukun detect``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this package's subcommands to the ``rukun`` command."""
    p = subparsers.add_parser(
        "detect",
        help="Prospective surveillance day by day over CSV files; writes alerts as JSONL",
        description="Runs the daily analysis the system runs, once for each day from --from to "
        "--to, using only reports up to that day, and writes one JSON line per alert raised.",
    )
    p.add_argument(
        "--areas", required=True, help="areas.csv: area_id,name,lat,lon,population[,district]"
    )
    p.add_argument(
        "--events",
        required=True,
        help="events.csv: event_id,date,area_id[,category,severity,duplicate_group,place]",
    )
    p.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="first day, YYYY-MM-DD"
    )
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day, YYYY-MM-DD")
    p.add_argument("--output", required=True, help="alerts.jsonl to write ('-' for stdout)")
    p.add_argument(
        "--emit",
        choices=("new", "all"),
        default="new",
        help="'new': each alert on the day it is raised (default); 'all': also the "
        "days it grows (status 'updated')",
    )
    p.add_argument(
        "--recurrence-days",
        type=float,
        default=None,
        help="alert threshold as a recurrence interval in days (default 365)",
    )
    p.add_argument("--replications", type=int, default=None, help="Monte Carlo replications (999)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default 0)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=handle_detect)


def _config(args: argparse.Namespace):
    from rukun.detect.types import DetectionConfig

    overrides = {}
    if args.recurrence_days is not None:
        overrides["recurrence_threshold_days"] = args.recurrence_days
    if args.replications is not None:
        overrides["n_replications"] = args.replications
    if args.seed is not None:
        overrides["random_state"] = args.seed
    return DetectionConfig(**overrides).validate()


def _progress(start: dt.date, end: dt.date):
    """Report the day being analysed: in place on a terminal, a line a month in a log."""
    total = (end - start).days + 1
    tty = sys.stderr.isatty()

    def report(day) -> None:
        done = (dt.date.fromisoformat(str(day)) - start).days + 1
        if tty:
            print(f"\r{day} ({done}/{total})", end="\n" if done >= total else "", file=sys.stderr)
        elif done % 30 == 1 or done >= total:
            print(f"analysed up to {day} ({done}/{total} days)", file=sys.stderr)

    return report


def handle_detect(args: argparse.Namespace) -> int:
    import json
    import os
    import tempfile

    from rukun.detect.backtest import backtest
    from rukun.detect.csvio import InputError, read_areas, read_events

    try:
        start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    except ValueError as exc:
        print(f"rukun detect: --from/--to must be YYYY-MM-DD: {exc}", file=sys.stderr)
        return 2
    try:
        config = _config(args)
        areas = read_areas(args.areas)
        events = read_events(args.events, areas)
        progress = None if args.quiet else _progress(start, end)
        alerts = backtest(areas, events, start, end, config, emit=args.emit, progress=progress)
    except (InputError, ValueError) as exc:
        print(f"rukun detect: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"{len(alerts)} alert(s)", file=sys.stderr)
    lines = "".join(json.dumps(a.to_record(), ensure_ascii=False) + "\n" for a in alerts)
    if args.output == "-":
        sys.stdout.write(lines)
        return 0
    # write to a temporary file and rename: never a half-written output
    folder = os.path.dirname(os.path.abspath(args.output))
    with tempfile.NamedTemporaryFile(
        "w", dir=folder, delete=False, encoding="utf-8", suffix=".part"
    ) as tmp:
        tmp.write(lines)
    os.replace(tmp.name, args.output)
    return 0
