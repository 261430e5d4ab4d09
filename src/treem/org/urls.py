from django.urls import path

from treem.org import views

app_name = "org"
urlpatterns = [
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/them/", views.agency_create, name="agency_create"),
    path("co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("co-quan/<int:pk>/sua/", views.agency_edit, name="agency_edit"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("phan-quyen/<int:pk>/ket-thuc/", views.membership_end, name="membership_end"),
    path("chinh-sach-bao-mat/", views.role_policies, name="role_policies"),
]
