"""One self-contained HTML page from a report document (inline CSS and SVG, no links out).

The same page, with ``paper`` set, is what :mod:`learnloop.lib.report.pdf` prints. Django-free:
the page is built from small functions that escape every value they insert.
"""

from __future__ import annotations

from html import escape
from typing import Any

from learnloop.lib.report.charts import distribution_bar, distribution_text, heatmap_colour, legend

DASH = "\u2013"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
STATUS_TEXT = {
    "met": "Met",
    "needs_attention": "Needs attention",
    "requires_improvement": "Requires improvement",
    "insufficient_data": "Insufficient data",
}
FLAG_TEXT = {
    "split": "split",
    "met_but_dissent": "met but dissent",
    "low_consensus": "low consensus",
    "small_group": "small group",
}
CONSENSUS_TEXT = {
    "high": "High consensus: on average within half a level of the typical answer",
    "moderate": "Moderate consensus: on average within one level of the typical answer",
    "low": "Low consensus: on average more than one level apart",
}
STARTER_TITLES = {
    "lowest_rated": "Lowest rated",
    "least_agreed": "Least agreed",
    "most_divided": "Most divided between groups",
}
VERDICT_TEXT = {
    "supported": "supported",
    "not_statistically_supported": "not statistically supported",
    "indicative_small_group": "indicative (small group)",
}

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1a1a1a; background: #fff; margin: 0 auto; padding: 1rem; max-width: 72rem;
  line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; color: #333; }
