import datetime as dt

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from rukun.web.accounts.demo import DEMO_PASSWORD, create_demo_accounts, create_demo_token
from rukun.web.registry.importers import import_builtin, import_reference
from rukun.web.registry.krt import generate_krts
from rukun.web.registry.models import District, Krt
from rukun.web.reports.demo import (
    DEFAULT_SOURCES,
    SOURCE_BY_CATEGORY,
    TextBank,
    language_for,
    pick_flat,
    plan,
)
from rukun.web.reports.intake import enrich_reports
from rukun.web.reports.models import Channel, LocationStatus, Report


class Command(BaseCommand):
    help = "Load geography, about 8,600 generated KRTs, demo accounts and a year of demo reports."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--end",
            type=dt.date.fromisoformat,
            default=None,
            help="last day of reports (default yesterday)",
        )
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--reset", action="store_true", help="replace existing demo reports")
        parser.add_argument("--krts", type=int, default=8600, help="KRTs to generate nationwide")
        parser.add_argument(
            "--surveil-days",
            type=int,
            default=21,
            help="run the daily surveillance over this many last days, so alerts exist (0: none)",
        )

    def handle(self, *args, seed, end, days, reset, krts, surveil_days, **options):
        from django.conf import settings

        if not District.objects.exists():
            summary = (
                import_reference(settings.REFERENCE_DIR)
                if settings.REFERENCE_DIR
                else import_builtin()
            )
            self.stdout.write(
                f"geography: {summary.states} states, {summary.districts} districts from {summary.source}"
            )
        if not Krt.objects.exists():
            self.stdout.write(f"KRTs: generated {generate_krts(krts, random_state=seed)}")

        end = end or timezone.localdate() - dt.timedelta(days=1)
        existing = Report.objects.filter(channel=Channel.DEMO)
        if existing.exists() and not reset:
            self.stdout.write(
                f"demo reports: {existing.count()} already loaded (use --reset to rebuild)"
            )
        else:
            self._load_reports(end, seed, days, reset)

        if surveil_days > 0:
            self._surveil(end, surveil_days)
        petaling = list(Krt.objects.filter(district__key="10_5").order_by("code"))
        rows = create_demo_accounts(pick_flat(petaling) if petaling else None)
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for username, role, scope in rows:
            self.stdout.write(f"  {username:<14} {role:<28} {scope}")
        self.stdout.write(f"\nAPI token for the demo gateway (shown once): {create_demo_token()}")

    def _surveil(self, end, days):
        from rukun.web.alerts.surveil import surveil
        from rukun.web.registry.models import State

        states = list(State.objects.filter(reports__channel=Channel.DEMO).distinct())
        new = 0
        for offset in range(days - 1, -1, -1):
            for result in surveil(end - dt.timedelta(days=offset), states):
                new += result.n_new
        self.stdout.write(f"surveillance: {days} days up to {end}, {new} new alerts")

    def _load_reports(self, end, seed, days, reset):
        if reset:
            Report.objects.filter(channel=Channel.DEMO).delete()
        planned, _ = plan(end, seed=seed, days=days)
        try:
            bank = TextBank(np.random.default_rng(seed + 1))
        except ValueError as exc:
            raise CommandError(f"the corpus cannot be read: {exc}") from exc
        rng = np.random.default_rng(seed + 2)
        now = timezone.now()
        rows = []
        for n, item in enumerate(planned):
            if item.occurred_at > now:
                continue
            text, _ = bank.draw(item.category, language_for(item.krt, rng), item.severity_at_least)
            sources = SOURCE_BY_CATEGORY.get(item.category, DEFAULT_SOURCES)
            source = sources[int(rng.integers(len(sources)))]
            received = min(item.occurred_at + dt.timedelta(minutes=int(rng.integers(5, 600))), now)
            tags = [f"demo:{item.episode}"] if item.episode else []
            payload = {
                "source": source,
                "external_id": f"demo-{seed}-{n}",
                "text": text,
                "krt_code": item.krt.code,
                "occurred_at": item.occurred_at.isoformat(),
                "tags": tags,
            }
            rows.append(
                Report(
                    source=source,
                    external_id=payload["external_id"],
                    channel=Channel.DEMO,
                    received_at=received,
                    occurred_at=item.occurred_at,
                    text=text,
                    raw_payload=payload,
                    krt=item.krt,
                    district=item.krt.district,
                    state=item.krt.district.state,
                    location_status=LocationStatus.RESOLVED,
                    tags=tags,
                )
            )
        with transaction.atomic():
            Report.objects.bulk_create(rows, batch_size=2000)
        self.stdout.write(
            f"demo reports: {len(rows)} from {planned[0].occurred_at:%Y-%m-%d} to {end}"
        )
        stored = list(
            Report.objects.filter(channel=Channel.DEMO, enrichment="pending").order_by("id")
        )
        for start in range(0, len(stored), 1000):
            enrich_reports(stored[start : start + 1000])
        done = Report.objects.filter(channel=Channel.DEMO, enrichment="done").count()
        self.stdout.write(f"enriched: {done} of {len(stored)}")
