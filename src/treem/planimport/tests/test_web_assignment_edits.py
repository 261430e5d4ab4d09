"""Editing the indicator assignments and the reporting deadlines on the review screen: like
the tasks, each bad input gets a Vietnamese message beside its cell and nothing is saved; good
edits are kept, marked «đã sửa», and confirmed into the plan's responsibilities and reporting
rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from treem.planimport import edits
from treem.planimport.views.review import indicator_numbers
from treem.plans.models import PlanDraft, ReportingRule, Responsibility
from treem.plans.services.drafts import plan_draft_confirm

from .helpers import KHANH_HOA_2025, SOC_TRANG, draft_from
from .test_web_part_edits import _post_data

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _draft(cast: Any) -> PlanDraft:
    return draft_from(SOC_TRANG, cast.specialist, "99/KH-UBND")


def _assignments_post(draft: PlanDraft, **kwargs: Any) -> dict[str, Any]:
    rows = draft.extraction["assignments"]
    formset = edits.assignment_formset(rows, indicator_numbers(draft))
    return _post_data(formset, edits.stamp(rows), **kwargs)


def _reporting_post(draft: PlanDraft, **kwargs: Any) -> dict[str, Any]:
    rows = draft.extraction["reporting"]
    return _post_data(edits.reporting_formset(rows), edits.stamp(rows), **kwargs)


def test_the_review_screen_shows_assignments_and_reporting_as_editable_tables(
    cast: Any,
) -> None:
    draft = _draft(cast)
    html = _client(cast.specialist).get(reverse("planimport:draft_review", args=[draft.pk]))
    text = html.content.decode()
    assert reverse("planimport:draft_assignments", args=[draft.pk]) in text
    assert reverse("planimport:draft_reporting", args=[draft.pk]) in text
    assert 'value="1, 2, 8, 9, 10, 11, 12, 22, 23, 24"' in text
    assert "Lưu bảng phân công" in text and "Lưu chế độ báo cáo" in text


def test_an_edited_assignment_reaches_the_plans_responsibilities(cast: Any) -> None:
    draft = _draft(cast)
    before = draft.extraction["assignments"]
    data = _assignments_post(
        draft,
        changes={0: {"agency": "Sở Lao động - TB&XH tỉnh", "indicators": "1; 2 và 7"}},
        delete={1},
        new={"agency": "Tỉnh đoàn", "indicators": "16, 17"},
    )
    client = _client(cast.specialist)
    response = client.post(reverse("planimport:draft_assignments", args=[draft.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#phan-cong")
    draft.refresh_from_db()
    rows = draft.extraction["assignments"]
    assert len(rows) == len(before)  # one deleted, one added
    assert rows[0]["agency"] == "Sở Lao động - TB&XH tỉnh"
    assert rows[0]["indicators"] == [1, 2, 7] and rows[0]["edited"] is True
    assert rows[0]["line"] == before[0]["line"]
    assert rows[1]["agency"] == before[2]["agency"] and "edited" not in rows[1]
    assert rows[-1]["agency"] == "Tỉnh đoàn" and rows[-1]["indicators"] == [16, 17]
    assert rows[-1]["added"] is True
    page = client.get(reverse("planimport:draft_review", args=[draft.pk])).content.decode()
    assert "đã sửa" in page

    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    stored = {
        row.agency_name: sorted({item.number for item in row.indicators.all()})
        for row in Responsibility.objects.filter(plan=plan).prefetch_related("indicators")
    }
    assert stored["Sở Lao động - TB&XH tỉnh"] == [1, 2, 7]
    assert stored["Tỉnh đoàn"] == [16, 17]
    assert before[1]["agency"] not in stored
    assert len(stored) == len(rows)


def test_an_assignment_with_no_agency_is_refused_beside_the_row(cast: Any) -> None:
    draft = _draft(cast)
    before = draft.extraction["assignments"]
    data = _assignments_post(draft, changes={1: {"agency": "   "}})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_assignments", args=[draft.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập tên cơ quan chủ trì (hoặc đánh dấu xóa dòng)." in html
    assert "Chưa lưu bảng phân công" in html
    draft.refresh_from_db()
    assert draft.extraction["assignments"] == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("7, abc", "«abc» không phải là số chỉ tiêu"),
        ("99", "Chỉ tiêu 99 không có trong danh mục"),
        ("7, 15, 0", "Chỉ tiêu 0 không có trong danh mục"),
        (" , ", "Nhập các số chỉ tiêu được giao"),
    ],
)
def test_an_indicator_list_naming_no_catalogue_indicator_is_refused(
    cast: Any, typed: str, message: str
) -> None:
    draft = _draft(cast)
    before = draft.extraction["assignments"]
    data = _assignments_post(draft, changes={0: {"indicators": typed}})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_assignments", args=[draft.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "Chưa lưu bảng phân công" in html
    draft.refresh_from_db()
    assert draft.extraction["assignments"] == before


def test_a_stale_assignment_table_is_not_saved(cast: Any) -> None:
    draft = _draft(cast)
    data = {**_assignments_post(draft, changes={0: {"agency": "Khác"}}), "stamp": "cu"}
    response = _client(cast.specialist).post(
        reverse("planimport:draft_assignments", args=[draft.pk]), data, follow=True
    )
    assert "Bảng phân công vừa được sửa ở nơi khác" in response.content.decode()
    draft.refresh_from_db()
    assert draft.extraction["assignments"][0]["agency"] != "Khác"


def test_edited_reporting_deadlines_reach_the_plans_reporting_rules(cast: Any) -> None:
    draft = _draft(cast)
    before = draft.extraction["reporting"]
    data = _reporting_post(
        draft,
        changes={0: {"due_day": "20", "due_month": "6", "to": "Sở Lao động - TB&XH"}},
        new={"period": "adhoc", "to": "Ủy ban nhân dân tỉnh"},
    )
    client = _client(cast.specialist)
    response = client.post(reverse("planimport:draft_reporting", args=[draft.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#bao-cao")
    draft.refresh_from_db()
    rows = draft.extraction["reporting"]
    assert len(rows) == len(before) + 1
    assert (rows[0]["due_day"], rows[0]["due_month"], rows[0]["edited"]) == (20, 6, True)
    assert rows[0]["line"] == before[0]["line"] and "edited" not in rows[1]
    assert rows[-1]["period"] == "adhoc" and rows[-1]["due_day"] is None and rows[-1]["added"]

    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    rules = ReportingRule.objects.filter(plan=plan)
    assert rules.count() == len(rows)
    assert rules.get(due_day=20, due_month=6).recipient == "Sở Lao động - TB&XH"
    assert rules.get(period="adhoc", line=None).recipient == "Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"due_day": "32"}, "Ngày hạn báo cáo phải từ 1 đến 31."),
        ({"due_day": "0"}, "Ngày hạn báo cáo phải từ 1 đến 31."),
        ({"due_month": "13"}, "Tháng hạn báo cáo phải từ 1 đến 12."),
        ({"due_day": "31", "due_month": "2"}, "Ngày 31/2 không có thật"),
        ({"due_month": ""}, "Nhập đủ cả ngày và tháng của hạn báo cáo"),
        ({"due_day": "mười"}, "Ngày hạn báo cáo là một số từ 1 đến 31."),
        ({"period": "monthly"}, "Kỳ báo cáo «monthly» không có"),
        ({"period": ""}, "Chọn kỳ báo cáo: chọn 6 tháng, hằng năm hoặc đột xuất."),
    ],
)
def test_a_bad_reporting_cell_is_refused_with_a_vietnamese_message(
    cast: Any, cells: dict[str, str], message: str
) -> None:
    draft = _draft(cast)
    before = draft.extraction["reporting"]
    data = _reporting_post(draft, changes={0: cells})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_reporting", args=[draft.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "Chưa lưu bảng chế độ báo cáo" in html
    draft.refresh_from_db()
    assert draft.extraction["reporting"] == before


def test_a_leap_day_deadline_is_accepted(cast: Any) -> None:
    draft = _draft(cast)
    data = _reporting_post(draft, changes={1: {"due_day": "29", "due_month": "2"}})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_reporting", args=[draft.pk]), data
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.extraction["reporting"][1]["due_day"] == 29


def test_an_assignment_is_added_to_a_document_that_gave_none(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2025, cast.specialist, "118/KH-UBND")
    assert draft.extraction["assignments"] == []
    client = _client(cast.specialist)
    page = client.get(reverse("planimport:draft_review", args=[draft.pk])).content.decode()
    assert "Văn bản không giao chỉ tiêu cụ thể cho cơ quan nào." in page
    assert reverse("planimport:draft_assignments", args=[draft.pk]) in page
    data = _assignments_post(draft, new={"agency": "Sở Y tế", "indicators": "4, 5"})
    response = client.post(reverse("planimport:draft_assignments", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [(r["agency"], r["indicators"]) for r in draft.extraction["assignments"]] == [
        ("Sở Y tế", [4, 5])
    ]
