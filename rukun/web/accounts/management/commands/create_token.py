from django.core.management.base import BaseCommand, CommandError

from rukun.web.accounts.models import ROLE_SCOPE, ApiToken, Role
from rukun.web.registry.models import District, Krt, State


class Command(BaseCommand):
    help = "Create an API token for an integration; the token is printed once and only its hash is kept."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--role", default=Role.DISTRICT_OFFICER, choices=Role.values)
        parser.add_argument("--state", type=int, help="DOSM state code")
        parser.add_argument("--district", help="DOSM district key, e.g. 10_5")
        parser.add_argument("--krt", help="KRT code")
        parser.add_argument("--read", action="store_true", help="may also read reports of its area")
        parser.add_argument("--no-submit", action="store_true", help="may not submit reports")

    def handle(
        self,
        *args,
        name,
        role,
        state=None,
        district=None,
        krt=None,
        read=False,
        no_submit=False,
        **options,
    ):
        scope = {}
        try:
            if krt:
                scope["krt"] = Krt.objects.select_related("district__state").get(code=krt)
                scope["district"] = scope["krt"].district
                scope["state"] = scope["district"].state
            if district:
                scope["district"] = District.objects.select_related("state").get(key=district)
                scope["state"] = scope["district"].state
            if state:
                scope["state"] = State.objects.get(code=state)
        except (Krt.DoesNotExist, District.DoesNotExist, State.DoesNotExist) as exc:
            raise CommandError(f"unknown area: {exc}") from exc
        needed = ROLE_SCOPE.get(role)
        if needed and needed not in scope:
            raise CommandError(f"role {role} needs --{needed}")
        _, raw = ApiToken.issue(name, role=role, can_read=read, can_submit=not no_submit, **scope)
        self.stdout.write(raw)
