from django.contrib import admin

from learnloop.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "is_active", "is_staff"]
    search_fields = ["email", "name"]
