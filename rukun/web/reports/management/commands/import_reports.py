"""``rukun import-reports FILE``: stream a CSV or JSONL file through intake."""

import csv
import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rukun.web.audit.models import AuditEvent
from rukun.web.reports.intake import submit_many
from rukun.web.reports.models import Channel

BATCH = 500


def _rows(path: Path, fmt: str):
    """Yield (line number, payload or error message) without loading the file whole."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if fmt == "jsonl":
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, f"not valid JSON: {exc.msg}"
        else:
            reader = csv.DictReader(handle)
            for row in reader:
                payload = {k: v for k, v in row.items() if k and v not in (None, "")}
                if "tags" in payload:
                    payload["tags"] = [t.strip() for t in payload["tags"].split(";") if t.strip()]
                if "anonymous" in payload:
                    payload["anonymous"] = payload["anonymous"].strip().lower() in (
                        "1",
                        "true",
                        "yes",
                    )
                yield reader.line_num, payload


class Command(BaseCommand):
    help = (
        "Import reports from CSV (a header of report fields) or JSONL (one report object per line)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format",
            choices=("csv", "jsonl"),
            default=None,
            help="default: from the file extension",
        )
        parser.add_argument(
            "--show-rejected",
            type=int,
            default=20,
            help="how many rejected rows to list (default 20)",
        )

    def handle(self, *args, file: Path, format=None, show_rejected=20, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist")
        fmt = format or (
            "jsonl" if file.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"
        )
        counts: Counter[str] = Counter()
        rejected: list[str] = []
        batch: list[tuple[int, object]] = []

        def flush():
            outcomes = submit_many([p for _, p in batch], channel=Channel.IMPORT)
            for (line, _), outcome in zip(batch, outcomes, strict=True):
                counts[outcome.status] += 1
                if outcome.status == "rejected":
                    why = "; ".join(f"{e['field']}: {e['message']}" for e in outcome.errors)
                    rejected.append(f"  line {line}: {why}")
            batch.clear()

        for line, payload in _rows(file, fmt):
            if isinstance(payload, str):
                counts["rejected"] += 1
                rejected.append(f"  line {line}: {payload}")
                continue
            batch.append((line, payload))
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        AuditEvent.objects.create(
            actor="cli",
            action="import",
            object_type="report",
            object_id=file.name[:64],
            detail=dict(counts),
        )
        self.stdout.write(
            f"{counts['accepted']} accepted, {counts['duplicate']} duplicate, {counts['rejected']} rejected"
        )
        for line in rejected[:show_rejected]:
            self.stdout.write(line)
        if len(rejected) > show_rejected:
            self.stdout.write(f"  … and {len(rejected) - show_rejected} more")
