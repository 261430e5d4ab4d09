from django.urls import path

from treem.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("du-lieu-tham-chieu/", views.reference_page, name="reference"),
    path("<str:version>/<str:code>/", views.unit_detail, name="unit_detail"),
]
