from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rukun.web.accounts.models import Role
from rukun.web.audit.models import Action, AuditEvent

PAGE = 100


@login_required
@require_http_methods(["GET"])
def audit_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in (Role.AUDITOR, Role.ADMIN):
        raise PermissionDenied("only auditors read the audit trail")
    f = {k: request.GET.get(k, "").strip() for k in ("actor", "action", "object_type")}
    qs = AuditEvent.objects.all()
    if f["actor"]:
        qs = qs.filter(actor__icontains=f["actor"])
    if f["action"] in Action.values:
        qs = qs.filter(action=f["action"])
    if f["object_type"]:
        qs = qs.filter(object_type=f["object_type"])
    try:
        page = min(max(0, int(request.GET.get("page", "0"))), 10_000)
    except ValueError:
        page = 0
    events = list(qs[page * PAGE : (page + 1) * PAGE + 1])
    return render(
        request,
        "audit/list.html",
        {
            "events": events[:PAGE],
            "more": len(events) > PAGE,
            "next_page": page + 1,
            "f": f,
            "query": urlencode({k: v for k, v in f.items() if v}),
            "actions": Action.choices,
        },
    )
