"""The plan-import pages: upload, the review screen beside the source, the edits and the
confirmation; and who may open them (another province's draft is a 404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from treem.plans.domain.extraction import measure_unit
from treem.plans.models import Plan, PlanDraft
from treem.plans.selectors.plans import national_plan
from treem.plans.services.drafts import plan_draft_confirm
from treem.web.testing.access import AccessCase, AccessTestMixin

from .helpers import KHANH_HOA_2024, SOC_TRANG, draft_from, province

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _targets_post(
    draft: PlanDraft,
    stamp: str,
    changes: dict[int, dict[str, Any]] | None = None,
    delete: set[int] | None = None,
    new: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The targets table as the browser would send it."""
    rows = draft.extraction["targets"]
    data: dict[str, Any] = {
        "stamp": stamp,
        "t-TOTAL_FORMS": len(rows) + 1,
        "t-INITIAL_FORMS": len(rows),
        "t-MIN_NUM_FORMS": 0,
        "t-MAX_NUM_FORMS": 500,
    }
    for index, row in enumerate(rows):
        values = {
            "index": index,
            "line": row.get("line") or "",
            "code": row.get("code") or "",
            "year": row["year"],
            "comparator": row["comparator"],
            "value": "" if row.get("value") is None else str(row["value"]).replace(".", ","),
            "value_high": "" if row.get("value_high") is None else row["value_high"],
            "unit": measure_unit(row.get("unit")),
            **(changes or {}).get(index, {}),
        }
        if index in (delete or set()):
            values["DELETE"] = "on"
        data.update({f"t-{index}-{name}": value for name, value in values.items()})
    for name, value in (new or {}).items():
        data[f"t-{len(rows)}-{name}"] = value
    return data


def test_upload_reads_the_document_and_opens_the_review(cast: Any) -> None:
    client = _client(cast.specialist)
    page = client.get(reverse("planimport:upload"))
    assert page.status_code == 200 and "Khánh Hòa" in page.content.decode()
    upload = SimpleUploadedFile("soctrang_2021.txt", SOC_TRANG.read_bytes(), "text/plain")
    response = client.post(reverse("planimport:upload"), {"unit": province().pk, "file": upload})
    draft = PlanDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planimport:draft_review", args=[draft.pk])
    review = client.get(response["Location"])
    html = review.content.decode()
    assert review.status_code == 200
    assert 'id="L45"' in html and 'href="#L45" data-line="45"' in html
    assert "Chỉ tiêu 9: Giảm 20% số trẻ em bị xâm hại" in html
    assert "Cần sửa trước khi xác nhận" in html and "chưa có số, ký hiệu" in html
    assert "Bảng kinh phí có 14 vấn đề" in html
    assert "Sở Y tế tỉnh Khánh Hòa" in html  # the matched agency
    assert review.context["counts"]["targets"] == 64


def test_a_bad_upload_shows_the_reason_on_the_form(cast: Any, settings: Any) -> None:
    client = _client(cast.specialist)
    bad = SimpleUploadedFile("ke-hoach.docx", b"not a word file", "application/octet-stream")
    response = client.post(reverse("planimport:upload"), {"unit": province().pk, "file": bad})
    assert response.status_code == 200
    assert "không phải tệp Word hợp lệ" in response.content.decode()
    settings.PLAN_IMPORT_MAX_BYTES = 10
    big = SimpleUploadedFile("ke-hoach.txt", b"x" * 11, "text/plain")
    response = client.post(reverse("planimport:upload"), {"unit": province().pk, "file": big})
    assert "quá giới hạn" in response.content.decode()
    assert not PlanDraft.objects.exists()


