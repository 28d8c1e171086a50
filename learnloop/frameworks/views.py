from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from learnloop.frameworks import actions, library
from learnloop.frameworks.access import (
    access_framework,
    get_module,
    get_principle,
    get_proof_point,
)
from learnloop.frameworks.forms import (
    FrameworkForm,
    ModuleForm,
    PrincipleForm,
    ProofPointForm,
    UploadFrameworkForm,
)
from learnloop.frameworks.models import Framework
from learnloop.frameworks.queries import (
    framework_as_parsed,
    frameworks_for_list,
    latest_version,
    modules_with_content,
    versions_of,
)
from learnloop.lib.framework_yaml import dump_framework
from learnloop.organizations.access import Need, access_organization, has_role


def _show_url(framework: Framework, anchor: str = "") -> str:
    url = reverse(
        "frameworks-show-framework",
        kwargs={
            "slug": framework.organization.slug,
            "key": framework.key,
            "version": framework.version,
        },
    )
    return f"{url}#{anchor}" if anchor else url


def _report_edit(request: HttpRequest, before: Framework, after: Framework, done: str, anchor=""):
    """Say what happened, above all when the edit made a new version, and show the result."""
    if after.pk != before.pk:
        messages.warning(
            request,
            _(
                "Version %(old)s is used by a learning session, so it was left unchanged. "
                "Your change was made in a new version, %(new)s, shown below."
            )
            % {"old": before.version, "new": after.version},
        )
    else:
        messages.success(request, done)
    return redirect(_show_url(after, anchor))


def _edit_context(framework: Framework, membership) -> dict:
    latest = latest_version(framework.organization, framework.key)
    return {
        "organization": framework.organization,
        "membership": membership,
        "framework": framework,
        "is_latest": latest is not None and latest.pk == framework.pk,
        "in_use": actions.is_in_use(framework),
    }


def _form_page(request, framework, membership, form, heading: str, save: Callable, done: str):
    """Shared by every add and edit page: validate, save through an action, report."""
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect(_show_url(framework))
        try:
            after, anchor = save(form.cleaned_data)
        except actions.FrameworkEditError as exc:
            form.add_error(None, str(exc))
        else:
            return _report_edit(request, framework, after, done, anchor)
    context = _edit_context(framework, membership) | {"form": form, "heading": heading}
    return render(request, "frameworks/edit_item.html", context)


def _remove_page(request, framework, membership, item, what: str, remove: Callable):
    """Shared by every remove page: confirm first, then remove through an action."""
    if request.method == "POST":
        try:
            after = remove()
        except actions.FrameworkEditError as exc:
            messages.error(request, str(exc))
            return redirect(_show_url(framework))
        done = _("Removed the %(what)s “%(item)s”.") % {"what": what, "item": item}
        return _report_edit(request, framework, after, done)
    context = _edit_context(framework, membership) | {"item": item, "what": what}
    return render(request, "frameworks/confirm_remove.html", context)


# Reading


@login_required
@require_safe
def list_frameworks(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug)
    context = {
        "organization": organization,
        "membership": membership,
        "rows": frameworks_for_list(organization),
        "can_administer": has_role(membership, Need.ADMINISTER),
    }
    return render(request, "frameworks/list_frameworks.html", context)


@login_required
@require_safe
def show_framework(request: HttpRequest, slug: str, key: str, version: int) -> HttpResponse:
    framework, membership = access_framework(request.user, slug, key, version)
    versions = versions_of(framework)
    context = _edit_context(framework, membership) | {
        "modules": modules_with_content(framework),
        "versions": versions,
        "session_count": next(v.session_count for v in versions if v.pk == framework.pk),
        "can_administer": has_role(membership, Need.ADMINISTER),
        "scale_choices": _scale_choices(framework),
    }
    return render(request, "frameworks/show_framework.html", context)


