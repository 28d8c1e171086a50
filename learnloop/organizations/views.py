from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from learnloop.lib import people_import
from learnloop.lib.people_import import PeopleFileError, PersonRow
from learnloop.organizations import actions
from learnloop.organizations.access import (
    Need,
    access_member,
    access_organization,
    assignable_roles,
    can_manage_member,
    get_for_organization,
)
from learnloop.organizations.forms import (
    GroupForm,
    ImportPeopleForm,
    MemberForm,
    OrganizationForm,
    PeopleFilterForm,
    PersonForm,
    RoleForm,
)
from learnloop.organizations.importing import (
    file_error_message,
    plan_people_import,
    template_instructions,
)
from learnloop.organizations.invitations import send_member_email
from learnloop.organizations.models import Group, Person

PEOPLE_PER_PAGE = 50
PREVIEW_ROWS = 200


def _session_key(organization) -> str:
    return f"people-import-{organization.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def create_organization(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = actions.do_create_organization(form.cleaned_data["name"], request.user)
        messages.success(request, _("%(name)s is ready.") % {"name": organization.name})
        return redirect("organizations-show-organization", slug=organization.slug)
    return render(request, "organizations/create_organization.html", {"form": form})


@login_required
@require_safe
def show_organization(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug)
    sessions = organization.learning_sessions.select_related("framework").order_by("-created_at")
    counts = {
        "people": organization.people.count(),
        "groups": organization.groups.count(),
        "frameworks": organization.frameworks.count(),
        "sessions": sessions.count(),
        "members": organization.memberships.count(),
    }
    context = {"organization": organization, "membership": membership, "counts": counts}
    context["sessions"] = sessions[:10]
    return render(request, "organizations/show_organization.html", context)


# People


