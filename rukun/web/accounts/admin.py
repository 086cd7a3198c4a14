from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from rukun.web.accounts.models import ROLE_SCOPE, ApiToken, User


class ScopeCheck:
    """A role bound to an area must name that area (a district officer, a district)."""

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        role = cleaned.get("role")
        needed = ROLE_SCOPE.get(role) if role else None
        if needed and not cleaned.get(needed):
            raise ValidationError({needed: f"the role {role} needs a {needed}"})
        return cleaned


class UserEditForm(ScopeCheck, UserChangeForm):
    pass


class UserAddForm(ScopeCheck, AdminUserCreationForm):
    pass


class TokenForm(ScopeCheck, forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("name", "role", "state", "district", "krt", "can_submit", "can_read")


SCOPE = (
    "Role and area",
    {"fields": ("role", "state", "district", "krt", "phone", "preferred_language")},
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    fieldsets = (*BaseUserAdmin.fieldsets, SCOPE)
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, SCOPE)
    list_display = ("username", "get_full_name", "role", "state", "district", "krt", "is_active")
    list_filter = ("role", "is_active", "state")
    raw_id_fields = ("district", "krt")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = TokenForm
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
