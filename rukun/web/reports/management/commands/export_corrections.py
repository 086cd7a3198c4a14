"""``rukun export-corrections FILE``: officers' label corrections as training records."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from rukun.web.reports.models import Report


class Command(BaseCommand):
    help = "Write corrected reports as JSONL training records (redacted text, the officers' labels) for `rukun train --extra FILE`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        reports = Report.objects.filter(corrections__isnull=False).distinct().order_by("id")
        n = 0
        with file.open("w", encoding="utf-8") as out:
            for r in reports.iterator():
                # Redacted text: personal data never enters a training set.
                record = {
                    "id": f"correction-{r.pk}",
                    "text": r.redacted_text,
                    "category": r.category,
                    "three_r": bool(r.three_r),
                    "severity": r.severity,
                    "language": r.language,
                    "source": r.source,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        self.stdout.write(f"{n} corrected reports written to {file}")