def _scale_choices(framework: Framework) -> dict:
    choices = list(framework.default_scale.choices.all()) if framework.default_scale else []
    return {
        "levels": sorted((c for c in choices if c.is_ordinal), key=lambda c: c.code),
        "others": [c for c in choices if not c.is_ordinal],
    }


@login_required
@require_safe
def show_latest_framework(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    organization, _membership = access_organization(request.user, slug)
    latest = latest_version(organization, key)
    if latest is None:
        raise Http404
    return redirect(_show_url(latest))


@login_required
@require_safe
def download_framework(request: HttpRequest, slug: str, key: str, version: int) -> HttpResponse:
    framework, _membership = access_framework(request.user, slug, key, version)
    response = HttpResponse(
        dump_framework(framework_as_parsed(framework)), content_type="application/yaml"
    )
    filename = f"{framework.key}-v{framework.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Adding frameworks


@login_required
@require_http_methods(["GET", "POST"])
def upload_framework(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    form = UploadFrameworkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        framework = actions.do_import_framework(organization, form.cleaned_data["parsed"])
        messages.success(
            request,
            _("Imported “%(title)s” as version %(n)s.")
            % {"title": framework.title, "n": framework.version},
        )
        return redirect(_show_url(framework))
    context = {"organization": organization, "membership": membership, "form": form}
    return render(request, "frameworks/upload_framework.html", context)


@login_required
@require_safe
def list_starters(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    starters = [(s, latest_version(organization, s.key)) for s in library.list_starters()]
    context = {"organization": organization, "membership": membership, "starters": starters}
    return render(request, "frameworks/list_starters.html", context)


@login_required
def add_starter(request: HttpRequest, slug: str) -> HttpResponse:
    organization, _membership = access_organization(request.user, slug, Need.ADMINISTER)
    if request.method != "POST":  # after the access check, so outsiders learn nothing
        return HttpResponseNotAllowed(["POST"])
    try:
        framework = actions.do_add_starter_framework(organization, request.POST.get("key", ""))
    except library.UnknownStarterError:
        raise Http404 from None
    messages.success(
        request,
        _("Added “%(title)s” (version %(n)s) from the starter library.")
        % {"title": framework.title, "n": framework.version},
    )
    return redirect(_show_url(framework))


# Editing. Each edit of a version in use goes to a new version (see actions.py).


def _for_edit(request: HttpRequest, slug: str, key: str, version: int):
    return access_framework(request.user, slug, key, version, Need.ADMINISTER)


@login_required
@require_http_methods(["GET", "POST"])
def edit_framework(request: HttpRequest, slug: str, key: str, version: int) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    initial = {"title": framework.title, "description": framework.description}
    form = FrameworkForm(request.POST or None, initial=initial)

    def save(data):
        after = actions.do_edit_framework(
            framework, title=data["title"], description=data["description"]
        )
        return after, ""

    heading = _("Edit the title and description")
    return _form_page(request, framework, membership, form, heading, save, _("Saved."))


@login_required
@require_http_methods(["GET", "POST"])
def add_module(request: HttpRequest, slug: str, key: str, version: int) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    taken = set(framework.modules.values_list("key", flat=True))
    form = ModuleForm(request.POST or None, taken_keys=taken)

    def save(data):
        module = actions.do_add_module(framework, **data)
        return module.framework, f"module-{module.key}"

    heading = _("Add a module")
    return _form_page(request, framework, membership, form, heading, save, _("Module added."))


@login_required
@require_http_methods(["GET", "POST"])
def edit_module(request, slug: str, key: str, version: int, module_key: str) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    module = get_module(framework, module_key)
    initial = {"title": module.title, "description": module.description}
    form = ModuleForm(request.POST or None, initial=initial, adding=False)

    def save(data):
        after = actions.do_edit_module(module, **data)
        return after.framework, f"module-{after.key}"

    heading = _("Edit the module “%(title)s”") % {"title": module.title}
    return _form_page(request, framework, membership, form, heading, save, _("Saved."))


@login_required
@require_http_methods(["GET", "POST"])
def remove_module(request, slug: str, key: str, version: int, module_key: str) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    module = get_module(framework, module_key)
    remove = partial(actions.do_remove_module, module)
    return _remove_page(request, framework, membership, module, _("module"), remove)


@login_required
@require_http_methods(["GET", "POST"])
def add_principle(request, slug: str, key: str, version: int, module_key: str) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    module = get_module(framework, module_key)
    taken = set(module.principles.values_list("key", flat=True))
    form = PrincipleForm(request.POST or None, taken_keys=taken)

    def save(data):
        principle = actions.do_add_principle(module, **data)
        return principle.module.framework, f"principle-{module.key}-{principle.key}"

    heading = _("Add a principle to “%(title)s”") % {"title": module.title}
    return _form_page(request, framework, membership, form, heading, save, _("Principle added."))


@login_required
@require_http_methods(["GET", "POST"])
def edit_principle(request, slug, key, version, module_key, principle_key) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    principle = get_principle(get_module(framework, module_key), principle_key)
    initial = {"title": principle.title, "description": principle.description}
    form = PrincipleForm(request.POST or None, initial=initial, adding=False)

    def save(data):
        after = actions.do_edit_principle(principle, **data)
        return after.module.framework, f"principle-{module_key}-{after.key}"

    heading = _("Edit the principle “%(title)s”") % {"title": principle.title}
    return _form_page(request, framework, membership, form, heading, save, _("Saved."))


@login_required
@require_http_methods(["GET", "POST"])
def remove_principle(request, slug, key, version, module_key, principle_key) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    principle = get_principle(get_module(framework, module_key), principle_key)
    remove = partial(actions.do_remove_principle, principle)
    return _remove_page(request, framework, membership, principle, _("principle"), remove)


@login_required
@require_http_methods(["GET", "POST"])
def add_proof_point(request, slug, key, version, module_key, principle_key) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    principle = get_principle(get_module(framework, module_key), principle_key)
    taken = set(principle.proof_points.values_list("key", flat=True))
    form = ProofPointForm(request.POST or None, taken_keys=taken)

    def save(data):
        proof_point = actions.do_add_proof_point(principle, **data)
        return proof_point.module.framework, f"principle-{module_key}-{principle_key}"

    heading = _("Add a proof point to “%(title)s”") % {"title": principle.title}
    done = _("Proof point added.")
    return _form_page(request, framework, membership, form, heading, save, done)


def _get_proof_point(framework, module_key: str, principle_key: str, proof_point_key: str):
    principle = get_principle(get_module(framework, module_key), principle_key)
    return get_proof_point(principle, proof_point_key)


@login_required
@require_http_methods(["GET", "POST"])
def edit_proof_point(
    request, slug, key, version, module_key, principle_key, proof_point_key
) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    proof_point = _get_proof_point(framework, module_key, principle_key, proof_point_key)
    initial = {"text": proof_point.text, "guidance": proof_point.guidance}
    form = ProofPointForm(request.POST or None, initial=initial, adding=False)

    def save(data):
        after = actions.do_edit_proof_point(proof_point, **data)
        return after.module.framework, f"principle-{module_key}-{principle_key}"

    heading = _("Edit a proof point")
    return _form_page(request, framework, membership, form, heading, save, _("Saved."))


@login_required
@require_http_methods(["GET", "POST"])
def remove_proof_point(
    request, slug, key, version, module_key, principle_key, proof_point_key
) -> HttpResponse:
    framework, membership = _for_edit(request, slug, key, version)
    proof_point = _get_proof_point(framework, module_key, principle_key, proof_point_key)
    remove = partial(actions.do_remove_proof_point, proof_point)
    return _remove_page(request, framework, membership, proof_point, _("proof point"), remove)
