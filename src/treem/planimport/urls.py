from django.urls import path

from treem.planimport.views import drafts, parts, review

app_name = "planimport"
urlpatterns = [
    path("", drafts.draft_list, name="draft_list"),
    path("tai-len/", drafts.upload, name="upload"),
    path("<uuid:pk>/", review.draft_review, name="draft_review"),
    path("<uuid:pk>/van-ban/", review.save_document, name="draft_document"),
    path("<uuid:pk>/chi-tieu/", review.save_targets, name="draft_targets"),
    path("<uuid:pk>/phan-cong/", parts.save_assignments, name="draft_assignments"),
    path("<uuid:pk>/nhiem-vu/", parts.save_tasks, name="draft_tasks"),
    path("<uuid:pk>/bao-cao/", parts.save_reporting, name="draft_reporting"),
    path("<uuid:pk>/kinh-phi/", parts.save_budget, name="draft_budget"),
    path("<uuid:pk>/xac-nhan/", review.confirm, name="draft_confirm"),
    path("<uuid:pk>/huy/", drafts.discard, name="draft_discard"),
    path("<uuid:pk>/da-tao/", drafts.done, name="draft_done"),
]
