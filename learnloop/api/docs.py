"""The API's documentation page, served from this server: no third-party assets.

ninja's own page loads Swagger UI from a CDN unless "ninja" is an installed app; here the
same Swagger UI files ship under static/vendor with their version in the path, and the
validator badge (which would send the schema's address to swagger.io) is turned off.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

SWAGGER_UI_VERSION = "5.31.0"


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,
            "persistAuthorization": False,
        }
        context = {
            "api": api,
            "swagger_settings": settings,
            "swagger_ui": f"vendor/swagger-ui-{SWAGGER_UI_VERSION}",
        }
        return render(request, "api/docs.html", context)
