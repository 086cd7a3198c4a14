from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError

from rukun.web.accounts.models import ApiToken, User

SCOPE = (
    "Role and area",
    {"fields": ("role", "state", "district", "krt", "phone", "preferred_language")},
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, SCOPE)
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, SCOPE)
    list_display = ("username", "get_full_name", "role", "state", "district", "krt", "is_active")
    list_filter = ("role", "is_active", "state")
    raw_id_fields = ("district", "krt")

    def save_model(self, request, obj, form, change):
        problems = obj.clean_scope()
        if problems:
            raise ValidationError(problems)
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "role",
        "state",
        "district",
        "can_submit",
        "can_read",
        "last_used",
        "revoked",
    )
    readonly_fields = ("prefix", "digest", "created", "last_used", "created_by")
    raw_id_fields = ("district", "krt")

    def save_model(self, request, obj, form, change):
        if not change:
            fields = {
                f: getattr(obj, f)
                for f in ("role", "state", "district", "krt", "can_submit", "can_read")
            }
            token, raw = ApiToken.issue(obj.name, created_by=request.user, **fields)
            obj.pk, obj.prefix, obj.digest = token.pk, token.prefix, token.digest
            messages.warning(request, f"Copy this token now; it is not shown again: {raw}")
            return
        super().save_model(request, obj, form, change)
