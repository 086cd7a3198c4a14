from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rukun.web.registry.importers import CREDIT, import_builtin, import_reference


class Command(BaseCommand):
    help = "Import states and districts from the DOSM files (RUKUN_REFERENCE_DIR) or the built-in list."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference-dir",
            type=Path,
            default=None,
            help="the data/my folder; default RUKUN_REFERENCE_DIR",
        )
        parser.add_argument(
            "--builtin",
            action="store_true",
            help="use the built-in list even when the files are present",
        )
        parser.add_argument(
            "--year", default="2020", help="census year for population and ethnicity (default 2020)"
        )

    def handle(self, *args, reference_dir=None, builtin=False, year="2020", **options):
        folder = reference_dir or settings.REFERENCE_DIR
        if builtin or folder is None:
            summary = import_builtin()
        else:
            try:
                summary = import_reference(Path(folder), year=year)
            except FileNotFoundError as exc:
                raise CommandError(str(exc)) from exc
        from rukun.web.dashboard.geo import forget_outlines

        forget_outlines()  # this process's cached map outlines are stale now
        self.stdout.write(
            f"{summary.states} states, {summary.districts} districts "
            f"({summary.with_boundary} with boundaries, {summary.with_ethnicity} with ethnic mix) "
            f"from {summary.source}"
        )
        if summary.with_ethnicity:
            self.stdout.write(CREDIT)
