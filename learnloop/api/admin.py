from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from learnloop.api.actions import do_revoke_api_token
from learnloop.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """For a server administrator who must stop a leaked token; tokens are made by their owners."""

    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__email", "hint"]
    fields = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            do_revoke_api_token(token)
        self.message_user(
            request, _("%(n)s tokens revoked.") % {"n": len(tokens)}, messages.SUCCESS
        )
