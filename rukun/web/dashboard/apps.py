from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "rukun.web.dashboard"
    label = "dashboard"
