"""Every URL of Learnloop, tried by people who must never reach another organization's data.

A "victim" organization is built in code through the apps' own actions: a learning session and
its second round (run again), participants, answers with comments, codes and their
applications and suggestions, suggested themes, findings, redactions and a published release, a
discussion with an agenda, a problem, its whys and causes, a note and a voting participant, an
improvement-plan action with a progress note and a review, people, groups, members and an API
token. Every URL pattern of the project (django.urls.get_resolver(), walked recursively) is
filled with the victim's real ids (build_victim's values: a new pattern with an argument they
cannot fill fails here, named, and so does one that answers what PUBLIC and VIEWER_READS do not
allow) and asked for with GET and an empty POST by:

* an outsider: the signed-in owner of another organization, also sending their own API token,
  with the victim's organization in the address and again with the victim's ids under the
  outsider's own organization, learning session, discussion and problem (id tampering);
* a signed-out visitor;
* a viewer of the victim organization, on the organization's own addresses (VIEWER_READS).

They get the sign-in page, 401, 403, 404 or 405, never a page of the victim's; every answer's
body is searched for the victim's words, and no request changes any row of any table.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conftest import add_participant, make_framework
from learnloop.analysis import actions as coding
from learnloop.analysis.models import CodeSuggestion
from learnloop.api.actions import do_create_api_token
from learnloop.discussions import actions as discussing
from learnloop.discussions.models import AgendaSection, CauseCategory, NoteKind
from learnloop.findings import actions as finding_actions
from learnloop.findings.models import Kind
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions import actions as session_actions
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Membership, Person
from learnloop.plan import actions as planning
from learnloop.plan.models import ActionStatus
from learnloop.rounds.actions import do_run_again
from learnloop.sharing import actions as sharing
from learnloop.sharing.models import Redaction, ReleaseFinding
from learnloop.survey.actions import do_record_answer, do_submit_answers
from learnloop.themes.actions import do_suggest_themes
from learnloop.themes.tests.comments import TOPICS

# Words found only in the victim's data: in names and titles, and in every comment. No answer to
# an outsider may contain either; a viewer reads comments only in what is shared with them.
MARK = "Quillfeather"
COMMENT_MARK = "Marblewing"
VICTIM_WORDS = [MARK, COMMENT_MARK, "Riverside Trust"]
WITNESS = f"Ada {MARK}"  # a respondent named in a comment: redacted whenever it is shared
MADE_UP_TOKEN = "made-up-token-0123456789abcdefghijklmnopqrstuv"

# The addresses that may answer 2xx to anyone, and why (each still must not show the victim's
# words). Every other address answers outsiders and signed-out visitors with the sign-in page,
# 401, 403, 404 or 405. The survey, sharing and voting links are not here: with a made-up token
# they answer 404.
PUBLIC = {
    "core-home": "the signed-in user's own organizations; the sign-in page otherwise",
    "core-healthz": "the load balancer's health check, no data",
    "accounts-login": "the sign-in page",
    "accounts-logout": "signing out",
    "accounts-reset-password": "asking for a password reset email",
    "accounts-reset-password-sent": "the 'email sent' page",
    "accounts-set-password": "a reset link (the victim's uid, a made-up token): 'invalid link'",
    "organizations-create-organization": "the form for the user's own new organization",
    "api-list-tokens": "the signed-in user's own API tokens",
    "api-create-token": "the form for the signed-in user's own API token",
    "api-v1:openapi-json": "the API's public schema",
    "api-v1:openapi-view": "the API's public documentation page",
    "api-v1:show_index": "the API's index: links to the schema, documentation, organizations",
    "api-v1:list_organizations": "the organizations of the token's own user",
    "admin:login": "the Django admin's sign-in page",
    "admin:logout": "signing out of the Django admin",
}
# Patterns another one answers first, on purpose.
SHADOWED = {"api-v1:api-root": "django-ninja's internal root, behind the API's index"}
LOGS_OUT = {"accounts-logout", "admin:logout"}  # the walker signs the outsider in again

# What a viewer of the victim organization may reach, with the status of a GET, from each app's
# access.py and docs/; every other address of the organization answers a viewer 403, 404 or 405.
VIEWER_READS = {
    "organizations-show-organization": (200, "the overview (docs/organizations.md)"),
    "sessions-list-sessions": (200, "the sessions' titles (docs/learning-sessions.md)"),
    "frameworks-list-frameworks": (200, "frameworks (frameworks/access.py: Need.VIEW)"),
    "frameworks-show-latest-framework": (302, "to the latest version"),
    "frameworks-show-framework": (200, "a version"),
    "frameworks-download-framework": (200, "its file"),
    "reports-show-summary": (200, "the summary (docs/reports.md)"),
    "reports-download-xlsx": (200, "figures only, no comments"),
    "reports-download-json": (200, "figures only, no comments"),
    "reports-download-pdf": (200, "figures only, no comments"),
    "rounds-show-comparison": (200, "figures only (docs/reassessment.md)"),
    "rounds-download-comparison": (200, "figures only"),
    "rounds-show-trend": (200, "figures only"),
    "plan-list-actions": (200, "plans are read by every member (docs/improvement-plan.md)"),
    "plan-show-plan": (200, "the session's plan"),
    "plan-show-action": (200, "one action"),
    "sharing-show-shared": (200, "what is shared with members (docs/sharing.md)"),
    "sharing-download-shared-pack": (200, "its PDF"),
    "sharing-download-shared-raw-data": (200, "its redacted raw data"),
    "sharing-respond-to-shared-finding": (405, "a member's response (POST)"),
    "sharing-add-shared-contribution": (405, "a member's contribution (POST)"),
    "api-v1:list_frameworks": (200, "as frameworks-list-frameworks (docs/api.md)"),
    "api-v1:show_framework": (200, "as frameworks-show-framework"),
    "api-v1:list_sessions": (200, "as sessions-list-sessions"),
    "api-v1:show_session": (200, "a session's settings"),
    "api-v1:show_report": (200, "as reports-download-json"),
    "api-v1:show_report_summary": (200, "as reports-show-summary"),
    "api-v1:list_actions": (200, "as plan-list-actions"),
    "api-v1:show_round_comparison": (200, "as rounds-show-comparison"),
    "api-v1:show_round_trend": (200, "as rounds-show-trend"),
}
SHARED_WITH_VIEWERS = {  # the pages that quote the comments a release shares, redacted
    "sharing-show-shared",
    "sharing-download-shared-raw-data",
    "sharing-respond-to-shared-finding",
    "sharing-add-shared-contribution",
}


@dataclass
class Victim:
    """The victim organization's people and the value of every URL argument."""

    owner: object
    owner_token: str
    viewer: object
    values: dict[str, object]
    overrides: dict[str, dict[str, object]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# The URL patterns


@dataclass(frozen=True)
class Pattern:
    label: str  # namespace:name, or the route when the pattern has no name
    parts: tuple  # the patterns from the root resolver down to this one
    callback: object

    @property
    def route(self) -> str:
        return "".join(str(part.pattern) for part in self.parts)

    @property
    def kwargs(self) -> list[str]:
        names = []
        for part in self.parts:
            names += list(part.pattern.regex.groupindex)
        return names


def all_patterns() -> list[Pattern]:
    found: list[Pattern] = []

    def walk(resolver: URLResolver, parts: tuple, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
                walk(entry, (*parts, entry), inner)
            elif isinstance(entry, URLPattern):
                route = "".join(str(p.pattern) for p in (*parts, entry))
                label = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append(
                    Pattern(label if entry.name else route, (*parts, entry), entry.callback)
                )

    walk(get_resolver(), (), "")
    return found


ROUTE_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_ARGUMENT = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def fill(pattern: Pattern, values: dict[str, object]) -> str:
    """The address of this pattern with each argument replaced by its value."""
    path = ""
    for part in pattern.parts:
        text = str(part.pattern)
        if text.startswith("^"):
            text = REGEX_ARGUMENT.sub(lambda m: str(values[m.group(1)]), text[1:].rstrip("$"))
        else:
            text = ROUTE_ARGUMENT.sub(lambda m: str(values[m.group(1)]), text)
        path += text
    return "/" + path


# ---------------------------------------------------------------------------------------------
# The victim


def proof_points_of(session) -> list[ProofPoint]:
    return list(
        ProofPoint.objects.filter(module__learning_sessions=session).order_by(
            "module__position", "principle__position", "position"
        )
    )


def answer_all(session, texts: list[str]) -> None:
    """Every participant rates every proof point; each comment names the victim."""
    points = proof_points_of(session)
    for i, participant in enumerate(session.participants.order_by("pk")):
        for p, point in enumerate(points):
            text = texts[(i * len(points) + p) % len(texts)]
            do_record_answer(participant, point.pk, 1 + (i + p) % 5, f"{text} {COMMENT_MARK}")
        do_submit_answers(participant)


def build_victim(organization, owner, admin, facilitator, viewer, groups, people, learning_session):
    first = learning_session
    witness = Person.objects.create(
        organization=organization, name=WITNESS, email="ada.quillfeather@example.org"
    )
    witness.groups.add(groups["Board"])
    for i, person in enumerate([*people, witness]):
        add_participant(first, person, groups["Board" if i < 3 else "Staff"])
    answer_all(first, TOPICS["budget"])
    session_actions.do_close_session(first)

    session = do_run_again(
        first,
        title=f"{MARK} autumn round",
        framework=first.framework,
        modules=list(first.modules.all()),
        copy_participants=True,
        acting=admin,
    )
    session = session_actions.do_open_session(session)
    texts = [*TOPICS["training"], *TOPICS["communication"], f"Ask {WITNESS} about the budget?"]
    answer_all(session, texts)
    points = proof_points_of(session)
    answer = session.answers.exclude(comment="").order_by("pk").first()

    code = coding.do_create_code(session, f"{MARK} workload")
    application, _created = coding.do_apply_code(code, answer, user=facilitator)
    coding.do_generate_suggestions(session)
    suggestion = CodeSuggestion.objects.filter(answer__session=session).order_by("pk").first()
    theme = do_suggest_themes(session, user=facilitator).themes.order_by("pk").first()

    finding = finding_actions.do_create_finding(
        session,
        facilitator,
        kind=Kind.IMPROVEMENT_AREA,
        title=f"{MARK} budget",
        proof_points=points[:1],
    )
    finding_actions.do_link_comment(finding, answer)
    finding_actions.do_mark_ready(finding)

    term = sharing.do_add_redaction_term(session, "Riverside", "[organization]", admin)
    sharing.do_prepare_redactions(session)
    redactions = Redaction.objects.filter(answer__session=session)
    sharing.do_review_redactions(session, admin, list(redactions.values_list("pk", flat=True)))
    now = timezone.now()
    release = sharing.do_create_release(
        session,
        admin,
        title=f"{MARK} findings",
        message="What we heard.",
        includes_summary=True,
        includes_raw_data=True,
        review_opens_at=now - datetime.timedelta(days=1),
        review_closes_at=now + datetime.timedelta(days=30),
    )
    sharing.do_publish_release(release, admin)

    discussion = discussing.do_create_discussion(
        session,
        title=f"{MARK} discussion",
        held_on=timezone.localdate(),
        facilitator=facilitator,
        participants=people[:4],
    )
    discussing.do_issue_voting_link(discussion.participants.order_by("pk").first())
    item = discussing.do_create_agenda_item(
        discussion, section=AgendaSection.PROBLEMS, title=f"{MARK} agenda item", finding=finding
    )
    problem = discussing.do_create_problem(
        discussion, title=f"{MARK} problem", finding=finding, proof_points=points[:1]
    )
    discussing.do_save_whys(problem, [f"Because {MARK} said so"])
    cause = discussing.do_add_cause(problem, category=CauseCategory.PEOPLE, text=f"{MARK} cause")
    note = discussing.do_add_note(
        discussion, facilitator, kind=NoteKind.DECISION, text=f"{MARK} note"
    )

    action = planning.do_create_action(
        session, facilitator, title=f"{MARK} action", problem=problem, owner=people[0]
    )
    planning.do_add_progress_note(action, facilitator, f"{MARK} progress")
    discussing.do_review_action(discussion, action, facilitator, status=ActionStatus.IN_PROGRESS)

    token = do_create_api_token(owner, f"{MARK} token")
    module = points[0].module
    values = {
        "slug": organization.slug,
        "person_id": witness.pk,
        "group_id": groups["Board"].pk,
        "membership_id": Membership.objects.get(user=admin, organization=organization).pk,
        "file_format": "xlsx",
        "key": session.framework.key,
        "version": session.framework.version,
        "module_key": module.key,
        "principle_key": points[0].principle.key,
        "proof_point_key": points[0].key,
        "session_id": session.pk,
        "participant_id": session.participants.order_by("pk").first().pk,
        "proof_point_id": points[0].pk,
        "module_id": module.pk,
        "number": 1,
        "token": MADE_UP_TOKEN,  # personal links are secrets: nobody else holds one
        "theme_id": theme.pk,
        "code_id": code.pk,
        "answer_id": answer.pk,
        "application_id": application.pk,
        "suggestion_id": suggestion.pk,
        "finding_id": finding.pk,
        "redaction_id": redactions.order_by("pk").first().pk,
        "term_id": term.pk,
        "release_id": release.pk,
        "discussion_id": discussion.pk,
        "item_id": item.pk,
        "problem_id": problem.pk,
        "cause_id": cause.pk,
        "note_id": note.pk,
        "action_id": action.pk,
        "token_id": token.token.pk,
        "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
        "content_type_id": ContentType.objects.get_for_model(Person).pk,
        "object_id": witness.pk,
        "app_label": "accounts",
        "url": "accounts/user/",
    }
    release_finding = ReleaseFinding.objects.filter(release=release).order_by("pk").first()
    overrides = {
        # The published copy of a finding, not the analysts' finding.
        "sharing-respond-to-shared-finding": {"finding_id": release_finding.pk},
        "sharing-respond-to-finding": {"finding_id": release_finding.pk},
        # A person in the discussion's room, not a participant of the learning session.
        "discussions-make-voting-link": {
            "participant_id": discussion.participants.order_by("pk").first().pk
        },
    }
    return Victim(owner, token.secret, viewer, values, overrides)


@pytest.fixture
def victim(organization, owner, admin, facilitator, viewer, groups, people, learning_session):
    return build_victim(
        organization, owner, admin, facilitator, viewer, groups, people, learning_session
    )


# Id tampering: the outsider puts the victim's ids under their own organization, learning
# session, discussion and problem.
OWN_LEVELS = [
    ("slug",),
    ("slug", "session_id"),
    ("slug", "session_id", "discussion_id"),
    ("slug", "session_id", "discussion_id", "problem_id"),
]


def outsiders_own(organization, outsider) -> dict[str, object]:
    """The outsider's own organization, learning session, discussion and problem."""
    framework = make_framework(organization, key="hilltop-framework")
    session = LearningSession.objects.create(
        organization=organization,
        title="Hilltop review",
        framework=framework,
        scale=framework.default_scale,
        administrator=outsider,
    )
    session.modules.set(framework.modules.all())
    discussion = discussing.do_create_discussion(
        session, title="Hilltop discussion", held_on=timezone.localdate(), facilitator=outsider
    )
    problem = discussing.do_create_problem(discussion, title="Hilltop problem")
    return {
        "slug": organization.slug,
        "session_id": session.pk,
        "discussion_id": discussion.pk,
        "problem_id": problem.pk,
    }


def tampered_targets(victim: Victim, own: dict[str, object]) -> list[tuple[str, Target]]:
    """Each address holding one of the victim's ids under one of the outsider's own levels."""
    result = []
    for level in OWN_LEVELS:
        targets, _unfilled = targets_of(victim, {name: own[name] for name in level})
        for target in targets:
            arguments = set(target.arguments)
            ids = {name for name in arguments - set(level) if name.endswith("_id") or name == "key"}
            if arguments.issuperset(level) and ids:
                result.append((f"outsider under their own {level[-1]}", target))
    return result


@pytest.fixture(autouse=True)
def _pdfs_not_drawn(monkeypatch):
    """Who gets a PDF is the question here, not how it looks (WeasyPrint takes about a second
    a document)."""
    from weasyprint import HTML

    monkeypatch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 not drawn")


@dataclass(frozen=True)
class Target:
    label: str
    path: str
    arguments: tuple[str, ...]

    @property
    def names_victims_things(self) -> bool:
        """Whether the address holds the victim's ids (and no made-up link token)."""
        admin = self.label.startswith("admin:") or self.path.startswith("/django-admin/")
        return bool(self.arguments) and "token" not in self.arguments and not admin


def targets_of(victim: Victim, own: dict | None = None) -> tuple[list[Target], list[str]]:
    """Every URL pattern filled with the victim's values (but those in ``own``), and the
    patterns that cannot be."""
    targets, unfilled = [], []
    for pattern in all_patterns():
        values = {**victim.values, **victim.overrides.get(pattern.label, {}), **(own or {})}
        missing = sorted(set(pattern.kwargs) - set(values))
        if missing:
            unfilled.append(f"{pattern.label} ({pattern.route}): no victim value for {missing}")
            continue
        path = fill(pattern, values)
        if pattern.label in SHADOWED:
            continue
        if resolve(path).func is not pattern.callback:
            unfilled.append(f"{pattern.label}: {path} is answered by another pattern")
            continue
        targets.append(Target(pattern.label, path, tuple(pattern.kwargs)))
    return targets, unfilled


# ---------------------------------------------------------------------------------------------
# Walking


def fingerprint() -> dict[str, int]:
    """A hash of every row of every table (but sign-in and token-use times)."""
    volatile = {"last_login", "last_used_at"}
    result = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label == "sessions":
            continue
        columns = [f.attname for f in model._meta.concrete_fields if f.attname not in volatile]
        rows = list(model._base_manager.order_by("pk").values_list(*columns))
        result[model._meta.label] = hash(repr(rows))
    return result


def changed_tables(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


def body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def refused(response, signed_in: bool) -> bool:
    """401, 403, 404, 405, or a redirect to a sign-in page: the Django admin's for anyone who
    is not staff, Learnloop's only for someone signed out (a signed-in walker sent there was
    signed out along the way, and the rest of the walk would prove nothing)."""
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code == 302:
        sign_in = {reverse("admin:login")} | (set() if signed_in else {reverse("accounts-login")})
        return urlsplit(response["Location"]).path in sign_in
    return False


def ask(client: Client, method: str, path: str):
    """The response, or None and why: a crash is reported with the other problems."""
    try:
        return getattr(client, method)(path), None
    except Exception as error:  # noqa: BLE001
        return None, f"raised {error!r}"


def signed_in(user, api_token: str | None = None) -> Client:
    """A client signed in as this user, sending their API token to the API as well."""
    client = Client(headers={"Authorization": f"Bearer {api_token}"} if api_token else {})
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------
# The tests


def test_every_url_pattern_is_filled_with_ids_the_victim_has(victim):
    targets, unfilled = targets_of(victim)
    assert len(targets) + len(unfilled) > 200, "the walk found too few URL patterns"
    assert not unfilled, (
        "URL patterns this test cannot fill: give each new argument a victim value in "
        "build_victim (values, or overrides for one URL name):\n" + "\n".join(unfilled)
    )
    labels = {target.label for target in targets}
    stale = sorted((set(PUBLIC) | set(VIEWER_READS) | LOGS_OUT | SHARED_WITH_VIEWERS) - labels)
    assert not stale, f"allow-listed URL names that no longer exist: {stale}"

    # The ids exist: the victim's owner finds every address holding them.
    owner = signed_in(victim.owner, victim.owner_token)
    not_found = []
    for target in targets:
        if target.names_victims_things:
            response, crash = ask(owner, "get", target.path)
            if crash or response.status_code == 404:
                not_found.append(f"{target.label} {target.path}: {crash or 404}")
    assert not not_found, "the victim's own owner cannot reach:\n" + "\n".join(not_found)


def test_outsiders_and_signed_out_visitors_reach_nothing_of_the_victim(
    victim, outsider, other_organization
):
    targets, _unfilled = targets_of(victim)
    attempts = [(role, target) for target in targets for role in ("outsider", "signed-out")]
    attempts += tampered_targets(victim, outsiders_own(other_organization, outsider))
    token = do_create_api_token(outsider, "Outsider's token").secret
    outsider_client, visitor = signed_in(outsider, token), Client()
    outsider_client.get(reverse("api-v1:list_organizations"))  # the token's first use
    before = fingerprint()
    problems = []
    for role, target in attempts:
        client = visitor if role == "signed-out" else outsider_client
        for method in ("get", "post"):
            response, crash = ask(client, method, target.path)
            if client is outsider_client and target.label in LOGS_OUT:
                client.force_login(outsider)
            where = f"{role} {method.upper()} {target.path} ({target.label})"
            if crash:
                problems.append(f"{where}: {crash}")
                continue
            shown = [word for word in VICTIM_WORDS if word in body(response)]
            if shown:
                problems.append(f"{where}: {response.status_code} shows {shown}")
            elif response.status_code >= 500 or not (
                target.label in PUBLIC or refused(response, client is outsider_client)
            ):
                problems.append(f"{where}: {response.status_code}")
    changed = changed_tables(before, fingerprint())
    assert not problems, "Reached from outside the victim organization:\n" + "\n".join(problems)
    assert not changed, f"Tables changed by outsiders and signed-out visitors: {changed}"


def test_a_viewer_reaches_only_what_viewers_may_read(victim):
    targets, _unfilled = targets_of(victim)
    viewer = signed_in(victim.viewer, do_create_api_token(victim.viewer, "Viewer's").secret)
    before = fingerprint()
    problems = []
    for target in targets:
        if "slug" not in target.arguments:  # the organization's own addresses
            continue
        expected, _why = VIEWER_READS.get(target.label, (None, ""))
        for method in ("get", "post"):
            response, crash = ask(viewer, method, target.path)
            where = f"viewer {method.upper()} {target.path} ({target.label})"
            if crash:
                problems.append(f"{where}: {crash}")
            elif expected is None and not refused(response, signed_in=True):
                problems.append(f"{where}: {response.status_code}, expected 403, 404 or 405")
            elif method == "get" and expected is not None and response.status_code != expected:
                problems.append(f"{where}: {response.status_code}, expected {expected}")
            elif response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
            elif WITNESS in body(response):
                problems.append(f"{where}: shows a respondent's name")
            elif target.label not in SHARED_WITH_VIEWERS and COMMENT_MARK in body(response):
                problems.append(f"{where}: shows a comment")
    changed = changed_tables(before, fingerprint())
    assert not problems, "Reached by a viewer:\n" + "\n".join(problems)
    assert not changed, f"Tables changed by a viewer: {changed}"


# Views of other libraries, with their own handling of methods.
OTHER_LIBRARIES = ("admin:", "django-admin/", "api-v1:openapi-json", "api-v1:openapi-view")


def test_every_address_refuses_a_method_it_does_not_take(victim):
    """Each of Learnloop's views declares its methods: a PUT, which no page or endpoint
    takes, is answered 405 even for the organization's owner, and changes nothing (a page
    written for GET alone must not quietly do its work, or show its form, for anything else)."""
    targets, _unfilled = targets_of(victim)
    owner = signed_in(victim.owner, victim.owner_token)
    before = fingerprint()
    problems = []
    for target in targets:
        if target.label.startswith(OTHER_LIBRARIES):
            continue
        response, crash = ask(owner, "put", target.path)
        if target.label in LOGS_OUT:
            owner.force_login(victim.owner)
        if crash or response.status_code != 405:
            problems.append(f"PUT {target.path} ({target.label}): {crash or response.status_code}")
    assert not problems, "Answered a method it does not take:\n" + "\n".join(problems)
    assert not changed_tables(before, fingerprint())
