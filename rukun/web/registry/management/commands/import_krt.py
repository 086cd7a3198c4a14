from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rukun.web.registry.krt import KRT_COLUMNS, import_krt_csv


class Command(BaseCommand):
    help = (
        f"Import a KRT register from CSV (columns {','.join(KRT_COLUMNS)}, optional ethnic counts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist")
        try:
            summary = import_krt_csv(file)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
