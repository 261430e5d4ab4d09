from django.urls import path

from treem.registry.views import actions, children, duplicates, exports, imports, proposals

app_name = "registry"
urlpatterns = [
    path("", children.child_list, name="child_list"),
    path("dang-ky/", children.child_register, name="child_register"),
    path("xuat.<str:fmt>", exports.list_export, name="list_export"),
    path("<int:pk>/", children.child_detail, name="child_detail"),
    path("<int:pk>/sua/", children.child_edit, name="child_edit"),
    path("<int:pk>/phieu.<str:fmt>", exports.record_export, name="record_export"),
    path("<int:pk>/chuyen-di/", actions.child_move, name="child_move"),
    path("<int:pk>/hoan-canh/", actions.episode_open, name="episode_open"),
    path(
        "<int:pk>/hoan-canh/<int:episode_pk>/ket-thuc/",
        actions.episode_close,
        name="episode_close",
    ),
    path("<int:pk>/nguy-co/", actions.risk_add, name="risk_add"),
    path("<int:pk>/nguy-co/<int:risk_pk>/ket-thuc/", actions.risk_close, name="risk_close"),
    path("<int:pk>/ho-tro/", actions.support_add, name="support_add"),
    path("de-xuat/", proposals.proposal_list, name="proposal_list"),
    path("de-xuat/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("trung-lap/", duplicates.duplicate_list, name="duplicate_list"),
    path("trung-lap/gop/", duplicates.duplicate_merge, name="duplicate_merge"),
    path("trung-lap/khong-trung/", duplicates.duplicate_dismiss, name="duplicate_dismiss"),
    path("gop/<int:pk>/hoan-tac/", duplicates.merge_undo_view, name="merge_undo"),
    path("nhap/", imports.import_upload, name="import_upload"),
    path("nhap/mau.csv", imports.template_csv, name="import_template"),
    path("nhap/<uuid:pk>/", imports.import_run, name="import_run"),
    path("nhap/<uuid:pk>/bao-cao-loi.csv", imports.import_report, name="import_report"),
]
