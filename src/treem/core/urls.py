from django.urls import path

from treem.core import views

app_name = "core"
urlpatterns = [
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("cong-viec/<uuid:pk>/", views.job_detail, name="job_detail"),
]
