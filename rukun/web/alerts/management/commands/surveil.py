import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rukun.web.alerts.surveil import surveil
from rukun.web.registry.models import State


class Command(BaseCommand):
    help = "Run the daily surveillance (every method of rukun.detect, overall and per category) for each state."

    def add_arguments(self, parser):
        parser.add_argument(
            "--day",
            type=dt.date.fromisoformat,
            default=None,
            help="analysis day (default: yesterday, the last complete day)",
        )
        parser.add_argument(
            "--from",
            dest="start",
            type=dt.date.fromisoformat,
            default=None,
            help="first day of a catch-up range",
        )
        parser.add_argument(
            "--state",
            type=int,
            action="append",
            help="DOSM state code; repeat for several (default: all)",
        )
        parser.add_argument(
            "--replications", type=int, default=None, help="Monte Carlo replications (default 999)"
        )
        parser.add_argument(
            "--watch",
            action="store_true",
            help="keep running: analyse each day as soon as it has ended",
        )
        parser.add_argument(
            "--interval", type=int, default=900, help="seconds between checks in --watch mode"
        )

    def handle(
        self,
        *args,
        day=None,
        start=None,
        state=None,
        replications=None,
        watch=False,
        interval=900,
        **options,
    ):
        from rukun.detect import DetectionConfig

        config = (
            DetectionConfig(n_replications=replications)
            if replications is not None
            else DetectionConfig()
        )
        states = None
        if state:
            states = list(State.objects.filter(code__in=state))
            if len(states) != len(set(state)):
                raise CommandError(f"unknown state code among {state}; allowed: 1–16")
        while True:
            # A day is analysed once, so only a complete day is analysed: a partial
            # today would count low against full-day baselines and never be revisited.
            last = day or timezone.localdate() - dt.timedelta(days=1)
            first = start or last
            if first > last:
                raise CommandError(f"--from {first} is after the analysis day {last}")
            current = first
            while current <= last:
                for result in surveil(current, states, config):
                    self.stdout.write(
                        f"{result.day} {result.state:<22} {result.status:<8} reports={result.n_reports} "
                        f"signals={result.n_signals} new={result.n_new} updated={result.n_updated} {result.seconds:.1f}s"
                    )
                current += dt.timedelta(days=1)
            if not watch:
                return
            start = last + dt.timedelta(days=1)
            while timezone.localdate() - dt.timedelta(days=1) < start:
                time.sleep(interval)