@login_required
@require_safe
def list_people(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.FACILITATE)
    filters = PeopleFilterForm(request.GET or None, organization=organization)
    people = organization.people.prefetch_related("groups").order_by("name", "pk")
    if filters.is_valid():
        if query := filters.cleaned_data["q"].strip():
            people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
        if group := filters.cleaned_data["group"]:
            people = people.filter(groups=group)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"organization": organization, "membership": membership, "filters": filters}
    context.update(page=page, query_string=query_string.urlencode())
    context["total"] = organization.people.count()
    return render(request, "organizations/list_people.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create_person(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    form = PersonForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.do_create_person(organization, **form.cleaned_data)
        except actions.ActionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            if "add_another" in request.POST:
                return redirect("organizations-create-person", slug=slug)
            return redirect("organizations-list-people", slug=slug)
    context = {"organization": organization, "membership": membership, "form": form}
    return render(request, "organizations/edit_person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_person(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    person = get_for_organization(Person, organization, pk=person_id)
    initial = {"name": person.name, "email": person.email, "groups": person.groups.all()}
    form = PersonForm(
        request.POST or None, initial=initial, organization=organization, person=person
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_person(person, **form.cleaned_data)
        except actions.ActionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": person.name})
            return redirect("organizations-list-people", slug=slug)
    context = {"organization": organization, "membership": membership, "form": form}
    context.update(person=person, participations=person.participations.count())
    return render(request, "organizations/edit_person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_person(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    person = get_for_organization(Person, organization, pk=person_id)
    blocker = actions.person_deletion_blocker(person)
    if request.method == "POST" and not blocker:
        try:
            actions.do_delete_person(person)
        except actions.ActionRefused as refused:
            blocker = refused.message
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": person.name})
            return redirect("organizations-list-people", slug=slug)
    context = {"organization": organization, "membership": membership, "person": person}
    context["blocker"] = blocker
    status = 409 if request.method == "POST" and blocker else 200
    return render(request, "organizations/delete_person.html", context, status=status)


# Import


@login_required
@require_http_methods(["GET", "POST"])
def import_people(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    form = ImportPeopleForm(request.POST or None, request.FILES or None)
    context = {"organization": organization, "membership": membership, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "organizations/import_people.html", context)
    upload, update_existing = form.cleaned_data["file"], form.cleaned_data["update_existing"]
    try:
        rows = people_import.read_people_file(upload.name, upload.read())
    except PeopleFileError as error:
        form.add_error("file", file_error_message(error))
        return render(request, "organizations/import_people.html", context)
    plan = plan_people_import(organization, rows, update_existing)
    if plan.ok:
        request.session[_session_key(organization)] = {
            "filename": upload.name,
            "update_existing": update_existing,
            "rows": [row.to_dict() for row in rows],
        }
    context.update(plan=plan, filename=upload.name, update_existing=update_existing)
    return _render_plan(request, context)


def _render_plan(request: HttpRequest, context: dict) -> HttpResponse:
    context["preview_rows"] = PREVIEW_ROWS
    status = 200 if context["plan"].ok else 422
    return render(request, "organizations/import_preview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def confirm_import(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    pending = request.session.get(_session_key(organization))
    if request.method != "POST":
        return redirect("organizations-import-people", slug=slug)
    if not pending:
        messages.warning(request, _("That import has already been saved or has expired."))
        return redirect("organizations-import-people", slug=slug)
    rows = [PersonRow.from_dict(row) for row in pending["rows"]]
    try:
        summary = actions.do_import_people(organization, rows, pending["update_existing"])
    except actions.ImportRejected as rejected:
        context = {"organization": organization, "membership": membership, "changed": True}
        context.update(plan=rejected.plan, filename=pending["filename"], form=ImportPeopleForm())
        return _render_plan(request, context)
    del request.session[_session_key(organization)]
    messages.success(request, _import_summary_message(summary))
    return redirect("organizations-list-people", slug=slug)


def _import_summary_message(summary: actions.ImportSummary) -> str:
    text = _("Import saved: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
    }
    if summary.groups_created:
        text += " " + _("New groups: %(groups)s.") % {"groups": ", ".join(summary.groups_created)}
    return text


@login_required
@require_safe
def download_people_template(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    access_organization(request.user, slug, Need.ADMINISTER)
    if file_format == "csv":
        content, kind = people_import.template_csv(), "text/csv; charset=utf-8"
    elif file_format == "xlsx":
        content = people_import.template_xlsx(template_instructions())
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="people.{file_format}"'
    return response


# Groups


@login_required
@require_safe
def list_groups(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.FACILITATE)
    groups = organization.groups.annotate(
        people_count=Count("people", distinct=True),
        participant_count=Count("participants", distinct=True),
    )
    form = GroupForm(organization=organization)
    context = {"organization": organization, "membership": membership, "groups": groups}
    context["form"] = form
    return render(request, "organizations/list_groups.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create_group(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    form = GroupForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.do_create_group(organization, form.cleaned_data["name"])
        except actions.ActionRefused as refused:
            form.add_error("name", refused.message)
        else:
            messages.success(request, _("The group %(name)s was added.") % {"name": group.name})
            return redirect("organizations-list-groups", slug=slug)
    context = {"organization": organization, "membership": membership, "form": form}
    return render(request, "organizations/edit_group.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rename_group(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    group = get_for_organization(Group, organization, pk=group_id)
    old_name = group.name
    form = GroupForm(
        request.POST or None, initial={"name": group.name}, organization=organization, group=group
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_rename_group(group, form.cleaned_data["name"])
        except actions.ActionRefused as refused:
            form.add_error("name", refused.message)
        else:
            text = _("%(old)s is now called %(new)s.") % {"old": old_name, "new": group.name}
            messages.success(request, text)
            return redirect("organizations-list-groups", slug=slug)
    context = {"organization": organization, "membership": membership, "form": form}
    context["group"] = group
    return render(request, "organizations/edit_group.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_group(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    group = get_for_organization(Group, organization, pk=group_id)
    blocker = actions.group_deletion_blocker(group)
    if request.method == "POST" and not blocker:
        try:
            actions.do_delete_group(group)
        except actions.ActionRefused as refused:
            blocker = refused.message
        else:
            messages.success(request, _("The group %(name)s was deleted.") % {"name": group.name})
            return redirect("organizations-list-groups", slug=slug)
    context = {"organization": organization, "membership": membership, "group": group}
    context.update(blocker=blocker, people_count=group.people.count())
    status = 409 if request.method == "POST" and blocker else 200
    return render(request, "organizations/delete_group.html", context, status=status)


# Members


@login_required
@require_safe
def list_members(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    members = organization.memberships.select_related("user").order_by("user__email")
    roles = assignable_roles(membership)
    rows = [
        (member, RoleForm(initial={"role": member.role}, roles=roles, prefix=f"m{member.pk}"))
        if can_manage_member(membership, member)
        else (member, None)
        for member in members
    ]
    context = {"organization": organization, "membership": membership, "rows": rows}
    context["form"] = MemberForm(roles=roles)
    return render(request, "organizations/list_members.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    form = MemberForm(request.POST or None, roles=assignable_roles(membership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member, _created = actions.do_add_member(
                organization, data["email"], data["role"], by=membership, name=data["name"]
            )
        except actions.ActionRefused as refused:
            form.add_error("email", refused.message)
        else:
            _report_member_added(request, member)
            return redirect("organizations-list-members", slug=slug)
    context = {"organization": organization, "membership": membership, "form": form}
    return render(request, "organizations/add_member.html", context)


def _report_member_added(request: HttpRequest, member) -> None:
    params = {"email": member.user.email, "role": member.get_role_display()}
    if send_member_email(member, request.user):
        messages.success(request, _("%(email)s is now %(role)s and has been emailed.") % params)
    else:
        text = _(
            "%(email)s is now %(role)s, but the email could not be sent. They can choose a "
            "password with “Forgot your password?” on the sign-in page."
        )
        messages.warning(request, text % params)


@login_required
@require_http_methods(["GET", "POST"])
def change_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    _organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    member = access_member(membership, membership_id)
    if request.method != "POST":
        return redirect("organizations-list-members", slug=slug)
    form = RoleForm(request.POST, roles=assignable_roles(membership), prefix=f"m{member.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("organizations-list-members", slug=slug)
    try:
        actions.do_change_role(member, form.cleaned_data["role"], by=membership)
    except actions.ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("organizations-list-members", slug=slug)
    params = {"email": member.user.email, "role": member.get_role_display()}
    messages.success(request, _("%(email)s is now %(role)s.") % params)
    if member.pk == membership.pk and not member.can_administer:
        return redirect("organizations-show-organization", slug=slug)
    return redirect("organizations-list-members", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    member = access_member(membership, membership_id)
    leaving, email = member.pk == membership.pk, member.user.email
    blocker = actions.member_removal_blocker(member)
    if request.method == "POST" and not blocker:
        try:
            actions.do_remove_member(member, by=membership)
        except actions.ActionRefused as refused:
            blocker = refused.message
        else:
            messages.success(request, _("%(email)s is no longer a member.") % {"email": email})
            if leaving:
                return redirect("core-home")
            return redirect("organizations-list-members", slug=slug)
    context = {"organization": organization, "membership": membership, "member": member}
    context.update(blocker=blocker, leaving=leaving)
    status = 409 if request.method == "POST" and blocker else 200
    return render(request, "organizations/remove_member.html", context, status=status)
