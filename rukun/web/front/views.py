"""The home page of each role, and the health check."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rukun.core.taxonomy import CATEGORY_NAMES_EN, CATEGORY_NAMES_MS
from rukun.web.accounts.scoping import scope_label
from rukun.web.reports.models import LocationStatus, Report


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    visible = Report.objects.visible_to(user)
    month = visible.filter(occurred_at__gte=now - dt.timedelta(days=30))
    stats = month.aggregate(
        last_30=Count("id"),
        last_7=Count("id", filter=Q(occurred_at__gte=now - dt.timedelta(days=7))),
        severe_30=Count("id", filter=Q(severity__gte=3)),
        three_r_30=Count("id", filter=Q(three_r=True)),
        unresolved=Count("id", filter=Q(location_status=LocationStatus.UNRESOLVED)),
    )
    names = CATEGORY_NAMES_MS if request.LANGUAGE_CODE == "ms" else CATEGORY_NAMES_EN
    by_category = [
        {"name": names.get(row["category"], row["category"]), "n": row["n"]}
        for row in month.exclude(category="")
        .values("category")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    latest = list(visible.select_related("krt", "district").order_by("-occurred_at", "-id")[:10])
    return render(
        request,
        "front/home.html",
        {
            "stats": stats,
            "by_category": by_category,
            "latest": latest,
            "scope": scope_label(user),
            "role_label": user.get_role_display(),
        },
    )
