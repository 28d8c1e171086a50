"""The survey a participant takes through their personal link (no login)."""

from datetime import datetime
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from learnloop.survey import actions
from learnloop.survey.access import (
    MODULE_NOT_ASSIGNED,
    SurveyUnavailable,
    access_answer_target,
    access_open_session,
    access_participant,
    refuse,
)
from learnloop.survey.forms import (
    NOT_ON_SCALE,
    JoinSessionForm,
    ModuleAnswersForm,
    WorksheetUploadForm,
    parse_answer,
)
from learnloop.survey.pages import module_page, review_page
from learnloop.survey.queries import participant_modules, progress_for
from learnloop.survey.worksheets import build_worksheet, parse_worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refused(
    request: HttpRequest, refusal: SurveyUnavailable, token: str | None = None
) -> HttpResponse:
    if request.headers.get("HX-Request"):
        html = render_to_string(
            "survey/_save_status.html", {"error": f"{refusal.title}. {refusal.message}"}
        )
        return HttpResponse(html, status=refusal.status)
    context = {"title": refusal.title, "message": refusal.message}
    if token is not None:
        context["release_url"] = shared_findings_url(token)
    return render(request, "survey/unavailable.html", context, status=refusal.status)


def shared_findings_url(token: str) -> str | None:
    """Where this link's holder can read the findings shared back, if a review is open now.

    A closed session refuses the survey, but its participants come back to the same link to
    read and respond to the findings.
    """
    from learnloop.sharing.access import ReleaseUnavailable, access_release_by_link

    try:
        access_release_by_link(token)
    except (ReleaseUnavailable, Http404):
        return None
    return reverse("sharing-show-release", kwargs={"token": token})


def with_participant(view):
    """Fetch the participant by the link's token, or show why the link cannot be used."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, token: str, **kwargs) -> HttpResponse:
        try:
            participant = access_participant(token)
        except SurveyUnavailable as refusal:
            return refused(request, refusal, token)
        return view(request, participant, token, **kwargs)

    return wrapper


@require_http_methods(["GET", "HEAD"])
@with_participant
def show_introduction(request: HttpRequest, participant, token: str) -> HttpResponse:
    context = {
        "participant": participant,
        "session": participant.session,
        "token": token,
        "progress": progress_for(participant),
        "welcome": "welcome" in request.GET,
    }
    return render(request, "survey/show_introduction.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@with_participant
def show_module(request: HttpRequest, participant, token: str, module_id: int) -> HttpResponse:
    module = participant_modules(participant).filter(pk=module_id).first()
    if module is None:
        return refused(request, refuse(MODULE_NOT_ASSIGNED))
    page = module_page(participant, module)
    if request.method != "POST":
        return render(request, "survey/show_module.html", page.context(token))
    form = ModuleAnswersForm(page.proof_points, page.choices, request.POST)
    if not form.is_valid():
        page.apply_posted(form)
        return render(request, "survey/show_module.html", page.context(token), status=400)
    actions.do_record_answers(participant, form.answers)
    target = page.destination(request.POST.get("go", "next"))
    if target is None:
        return redirect("survey-review-answers", token=token)
    return redirect("survey-show-module", token=token, module_id=target.pk)


@require_POST
def save_answer(request: HttpRequest, token: str, proof_point_id: int) -> HttpResponse:
    answer = parse_answer(request.POST)
    if not answer.error:
        saved_at = actions.do_autosave_answer(token, proof_point_id, answer.code, answer.comment)
        if saved_at is not None:
            return HttpResponse(saved_status(saved_at))
    # Not saved: a blank answer to remove, or a refusal to explain.
    try:
        target = access_answer_target(token, proof_point_id, answer.code)
    except SurveyUnavailable as refusal:
        return refused(request, refusal)
    if not target.proof_point_is_theirs:
        raise Http404
    if answer.error:
        return _status(answer.error, status=400)
    if not target.code_is_on_scale:
        return _status(str(NOT_ON_SCALE), status=400)
    saved_at = actions.do_record_answer(
        target.participant, proof_point_id, answer.code, answer.comment
    )
    return HttpResponse(saved_status(saved_at))


def saved_status(saved_at: datetime) -> str:
    """The autosave reply, built without the template engine: it is sent on every change.

    Only the translated word needs escaping: the times are digits and signs."""
    local = timezone.localtime(saved_at)
    return (
        f'<span class="save-ok">{escape(gettext("Saved"))} '
        f'<time datetime="{local.isoformat()}">{local:%H:%M}</time></span>'
    )


def _status(error: str, status: int) -> HttpResponse:
    return HttpResponse(
        render_to_string("survey/_save_status.html", {"error": error}), status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@with_participant
def review_answers(request: HttpRequest, participant, token: str) -> HttpResponse:
    if request.method == "POST":
        actions.do_submit_answers(participant)
        return redirect(reverse("survey-review-answers", kwargs={"token": token}) + "?submitted")
    context = review_page(participant, token)
    context["just_submitted"] = "submitted" in request.GET
    uploaded = request.GET.get("uploaded", "")
    context["uploaded"] = int(uploaded) if uploaded.isdigit() else None
    return render(request, "survey/review_answers.html", context)


@require_http_methods(["GET", "HEAD"])
@with_participant
def download_worksheet(request: HttpRequest, participant, token: str) -> HttpResponse:
    upload_url = request.build_absolute_uri(reverse("survey-upload-worksheet", args=[token]))
    response = HttpResponse(build_worksheet(participant, upload_url), content_type=XLSX)
    filename = f"{slugify(participant.session.title) or 'learning-session'}-worksheet.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@with_participant
def upload_worksheet(request: HttpRequest, participant, token: str) -> HttpResponse:
    posted = request.method == "POST"
    form = WorksheetUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[str] = []
    if posted and form.is_valid():
        answers, problems = parse_worksheet(participant, form.cleaned_data["worksheet"].read())
        if not problems:
            actions.do_record_answers(participant, answers)
            url = reverse("survey-review-answers", kwargs={"token": token})
            return redirect(f"{url}?uploaded={len(answers)}")
    context = {"session": participant.session, "token": token, "form": form, "problems": problems}
    status = 400 if posted else 200
    return render(request, "survey/upload_worksheet.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def join_session(request: HttpRequest, token: str) -> HttpResponse:
    try:
        session = access_open_session(token)
    except SurveyUnavailable as refusal:
        return refused(request, refusal)
    data = request.POST if request.method == "POST" else None
    form = JoinSessionForm(data, groups=session.groups_to_choose_from())
    if request.method == "POST" and form.is_valid():
        _, personal = actions.do_join_anonymous_session(session, form.cleaned_data["group"])
        return redirect(reverse("survey-show-introduction", args=[personal]) + "?welcome")
    status = 400 if request.method == "POST" else 200
    context = {"session": session, "form": form}
    return render(request, "survey/join_session.html", context, status=status)
