from django.urls import path

from rukun.web.dashboard import views

urlpatterns = [
    path("dashboard/", views.national, name="dashboard"),
    path("dashboard/state/<int:code>/", views.state, name="dashboard_state"),
    path("dashboard/district/<str:key>/", views.district, name="dashboard_district"),
    path("krt/<str:code>/", views.krt_profile, name="krt_profile"),
    path("brief/<str:key>/", views.district_brief, name="district_brief"),
    path("brief/<str:key>.pdf", views.district_brief_pdf, name="district_brief_pdf"),
]
