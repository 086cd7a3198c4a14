from django.contrib.auth import views as auth_views
from django.urls import path

from rukun.web.alerts import exports as alert_exports
from rukun.web.alerts import views as alert_views
from rukun.web.audit import views as audit_views
from rukun.web.front import views
from rukun.web.interventions import views as intervention_views
from rukun.web.reports import views as report_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("report/", report_views.public_report, name="public_report"),
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/new/", report_views.officer_report, name="officer_report"),
    path("reports/<int:report_id>/", report_views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/labels/", report_views.correct_labels, name="report_labels"),
    path("reports/export.<str:fmt>", alert_exports.export_reports, name="report_export"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("alerts/", alert_views.alert_list, name="alert_list"),
    path("alerts/export.<str:fmt>", alert_exports.export_alerts, name="alert_export"),
    path("alerts/<int:alert_id>/", alert_views.alert_detail, name="alert_detail"),
    path(
        "alerts/<int:alert_id>/interventions/",
        intervention_views.create,
        name="intervention_create",
    ),
    path("alerts/<int:alert_id>/<str:action>/", alert_views.alert_action, name="alert_action"),
    path(
        "interventions/<int:intervention_id>/",
        intervention_views.update,
        name="intervention_update",
    ),
]