def test_the_reviewer_edits_targets_in_the_table(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    client = _client(cast.specialist)
    url = reverse("planimport:draft_review", args=[draft.pk])
    stamp = client.get(url).context["stamp"]
    data = _targets_post(
        draft,
        stamp,
        changes={0: {"value": "78,5", "comparator": ">"}},
        delete={1},
        new={"code": "19", "year": "2030", "comparator": ">=", "value": "100", "unit": "percent"},
    )
    response = client.post(reverse("planimport:draft_targets", args=[draft.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#chi-tieu")
    draft.refresh_from_db()
    targets = draft.extraction["targets"]
    assert len(targets) == 64  # one deleted, one added
    assert (targets[0]["value"], targets[0]["comparator"], targets[0]["edited"]) == (
        78.5,
        ">",
        True,
    )
    assert targets[1]["year"] == 2025 and targets[1]["code"] == "2"
    assert targets[-1] | {"text": ""} == {
        "indicator": 19,
        "part": None,
        "text": "",
        "line": None,
        "added": True,
        "code": "19",
        "year": 2030,
        "comparator": ">=",
        "value": 100,
        "value_high": None,
        "unit": "percent",
    }
    # The old fingerprint no longer matches: a second save on a stale page is refused.
    stale = client.post(reverse("planimport:draft_targets", args=[draft.pk]), data)
    assert stale.status_code == 302
    draft.refresh_from_db()
    assert len(draft.extraction["targets"]) == 64


def test_a_bad_target_edit_is_shown_next_to_the_row(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    client = _client(cast.specialist)
    stamp = client.get(reverse("planimport:draft_review", args=[draft.pk])).context["stamp"]
    data = _targets_post(draft, stamp, changes={2: {"year": "hai nghìn", "value": ""}})
    response = client.post(reverse("planimport:draft_targets", args=[draft.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập năm bằng số, ví dụ 2030." in html
    assert "Nhập giá trị mục tiêu." in html
    draft.refresh_from_db()
    assert draft.extraction["targets"][2]["year"] == 2025


def test_the_reviewer_fills_in_the_document_details(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    client = _client(cast.specialist)
    data = {
        "d-number": "125/KH-UBND",
        "d-issued_on": "2021-08-20",
        "d-issuer": "Ủy ban nhân dân tỉnh Sóc Trăng",
        "d-title": "Thực hiện Chương trình hành động quốc gia vì trẻ em",
        "d-first_year": "2021",
        "d-last_year": "2030",
    }
    response = client.post(reverse("planimport:draft_document", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    document = draft.extraction["document"]
    assert (document["number"], document["issued_on"], document["period"]) == (
        "125/KH-UBND",
        "2021-08-20",
        {"start": 2021, "end": 2030},
    )
    bad = client.post(
        reverse("planimport:draft_document", args=[draft.pk]),
        {**data, "d-first_year": "2030", "d-last_year": "2021"},
    )
    assert "Năm kết thúc phải từ năm bắt đầu trở đi." in bad.content.decode()


def test_confirm_creates_the_plan_under_the_chosen_parent(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, number="125/KH-UBND")
    client = _client(cast.specialist)
    url = reverse("planimport:draft_confirm", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["parent"] == national_plan()  # implements 23/QĐ-TTg
    assert page.context["form"].initial["activate"] is False  # the document is a draft
    response = client.post(url, {"parent": national_plan().pk, "activate": "on"})
    plan = Plan.objects.get(number="125/KH-UBND")
    assert (plan.parent, plan.status) == (national_plan(), "active")
    try:
        expected = reverse("plans:plan_detail", args=[plan.pk])
    except NoReverseMatch:
        expected = reverse("planimport:draft_done", args=[draft.pk])
    assert response.status_code == 302 and response["Location"] == expected
    done = client.get(reverse("planimport:draft_done", args=[draft.pk]))
    assert done.status_code == 200
    created = {"targets": 64, "assignments": 6, "tasks": 0, "reporting": 3, "budget_lines": 60}
    assert done.context["created"] == created
    assert {k: done.context["read"][k] for k in created} == created
    # A confirmed draft cannot be confirmed again, nor edited.
    again = client.post(url, {"parent": ""})
    assert again.status_code == 302 and Plan.objects.filter(number="125/KH-UBND").count() == 1
    review = client.get(reverse("planimport:draft_review", args=[draft.pk]))
    assert "Xem kế hoạch 125/KH-UBND" in review.content.decode()


def test_confirm_is_refused_while_problems_remain(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    client = _client(cast.specialist)
    response = client.post(reverse("planimport:draft_confirm", args=[draft.pk]), {})
    assert response.status_code == 200
    assert "Chưa xác nhận được" in response.content.decode()
    assert not Plan.objects.filter(source_sha256=draft.sha256).exists()


def test_discard_hides_nothing_but_ends_the_review(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2024, cast.specialist)
    client = _client(cast.specialist)
    response = client.post(reverse("planimport:draft_discard", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == PlanDraft.State.DISCARDED
    listing = client.get(reverse("planimport:draft_list") + "?state=discarded")
    assert draft.file_name in listing.content.decode()


def _draft_pk() -> dict[str, Any]:
    return {"pk": draft_from(KHANH_HOA_2024).pk}


def _confirmed_pk() -> dict[str, Any]:
    draft = draft_from(KHANH_HOA_2024)
    plan_draft_confirm(actor=None, draft=draft)
    return {"pk": draft.pk}


class TestPlanImportAccess(AccessTestMixin):
    """Province planners see their drafts; a commune officer of the province, another
    province's administrator and people without a planning role get 404."""

    cases = [
        AccessCase("list", "planimport:draft_list", owner="chuyenvien", outsider="lanhdao"),
        AccessCase("upload", "planimport:upload", owner="chuyenvien", outsider="ctv.a"),
        AccessCase(
            "review",
            "planimport:draft_review",
            kwargs=_draft_pk,
            owner="chuyenvien",
            outsider="canbo.b",
        ),
        AccessCase(
            "review-other-province",
            "planimport:draft_review",
            kwargs=_draft_pk,
            owner="chuyenvien",
            outsider="quantri.hanoi",
        ),
        AccessCase(
            "confirm",
            "planimport:draft_confirm",
            kwargs=_draft_pk,
            owner="chuyenvien",
            outsider="canbo.a",
        ),
        AccessCase(
            "edit-targets",
            "planimport:draft_targets",
            kwargs=_draft_pk,
            owner="chuyenvien",
            outsider="canbo.b",
            method="post",
            data={"stamp": "x"},
            ok_status=(302,),
        ),
        AccessCase(
            "edit-document",
            "planimport:draft_document",
            kwargs=_draft_pk,
            owner="chuyenvien",
            outsider="quantri.hanoi",
            method="post",
            data={"d-title": ""},
            ok_status=(200,),
        ),
        AccessCase(
            "discard",
            "planimport:draft_discard",
            kwargs=_draft_pk,
            owner="chuyenvien",
            outsider="canbo.b",
            method="post",
            ok_status=(302,),
        ),
        AccessCase(
            "done",
            "planimport:draft_done",
            kwargs=_confirmed_pk,
            owner="chuyenvien",
            outsider="quantri.hanoi",
        ),
    ]


def test_the_list_and_review_pages_run_a_fixed_number_of_queries(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    drafts = [draft_from(path, cast.specialist) for path in (SOC_TRANG, KHANH_HOA_2024)]
    client = _client(cast.specialist)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("planimport:draft_list")).status_code == 200
    # 64 targets, 6 responsibilities and 59 budget lines: still a handful of queries.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("planimport:draft_review", args=[drafts[0].pk]))
    assert response.status_code == 200
