from django.urls import path

from rukun.web.front import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
