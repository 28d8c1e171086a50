from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.organizations import actions
from learnloop.organizations.access import access_organization
from learnloop.organizations.forms import OrganizationForm


@login_required
def create_organization(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = actions.do_create_organization(form.cleaned_data["name"], request.user)
        return redirect("organizations-show-organization", slug=organization.slug)
    return render(request, "organizations/create_organization.html", {"form": form})


@login_required
def show_organization(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug)
    sessions = organization.learning_sessions.select_related("framework").order_by("-created_at")
    return render(
        request,
        "organizations/show_organization.html",
        {"organization": organization, "membership": membership, "sessions": sessions[:10]},
    )


@login_required
def list_people(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug)
    people = organization.people.prefetch_related("groups")
    return render(
        request,
        "organizations/list_people.html",
        {"organization": organization, "membership": membership, "people": people},
    )