.muted { color: #555; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid #ccc; }
th { font-weight: 600; background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .6rem; font-size: .85em;
  border: 1px solid #777; white-space: nowrap; }
.status-met { background: #d8ecf7; border-color: #0571b0; }
.status-needs_attention { background: #f1f1f1; }
.status-requires_improvement { background: #fbe3d6; border-color: #ca0020; }
.status-insufficient_data { background: #fff; border-style: dashed; }
.flag { font-size: .85em; color: #333; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem; padding: 0; list-style: none; }
.legend li { padding: .1rem .5rem; border-radius: .2rem; font-size: .85em; }
.bar-text { font-size: .8em; color: #444; display: block; }
svg.distribution { display: block; max-width: 100%; height: auto; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid #bbb;
  overflow-wrap: anywhere; }
blockquote p { margin: 0; }
blockquote footer { font-size: .85em; color: #555; }
.starters { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
.starters section { border: 1px solid #ccc; border-radius: .3rem; padding: .6rem .8rem; }
.starters h3 { margin-top: 0; }
.heat { text-align: center; min-width: 4rem; }
nav ul { padding-left: 1.2rem; }
.privacy { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: .5rem; font-size: .9em; }
@media (max-width: 40rem) { body { padding: .5rem; font-size: 14px; } th, td { padding: .25rem; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote, .starters li { break-inside: avoid; page-break-inside: avoid; }
  .starters { display: block; }
  .starters section { margin-bottom: 1rem; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""


def render_html(doc: dict[str, Any], paper: str | None = None) -> str:
    """The report as one HTML page. ``paper`` ("a4" or "letter") sets the printed page size."""
    page = ""
    if paper is not None:
        if paper not in PAPER_SIZES:
            raise ValueError(f"Unknown paper size {paper!r}; use a4 or letter.")
        page = (
            f"@page {{ size: {PAPER_SIZES[paper]}; margin: 16mm 14mm 18mm; "
            "@bottom-right { content: counter(page) ' / ' counter(pages); font-size: 8pt; } }"
        )
    sections = [
        _header(doc),
        _contents(doc),
        _modules(doc),
        _starters(doc),
        _summary(doc),
        _groups(doc),
        _privacy(doc),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc['title'])}</title>\n<style>{CSS}{page}</style>\n</head>\n"
        f"<body>\n<main>\n{''.join(sections)}</main>\n</body>\n</html>\n"
    )


def _number(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return DASH if value is None else f"{round(100 * value)}%"


def _status(status: str) -> str:
    return f'<span class="badge status-{escape(status)}">{STATUS_TEXT[status]}</span>'


def _flags(cell: dict[str, Any]) -> str:
    return "".join(f' <span class="flag">· {FLAG_TEXT[f]}</span>' for f in cell.get("flags", []))


def _suppressed(doc: dict[str, Any]) -> str:
    return f'<span class="muted">Fewer than {doc["min_group_size"]} answers: not shown</span>'


def _header(doc: dict[str, Any]) -> str:
    respondents = doc.get("respondents")
    facts = [f"Generated {escape(doc['generated_at'][:16].replace('T', ' '))} UTC"]
    if respondents:
        facts.append(f"{respondents} respondents")
    facts.append(f"{len(doc['proof_points'])} proof points")
    items = "".join(
        f'<li style="background:{bg};color:{fg}">{escape(label)}</li>'
        for label, bg, fg in legend(doc["scale"]["levels"])
    )
    return (
        f"<header>\n<h1>{escape(doc['title'])}</h1>\n"
        f'<p class="muted">{" · ".join(facts)}</p>\n'
        "<p>Scale, lowest first:</p>"
        f'<ul class="legend" aria-label="Scale, lowest first">{items}</ul>\n'
        "</header>\n"
    )


def _contents(doc: dict[str, Any]) -> str:
    links = [("modules", "Modules at a glance"), ("starters", "Conversation starters")]
    links.append(("summary", "Proof points"))
    if doc["groups"]:
        links.append(("groups", "Group comparison"))
    items = "".join(f'<li><a href="#{key}">{text}</a></li>' for key, text in links)
    return f'<nav aria-label="Contents"><ul>{items}</ul></nav>\n'


def _heat_cell(value: float | None, k: int) -> str:
    background, text = heatmap_colour(value, k)
    return (
        f'<td class="heat num" style="background:{background};color:{text}">{_number(value)}</td>'
    )


def _modules(doc: dict[str, Any]) -> str:
    k = len(doc["scale"]["levels"])
    rows = []
    for module in doc["modules"]:
        rows.append(
            f'<tr><th scope="row">{escape(module["title"] or "Proof points")}</th>'
            f'<td class="num">{module["proof_points"]}</td><td class="num">{module["met"]}</td>'
            f'<td class="num">{module["needs_attention"]}</td>'
            f'<td class="num">{module["requires_improvement"]}</td>'
            f'<td class="num">{module["insufficient_data"]}</td>'
            f"{_heat_cell(module['median_interpolated_median'], k)}</tr>"
        )
    return (
        '<section id="modules" aria-labelledby="modules-title">\n'
        '<h2 id="modules-title">Modules at a glance</h2>\n<div class="table-wrap"><table>'
        '<thead><tr><th scope="col">Module</th><th class="num" scope="col">Proof points</th>'
        '<th class="num" scope="col">Met</th><th class="num" scope="col">Needs attention</th>'
        '<th class="num" scope="col">Requires improvement</th>'
        '<th class="num" scope="col">Insufficient data</th>'
        '<th class="num" scope="col">Median of medians</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n</section>\n"
    )


def _comment(comment: dict[str, Any]) -> str:
    who = [escape(comment["respondent"])]
    if comment.get("group"):
        who.append(escape(comment["group"]))
    if comment.get("rating"):
        who.append(f"rated {escape(comment['rating'])}")
    return (
        f"<blockquote><p>{escape(comment['text'])}</p>"
        f"<footer>{', '.join(who)}</footer></blockquote>"
    )


def _starters(doc: dict[str, Any]) -> str:
    parts = []
    for name, title in STARTER_TITLES.items():
        items = doc["conversation_starters"].get(name, [])
        if items:
            entries = "".join(
                f"<li><p><strong>{escape(item['proof_point'])}</strong> "
                f'<span class="muted">({escape(item["module"])})</span><br>'
                f"{escape(item['reason'])}</p>{''.join(_comment(c) for c in item['comments'])}</li>"
                for item in items
            )
            body = f"<ol>{entries}</ol>"
        else:
            body = '<p class="muted">Nothing stands out here.</p>'
        parts.append(f"<section><h3>{title}</h3>{body}</section>")
    return (
        '<section id="starters" aria-labelledby="starters-title">\n'
        '<h2 id="starters-title">Conversation starters</h2>\n'
        f'<div class="starters">{"".join(parts)}</div>\n</section>\n'
    )


def _distribution(doc: dict[str, Any], cell: dict[str, Any], title: str) -> str:
    levels = doc["scale"]["levels"]
    if cell["suppressed"]:
        return _suppressed(doc)
    bar = distribution_bar(cell["counts"], levels, title=title, dont_know=cell["dont_know"])
    summary = f"n = {cell['n']}"
    if cell["dont_know"]:
        summary += f" · don't know {cell['dont_know']}"
    return f'{bar}<span class="bar-text">{summary}</span>'


def _consensus(cell: dict[str, Any]) -> str:
    if cell["suppressed"] or cell["leik_label"] is None:
        return f'<span class="muted">{DASH}</span>'
    label = cell["leik_label"]
    return (
        f'<span title="{escape(CONSENSUS_TEXT[label])}">{label.capitalize()}</span>'
        f' <span class="muted">({_number(cell["leik"])})</span>'
    )


def _point_row(doc: dict[str, Any], point: dict[str, Any]) -> str:
    typical = DASH if point["suppressed"] else escape(point["median_label"] or DASH)
    status = _suppressed(doc) if point["suppressed"] else _status(point["status"]) + _flags(point)
    return (
        f'<tr><th scope="row">{escape(point["text"])}</th>'
        f"<td>{_distribution(doc, point, 'Distribution of answers: ' + point['text'])}</td>"
        f"<td>{typical}</td><td>{_consensus(point)}</td><td>{status}</td></tr>"
    )


def _summary(doc: dict[str, Any]) -> str:
    parts = [
        '<section id="summary" aria-labelledby="summary-title">\n'
        '<h2 id="summary-title">Proof points</h2>\n'
    ]
    head = (
        '<thead><tr><th scope="col">Proof point</th><th scope="col">Distribution</th>'
        '<th scope="col">Typical answer</th><th scope="col">Consensus</th>'
        '<th scope="col">Status</th></tr></thead>'
    )
    module_key = principle_key = None
    rows: list[str] = []

    def flush() -> None:
        if rows:
            parts.append(
                f'<div class="table-wrap"><table>{head}<tbody>{"".join(rows)}</tbody>'
                "</table></div>\n"
            )
            rows.clear()

    for point in doc["proof_points"]:
        if point["module_key"] != module_key:
            flush()
            module_key, principle_key = point["module_key"], None
            parts.append(f"<h3>{escape(point['module'] or 'Proof points')}</h3>\n")
        if point["principle_key"] != principle_key:
            flush()
            principle_key = point["principle_key"]
            if point["principle"]:
                parts.append(f"<h4>{escape(point['principle'])}</h4>\n")
        rows.append(_point_row(doc, point))
    flush()
    parts.append("</section>\n")
    return "".join(parts)


def _groups(doc: dict[str, Any]) -> str:
    if not doc["groups"]:
        return ""
    k = len(doc["scale"]["levels"])
    names = [group["name"] for group in doc["groups"]]
    head = "".join(f'<th scope="col" class="heat">{escape(name)}</th>' for name in names)
    rows = []
    for point in doc["proof_points"]:
        cells = []
        for name in names:
            cell = point["by_group"].get(name, {"suppressed": True})
            if cell["suppressed"]:
                cells.append(f'<td class="heat muted">{DASH}</td>')
            else:
                cells.append(_heat_cell(cell["interpolated_median"], k))
        rows.append(f'<tr><th scope="row">{escape(point["text"])}</th>{"".join(cells)}</tr>')
    sizes = ", ".join(f"{escape(g['name'])} ({g['n_respondents']})" for g in doc["groups"])
    return (
        '<section id="groups" aria-labelledby="groups-title">\n'
        '<h2 id="groups-title">Group comparison</h2>\n'
        f"<p>Groups and respondents: {sizes}. Cells show the interpolated median "
        f"(1 = {escape(doc['scale']['levels'][0])}, {k} = {escape(doc['scale']['levels'][-1])}); "
        f"{DASH} means too few answers to show.</p>\n"
        f'<div class="table-wrap"><table><thead><tr><th scope="col">Proof point</th>{head}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>\n{_gap_table(doc)}</section>\n"
    )


def _gap_table(doc: dict[str, Any]) -> str:
    gaps = sorted(
        (gap for gap in doc["group_gaps"] if gap["gap"]),
        key=lambda gap: -abs(gap["cliffs_delta"]),
    )
    if not gaps:
        return (
            "<h3>Gaps between groups</h3>"
            '<p class="muted">No medium or large gap between groups.</p>\n'
        )
    rows = []
    for gap in gaps:
        higher, lower = (
            (gap["group_a"], gap["group_b"])
            if gap["cliffs_delta"] > 0
            else (gap["group_b"], gap["group_a"])
        )
        rows.append(
            f'<tr><th scope="row">{escape(gap["proof_point"])}</th>'
            f"<td>{escape(higher)} rates this higher than {escape(lower)} "
            f"({gap['magnitude']} difference)</td>"
            f'<td class="num">{gap["cliffs_delta"]:+.2f}</td>'
            f'<td class="num">{gap["n_a"]} / {gap["n_b"]}</td>'
            f"<td>{VERDICT_TEXT.get(gap['verdict'] or '', '')}</td></tr>"
        )
    return (
        "<h3>Gaps between groups</h3>\n"
        '<div class="table-wrap"><table><thead><tr><th scope="col">Proof point</th>'
        '<th scope="col">Difference</th><th class="num" scope="col">Cliff\'s delta</th>'
        '<th class="num" scope="col">n</th><th scope="col">Verdict</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n"
    )


def _privacy(doc: dict[str, Any]) -> str:
    privacy = doc["privacy"]
    notes = [
        "Respondents are named." if privacy["names_shown"] else "Respondents are not named.",
        f"Groups with fewer than {doc['min_group_size']} respondents are not shown separately; "
        "their answers count in the figures for all respondents.",
    ]
    if privacy["groups_hidden"]:
        notes.append(f"{privacy['groups_hidden']} group(s) not shown for this reason.")
    alpha = doc["krippendorff_alpha"]
    notes.append(f"Krippendorff's alpha (ordinal) over all proof points: {_number(alpha, 3)}.")
    items = "".join(f"<li>{note}</li>" for note in notes)
    return f'<footer class="privacy"><h2>About this report</h2><ul>{items}</ul></footer>\n'


def text_equivalent(doc: dict[str, Any], point: dict[str, Any]) -> str:
    """The distribution of one proof point as a sentence (for pages that show the bar)."""
    return distribution_text(point["counts"], doc["scale"]["levels"], point["dont_know"])
