"""Dashboard pages (being built): national → state → district → KRT, and weekly briefs."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404("the dashboard is being built")


national = state = district = krt_profile = district_brief = district_brief_pdf = _not_yet
