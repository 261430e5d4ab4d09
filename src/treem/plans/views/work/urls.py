"""URL patterns of the plans working pages (mounted under /ke-hoach/, namespace "plans")."""

from django.urls import URLPattern, path

from treem.plans.views.work import approvals, catalogue, detail, entry, plans, targets

urlpatterns: list[URLPattern] = [
    path("danh-sach/", plans.plan_list, name="plan_list"),
    path("tao/", plans.plan_create, name="plan_create"),
    path("<int:pk>/", detail.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", plans.plan_update, name="plan_update"),
    path("<int:pk>/thuc-hien/", plans.plan_activate, name="plan_activate"),
    path("<int:pk>/can-cu/", plans.reference_add, name="plan_reference_add"),
    path("<int:pk>/chi-tieu/", targets.target_set, name="target_set"),
    path("<int:pk>/chi-tieu/<int:target_pk>/xoa/", targets.target_remove, name="target_remove"),
    path("danh-muc/", catalogue.catalogue, name="catalogue"),
    path("danh-muc/them/", catalogue.indicator_create, name="indicator_create"),
    path(
        "danh-muc/<int:pk>/ngung-dung/",
        catalogue.indicator_deactivate,
        name="indicator_deactivate",
    ),
    path("nhap-so-lieu/", entry.entry, name="entry"),
    path("phe-duyet/", approvals.approvals, name="approvals"),
    path("so-lieu/<int:pk>/duyet/", approvals.measurement_approve, name="measurement_approve"),
    path("so-lieu/<int:pk>/tra-lai/", approvals.measurement_return, name="measurement_return"),
    path("so-lieu/<int:pk>/mo-khoa/", approvals.measurement_reopen, name="measurement_reopen"),
]
