from django.core.management.base import BaseCommand

from rukun.web.reports.intake import enrich_reports
from rukun.web.reports.models import Enrichment, Report


class Command(BaseCommand):
    help = (
        "Re-run understanding on reports whose enrichment is pending or failed (or all with --all)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="re-enrich every report, e.g. after a new model"
        )
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, all=False, batch=1000, **options):
        qs = Report.objects.all() if all else Report.objects.exclude(enrichment=Enrichment.DONE)
        ids = list(qs.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), batch):
            enrich_reports(
                list(Report.objects.filter(id__in=ids[start : start + batch]).order_by("id"))
            )
        failed = Report.objects.filter(id__in=ids, enrichment=Enrichment.FAILED).count()
        self.stdout.write(f"{len(ids) - failed} enriched, {failed} failed")
