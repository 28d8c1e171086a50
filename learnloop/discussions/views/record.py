"""The record of a discussion as Markdown and as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from learnloop.discussions import record
from learnloop.discussions.access import access_discussion
from learnloop.discussions.models import Discussion


def _attachment(
    content: bytes, content_type: str, discussion: Discussion, suffix: str
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{slugify(discussion.title) or 'discussion'}-{discussion.held_on.isoformat()}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def download_markdown(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    text = record.to_markdown(record.record_data(discussion))
    return _attachment(text.encode("utf-8"), "text/markdown; charset=utf-8", discussion, "md")


@login_required
@require_safe
def download_pdf(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    pdf = record.render_pdf(record.record_data(discussion))
    return _attachment(pdf, "application/pdf", discussion, "pdf")
