from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve rukun with waitress (a production WSGI server); static files are served locally."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from rukun.web.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"rukun is running at http://{host}:{port}/  (Ctrl-C stops it)")
        self.stdout.write(
            "Log in with a demo account listed by `rukun demo`, e.g. petaling / rukun-demo."
        )
        self.stdout.write(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        serve(application, host=host, port=port, threads=threads)
