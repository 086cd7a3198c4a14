"""Web forms for reports; they build the same payload the API takes, so one
validator (``validation.validate_submission``) judges every channel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

SOURCE_LABELS = {
    "krt_report": _("KRT committee report"),
    "srs_patrol": _("SRS patrol log"),
    "mediator_note": _("Mediator's note"),
    "resident_message": _("Message from a resident"),
    "social_media": _("Social-media post"),
    "public_complaint": _("Public complaint"),
}


class PublicReportForm(forms.Form):
    text = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("Any language: Bahasa Melayu, English, 中文, தமிழ். Up to 5,000 characters."),
    )
    place = forms.CharField(
        label=_("Where? (taman, jalan, flat or kampung)"), max_length=200, required=False
    )
    krt_code = forms.CharField(label=_("KRT code, if you know it"), max_length=24, required=False)
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    anonymous = forms.BooleanField(label=_("Stay anonymous"), required=False, initial=True)
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    reporter_contact = forms.CharField(
        label=_("Phone or e-mail (optional)"), max_length=120, required=False
    )

    source = "public_complaint"

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        body: dict[str, Any] = {
            "source": self.source,
            "text": data["text"],
            "anonymous": bool(data.get("anonymous")),
        }
        text = data["text"]
        if data.get("place"):
            body["text"] = f"{text}\n\n[{data['place']}]"
        for name in ("krt_code", "reporter_name", "reporter_contact", "lat", "lon"):
            if data.get(name) not in (None, ""):
                body[name] = data[name]
        if data.get("occurred_at"):
            body["occurred_at"] = data["occurred_at"].isoformat()
        return body


class OfficerReportForm(PublicReportForm):
    source_choice = forms.ChoiceField(
        label=_("Kind of report"), choices=list(SOURCE_LABELS.items()), initial="krt_report"
    )
    external_id = forms.CharField(
        label=_("Your reference (optional)"), max_length=128, required=False
    )

    field_order = [
        "source_choice",
        "text",
        "krt_code",
        "place",
        "occurred_at",
        "external_id",
        "reporter_name",
        "reporter_contact",
        "anonymous",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["anonymous"].initial = False
        self.fields["krt_code"].label = _("KRT code")
        self.fields["krt_code"].widget.attrs["list"] = "krt-options"

    def payload(self) -> dict[str, Any]:
        body = super().payload()
        body["source"] = self.cleaned_data["source_choice"]
        if self.cleaned_data.get("external_id"):
            body["external_id"] = self.cleaned_data["external_id"]
        return body


def attach_errors(form: forms.Form, errors: list[dict[str, str]]) -> None:
    """Show intake errors on the form's own fields where it has them."""
    for error in errors:
        name = error["field"] if error["field"] in form.fields else None
        form.add_error(
            name,
            f"{error['message']} ({error['allowed']})"
            if error.get("allowed")
            else error["message"],
        )
