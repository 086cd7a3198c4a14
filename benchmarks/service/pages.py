"""Page load times and database queries of the dashboard and alert pages on the demo data.

Each page is requested through Django's test client (the whole request: middleware,
session, views, templates; no network), once to warm caches, then ``--loads`` times;
the figures are the median and the 90th percentile of the wall-clock time, the
number of SQL queries and the size of the page. Run it on a database built by
``rukun demo`` and ``rukun manage surveil`` (see ``docs/dashboard.md``):

    RUKUN_DATA_DIR=/tmp/rukun-bench .venv/bin/python benchmarks/service/pages.py [--loads 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rukun.web.settings")


def pages() -> list[tuple[str, str, str]]:
    """(user, label, URL) of every page measured, chosen from what the demo holds."""
    from rukun.web.accounts.models import User
    from rukun.web.alerts.models import Alert

    petaling = User.objects.get(username="petaling")
    district = petaling.district
    krt = User.objects.get(username="krt").krt
    alert = (
        Alert.objects.filter(districts=district).order_by("-priority_score").first()
        or Alert.objects.order_by("-priority_score").first()
    )
    rows = [
        ("analyst", "dashboard, national", "/dashboard/"),
        (
            "analyst",
            f"dashboard, state ({district.state.name})",
            f"/dashboard/state/{district.state.code}/",
        ),
        (
            "petaling",
            f"dashboard, district ({district.name})",
            f"/dashboard/district/{district.key}/",
        ),
        ("petaling", "KRT profile", f"/krt/{krt.code}/"),
        ("petaling", "weekly brief, HTML", f"/brief/{district.key}/"),
        ("petaling", "weekly brief, PDF", f"/brief/{district.key}.pdf"),
        ("analyst", "alert queue, national", "/alerts/"),
        ("petaling", "alert queue, district", "/alerts/"),
    ]
    if alert is not None:
        rows.append(("analyst", f"alert page (#{alert.pk})", f"/alerts/{alert.pk}/"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from rukun.web.accounts.models import User
    from rukun.web.alerts.models import Alert
    from rukun.web.reports.models import Report

    clients: dict[str, Client] = {}

    def client_for(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    print(
        f"database: {connection.vendor}, {Report.objects.count()} reports, "
        f"{Alert.objects.count()} alerts; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"{'page':<36} {'median ms':>9} {'p90 ms':>7} {'queries':>7} {'KiB':>6}")
    for username, label, url in pages():
        client = client_for(username)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(args.loads):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
        times.sort()
        p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
        print(
            f"{label:<36} {1000 * statistics.median(times):>9.0f} {1000 * p90:>7.0f} "
            f"{len(queries.captured_queries):>7} {len(response.content) / 1024:>6.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
