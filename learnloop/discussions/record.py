"""The record of a discussion: a short document with the date, the facilitator, who was there,
the agenda, the vote results, the problems with their whys and fishbone, the actions reviewed,
and the notes and decisions, as Markdown and as PDF.

Both render the same data (``record_data``). In Markdown every piece of text people typed is
escaped, so it reads as typed and can never become a heading, a list, emphasis, a Markdown
link or raw HTML; the PDF is rendered from a template with Django's autoescaping, so no HTML
from users reaches it. Vote results are totals per item: the record never says who voted for
what.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnloop.discussions import queries
from learnloop.discussions.models import Discussion


def record_data(discussion: Discussion) -> dict[str, Any]:
    """Everything the record shows: a fixed number of queries (about fifteen)."""
    session = discussion.session
    problems = queries.problems_of(discussion)
    voting = queries.room(discussion, None)
    return {
        "discussion": discussion,
        "session": session,
        "organization": session.organization,
        "facilitator": str(discussion.facilitator) if discussion.facilitator else "",
        "people": [participant.person.name for participant in queries.participants_of(discussion)],
        "agenda": [part for part in queries.agenda_of(discussion) if part.items],
        "results": [entry for entry in voting.results if entry.votes],
        "total_votes": voting.total_votes,
        "people_voted": voting.people_voted,
        "problems": [
            {
                "problem": problem,
                "whys": list(problem.whys.all()),
                "bones": [bone for bone in queries.fishbone(problem) if bone.causes],
                "proof_points": [pp.text for pp in problem.proof_points.all()],
                "actions": list(problem.actions.all()),
            }
            for problem in problems
        ],
        "reviews": [action for action in queries.carried_actions(discussion) if action.review_here],
        "notes": queries.notes_of(discussion),
        "generated_at": timezone.now(),
    }


def record_document(data: dict[str, Any]) -> dict[str, Any]:
    """The record (``record_data``) as plain JSON data, for the API: the same facts as the
    Markdown and the PDF, vote results as totals per item (never who voted for what)."""
    discussion = data["discussion"]
    return {
        "id": discussion.pk,
        "title": discussion.title,
        "held_on": discussion.held_on.isoformat(),
        "session": {"id": data["session"].pk, "title": data["session"].title},
        "facilitator": data["facilitator"] or None,
        "people": data["people"],
        "votes_per_person": discussion.votes_per_person,
        "voting_open": discussion.voting_open,
        "agenda": [
            {
                "section": part.section,
                "title": part.title,
                "items": [
                    {
                        "title": item.title,
                        "notes": item.notes,
                        "finding_id": item.finding_id,
                        "proof_point_id": item.proof_point_id,
                    }
                    for item in part.items
                ],
            }
            for part in data["agenda"]
        ],
        "votes": {
            "total": data["total_votes"],
            "people_voted": data["people_voted"],
            "results": [
                {
                    "title": entry.title,
                    "finding_id": entry.finding_id,
                    "proof_point_id": entry.proof_point_id,
                    "votes": entry.votes,
                }
                for entry in data["results"]
            ],
        },
        "problems": [
            {
                "id": entry["problem"].pk,
                "title": entry["problem"].title,
                "description": entry["problem"].description,
                "proof_points": entry["proof_points"],
                "whys": [{"step": why.step, "text": why.text} for why in entry["whys"]],
                "fishbone": [
                    {
                        "category": bone.category,
                        "label": bone.label,
                        "causes": [cause.text for cause in bone.causes],
                    }
                    for bone in entry["bones"]
                ],
                "actions": [
                    {"id": action.pk, "title": action.title, "status": action.status}
                    for action in entry["actions"]
                ],
            }
            for entry in data["problems"]
        ],
        "actions_reviewed": [
            {
                "id": action.pk,
                "title": action.title,
                "owner": action.owner.name if action.owner else None,
                "status": action.review_here.status,
                "note": action.review_here.note,
            }
            for action in data["reviews"]
        ],
        "notes": [
            {"kind": note.kind, "text": note.text, "written_at": note.created_at.isoformat()}
            for note in data["notes"]
        ],
    }


# ---------------------------------------------------------------------------------------------
# Markdown

_INLINE = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_LIST_MARK = re.compile(r"^(\s*)([-=])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md(text: Any) -> str:
    """Text people typed, escaped for Markdown: every character that could start emphasis, a
    link, code, a heading, a list, a table or HTML is backslash-escaped; lines are kept."""
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = _INLINE.sub(r"\\\1", value)
    value = _LIST_MARK.sub(r"\1\\\2", value)
    value = _NUMBERED.sub(r"\1\\\2", value)
    return value.strip()


def md_line(text: Any) -> str:
    """Escaped text on one line (titles, list items): line breaks become spaces."""
    return " ".join(md(text).split())


def md_block(text: Any, indent: str = "") -> str:
    """Escaped text as a paragraph, with a hard line break for each line break typed."""
    lines = [line.strip() for line in md(text).split("\n")]
    return ("  \n" + indent).join(line for line in lines if line)


def to_markdown(data: dict[str, Any]) -> str:
    discussion = data["discussion"]
    out = [f"# {md_line(discussion.title)}", ""]
    facts = [
        (_("Learning session"), data["session"].title),
        (_("Date"), date_format(discussion.held_on)),
        (_("Facilitator"), data["facilitator"] or _("not set")),
        (_("Who was there"), ", ".join(data["people"]) or _("nobody recorded")),
    ]
    out += [f"- **{md_line(label)}:** {md_line(value)}" for label, value in facts]
    out += _agenda_md(data) + _votes_md(data) + _problems_md(data)
    out += _reviews_md(data) + _notes_md(data)
    generated = date_format(timezone.localtime(data["generated_at"]), "DATETIME_FORMAT")
    out += ["", "---", md_line(_("Recorded with Learnloop: %(date)s") % {"date": generated})]
    return "\n".join(out) + "\n"


def _agenda_md(data: dict[str, Any]) -> list[str]:
    out = ["", f"## {md_line(_('Agenda'))}"]
    if not data["agenda"]:
        return [*out, "", md_line(_("No agenda was recorded."))]
    for part in data["agenda"]:
        out += ["", f"### {md_line(part.title)}", ""]
        for item in part.items:
            out.append(f"- {md_line(item.title)}")
            if item.notes:
                out.append(f"  {md_block(item.notes, '  ')}")
    return out


def _votes_md(data: dict[str, Any]) -> list[str]:
    out = ["", f"## {md_line(_('Vote results'))}", ""]
    if not data["results"]:
        return [*out, md_line(_("No votes were placed."))]
    placed = ngettext(
        "%(votes)d vote placed by %(people)d people.",
        "%(votes)d votes placed by %(people)d people.",
        data["total_votes"],
    )
    out.append(md_line(placed % {"votes": data["total_votes"], "people": data["people_voted"]}))
    out.append("")
    for number, entry in enumerate(data["results"], start=1):
        out.append(f"{number}. {md_line(entry.title)} — **{entry.votes}**")
    return out


def _problems_md(data: dict[str, Any]) -> list[str]:
    out = ["", f"## {md_line(_('Problems and root causes'))}"]
    if not data["problems"]:
        return [*out, "", md_line(_("No problem was chosen."))]
    for number, entry in enumerate(data["problems"], start=1):
        problem = entry["problem"]
        out += ["", f"### {number}. {md_line(problem.title)}"]
        if problem.description:
            out += ["", md_block(problem.description)]
        if entry["proof_points"]:
            # One per line: proof points end with a full stop, so "; " would read ".;".
            out += ["", f"*{md_line(_('Proof points'))}:*", ""]
            out += [f"- {md_line(text)}" for text in entry["proof_points"]]
        if entry["whys"]:
            out += ["", f"**{md_line(_('Five whys'))}**", ""]
            out += [
                f"{why.step}. {md_line(_('Why?'))} {md_line(why.text)}" for why in entry["whys"]
            ]
        if entry["bones"]:
            out += ["", f"**{md_line(_('Fishbone'))}**", ""]
            for bone in entry["bones"]:
                causes = [md_line(cause.text) for cause in bone.causes]
                if len(causes) == 1:
                    out.append(f"- *{md_line(bone.label)}:* {causes[0]}")
                else:
                    out.append(f"- *{md_line(bone.label)}:*")
                    out += [f"  - {cause}" for cause in causes]
        if entry["actions"]:
            out += ["", f"**{md_line(_('Actions'))}**", ""]
            for action in entry["actions"]:
                out.append(f"- {md_line(action.title)} ({md_line(action.get_status_display())})")
    return out


def _reviews_md(data: dict[str, Any]) -> list[str]:
    out = ["", f"## {md_line(_('Open actions reviewed'))}", ""]
    if not data["reviews"]:
        return [*out, md_line(_("No action was reviewed."))]
    for action in data["reviews"]:
        review = action.review_here
        owner = f" — {md_line(action.owner.name)}" if action.owner else ""
        out.append(f"- **{md_line(action.title)}**{owner}: {md_line(review.get_status_display())}")
        if review.note:
            out.append(f"  {md_block(review.note, '  ')}")
    return out


def _notes_md(data: dict[str, Any]) -> list[str]:
    out = ["", f"## {md_line(_('Notes and decisions'))}", ""]
    if not data["notes"]:
        return [*out, md_line(_("No note was taken."))]
    for note in data["notes"]:
        time = date_format(timezone.localtime(note.created_at), "TIME_FORMAT")
        kind = md_line(note.get_kind_display())
        out.append(f"- {md_line(time)} **{kind}:** {md_block(note.text, '  ')}")
    return out


# ---------------------------------------------------------------------------------------------
# PDF


def record_html(data: dict[str, Any]) -> str:
    return render_to_string("discussions/record.html", data)


def render_pdf(data: dict[str, Any]) -> bytes:
    """The record as an A4 PDF, from the autoescaped HTML template; nothing is fetched."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint import HTML

    def no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
        raise ValueError(f"The record may not load {url}.")

    pdf: bytes = HTML(string=record_html(data), url_fetcher=no_fetch).write_pdf()
    return pdf
