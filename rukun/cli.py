"""The ``rukun`` command.

Analytic subcommands (``classify``, ``train``, ``eval-nlp``, ``detect``) come
from ``rukun.nlp.cli`` and ``rukun.detect.cli`` and never load Django.
Operational subcommands (``serve``, ``migrate``, ``demo``, ``import-…``,
``reprocess``, …) are Django management commands of the service, passed through
unchanged, so ``rukun demo --help`` shows the command's own options.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

#: Service subcommands: ``rukun NAME ARGS`` runs the management command NAME
#: (hyphens become underscores) with ARGS.
SERVICE_COMMANDS: dict[str, str] = {
    "serve": "Run the web service (waitress) on 127.0.0.1:8000",
    "migrate": "Create or update the database schema",
    "demo": "Load geography, demo accounts and a year of demo reports",
    "import-geo": "Import states, districts and census figures from the DOSM files",
    "import-krt": "Import a KRT register from CSV",
    "import-reports": "Import reports from a CSV or JSONL file",
    "export-corrections": "Write officers' label corrections as training records (JSONL)",
    "surveil": "Run the daily surveillance and raise alerts (--watch to keep running)",
    "reprocess": "Re-run understanding on reports that are pending or failed",
    "createsuperuser": "Create a system administrator account",
    "create-token": "Create an API token for an integration (printed once)",
    "manage": "Run any Django management command: rukun manage COMMAND ...",
}


def _run_service_command(name: str, rest: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rukun.web.settings")
    from django.core.management import execute_from_command_line

    argv = ["rukun", *rest] if name == "manage" else ["rukun", name.replace("-", "_"), *rest]
    execute_from_command_line(argv)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from rukun import __version__
    from rukun.detect import cli as detect_cli
    from rukun.nlp import cli as nlp_cli

    parser = argparse.ArgumentParser(
        prog="rukun",
        description="Early warning of micro-conflicts in Malaysian neighbourhoods.",
    )
    parser.add_argument("--version", action="version", version=f"rukun {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    nlp_cli.register(subparsers)
    detect_cli.register(subparsers)
    for name, help_text in SERVICE_COMMANDS.items():
        subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SERVICE_COMMANDS:
        return _run_service_command(args[0], args[1:])
    parser = build_parser()
    namespace = parser.parse_args(args)
    handler = getattr(namespace, "func", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(namespace))
