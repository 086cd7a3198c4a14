from django.contrib.auth import views as auth_views
from django.urls import path

from rukun.web.audit import views as audit_views
from rukun.web.front import views
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
    path("audit/", audit_views.audit_list, name="audit_list"),
]
