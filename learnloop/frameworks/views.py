from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learnloop.organizations.access import access_organization


@login_required
def list_frameworks(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug)
    frameworks = organization.frameworks.order_by("title", "-version")
    return render(
        request,
        "frameworks/list_frameworks.html",
        {"organization": organization, "membership": membership, "frameworks": frameworks},
    )
