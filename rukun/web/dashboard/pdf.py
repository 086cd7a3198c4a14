"""The weekly district brief as PDF, drawn with ReportLab (pure Python, no system libraries).

It takes the same context as the HTML brief (``brief.brief_context``) and draws
the same parts: key figures, the district map, the weekly trend by cluster,
open alerts with their summaries, interventions due and KRTs at risk. Labels
follow the request's language, as in the HTML.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, Path, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

WIDTH = A4[0] - 30 * mm


def _map(static_map: dict, width: float) -> Drawing:
    k = width / static_map["width"]
    height = static_map["height"] * k
    drawing = Drawing(width, height)

    def xy(point):
        # SVG's y grows downwards; PDF's upwards.
        return point[0] * k, height - point[1] * k

    def ring_path(ring, **style) -> Path:
        path = Path(**style)
        for i, point in enumerate(ring):
            x, y = xy(point)
            (path.lineTo if i else path.moveTo)(x, y)
        path.closePath()
        return path

    for ring in static_map["outline_points"]:
        drawing.add(
            ring_path(
                ring,
                fillColor=colors.HexColor("#eef2f6"),
                strokeColor=colors.HexColor("#5b6776"),
                strokeWidth=0.6,
            )
        )
    for area in static_map["areas"]:
        for ring in area["points"]:
            drawing.add(
                ring_path(
                    ring,
                    fillColor=None,
                    strokeColor=colors.HexColor("#a1262b"),
                    strokeWidth=1,
                    strokeDashArray=[3, 2],
                )
            )
    for m in static_map["markers"]:
        x, y = xy(m["xy"])
        drawing.add(
            Circle(
                x,
                y,
                2.4 if m["level"] else 1.5,
                fillColor=colors.HexColor(m["colour"]),
                strokeColor=colors.white,
                strokeWidth=0.3,
            )
        )
    return drawing


def _chart(chart: dict, width: float) -> Drawing:
    k = width / chart["width"]
    height = chart["height"] * k
    drawing = Drawing(width, height)
    for tick in chart["ticks"]:
        y = height - tick["y"] * k
        drawing.add(
            Line(
                chart["axis_x"] * k,
                y,
                width,
                y,
                strokeColor=colors.HexColor("#d9dee5"),
                strokeWidth=0.5,
            )
        )
        drawing.add(
            String(
                chart["axis_x"] * k - 3, y - 2.5, str(tick["label"]), fontSize=6.5, textAnchor="end"
            )
        )
    for bar in chart["bars"]:
        drawing.add(
            Rect(
                bar["x"] * k,
                height - (bar["y"] + bar["h"]) * k,
                bar["w"] * k,
                bar["h"] * k,
                fillColor=colors.HexColor(bar["colour"]),
                strokeColor=None,
            )
        )
    for label in chart["xlabels"]:
        drawing.add(String(label["x"] * k, 2, label["label"], fontSize=6.5, textAnchor="middle"))
    return drawing


def _legend(items: list[tuple[str, str]], style) -> Paragraph:
    return Paragraph(
        " &nbsp; ".join(
            f'<font color="{colour}">&#9679;</font> {_esc(label)}' for label, colour in items
        ),
        style,
    )


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows: list[list], widths: list[float], small) -> Table:
    data = [
        [Paragraph(_esc(c) if not isinstance(c, Paragraph) else c.text, small) for c in row]
        for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d9dee5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def render_brief(ctx: dict) -> bytes:
    styles = getSampleStyleSheet()
    body, small, h2 = (
        styles["BodyText"],
        styles["BodyText"].clone("small", fontSize=8, leading=10),
        styles["Heading2"],
    )
    district = ctx["district"]
    buffer = io.BytesIO()
    title = f"{_('Weekly district brief')}: {district.name}, {district.state.name}"
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm, bottomMargin=14 * mm,
        title=title, author="rukun", subject=f"{ctx['week_start']} – {ctx['week_end']}",
    )  # fmt: skip
    stats, counts = ctx["stats"], ctx["level_counts"]
    generated, previous, overdue = _("generated"), _("previous 3 weeks"), _("overdue")
    story = [
        Paragraph(_esc(title), styles["Title"]),
        Paragraph(
            f"{ctx['week_start']:%Y-%m-%d} – {ctx['week_end']:%Y-%m-%d} · {generated} {ctx['generated']:%Y-%m-%d %H:%M}",
            body,
        ),
        Spacer(1, 4 * mm),
        _table(
            [
                [
                    _("Reports this week"),
                    _("Open alerts"),
                    _("KRTs elevated or high"),
                    _("Severity 3–4, last 28 days"),
                ],
                [
                    f"{stats['n7']} ({previous}: {ctx['previous_mean']:.1f})",
                    str(len(ctx["alerts"])),
                    f"{counts[2] + counts[3]} / {ctx['n_krts']}",
                    f"{stats['severe28']} (3R: {stats['three_r28']})",
                ],
            ],
            [WIDTH / 4] * 4,
            small,
        ),
        Paragraph(_("Map"), h2),
        _map(ctx["static_map"], WIDTH * 0.8),
        _legend(
            [(i["label"], i["colour"]) for i in ctx["legend"]]
            + [(_("Open alert area"), "#a1262b")],
            small,
        ),
        KeepTogether(
            [
                Paragraph(_("Reports per week by issue cluster"), h2),
                _chart(ctx["cluster_chart"], WIDTH),
                _legend(
                    [(f"{s.label} ({s.total})", s.colour) for s in ctx["cluster_chart"]["series"]],
                    small,
                ),
            ]
        ),
        Paragraph(_("Open alerts"), h2),
    ]
    alert_rows = [[_("Priority"), _("Summary"), _("Status")]] + [
        [a.get_priority_display(), f"#{a.pk} {a.summary}", a.get_status_display()]
        for a in ctx["alerts"]
    ]
    story.append(
        _table(alert_rows, [WIDTH * 0.12, WIDTH * 0.72, WIDTH * 0.16], small)
        if ctx["alerts"]
        else Paragraph(_("No open alerts."), body)
    )
    story.append(Paragraph(_("Interventions due"), h2))
    if ctx["interventions"]:
        rows = [[_("Due"), _("Kind"), _("Alert"), _("Owner"), _("Status")]] + [
            [
                f"{i.due:%Y-%m-%d}" + (f" ({overdue})" if i.overdue else ""),
                i.get_kind_display(),
                f"#{i.alert_id}",
                str(i.owner),
                i.get_status_display(),
            ]
            for i in ctx["interventions"]
        ]
        story.append(_table(rows, [WIDTH * w for w in (0.2, 0.3, 0.1, 0.2, 0.2)], small))
    else:
        story.append(Paragraph(_("None due."), body))
    story.append(Paragraph(_("KRTs at risk"), h2))
    if ctx["krts_at_risk"]:
        rows = [["KRT", _("Reports, 28 days"), _("Expected")]] + [
            [r.name, str(r.recent), f"{r.expected:.1f}"] for r in ctx["krts_at_risk"]
        ]
        story.append(_table(rows, [WIDTH * 0.6, WIDTH * 0.2, WIDTH * 0.2], small))
    else:
        story.append(Paragraph(_("No KRT is above calm."), body))
    story.append(Paragraph(_("By category"), h2))
    rows = [[_("Category"), _("Total"), _("Last week")]] + [
        [row["series"].label, str(row["series"].total), str(row["last"])]
        for row in ctx["category_rows"]
    ]
    story.append(_table(rows, [WIDTH * 0.6, WIDTH * 0.2, WIDTH * 0.2], small))
    doc.build(story)
    return buffer.getvalue()
