"""Reading uploaded files into drafts (bad files get a clear Vietnamese message and leave
nothing behind), the reviewer's edits and who may do either."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from treem.core.errors import Forbidden, Invalid
from treem.core.models import AuditEvent
from treem.plans.models import Plan, PlanDraft
from treem.plans.services.drafts import (
    plan_draft_confirm,
    plan_draft_create,
    plan_draft_discard,
    plan_draft_update,
    safe_name,
)

from .helpers import KHANH_HOA_2024, SOC_TRANG, draft_from, province, set_document

pytestmark = pytest.mark.django_db


def _create(actor: Any, name: str, data: bytes) -> PlanDraft:
    return plan_draft_create(actor=actor, unit=province(), file_name=name, data=data)


def test_a_draft_keeps_the_normalised_text_with_the_parsers_line_numbers(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    lines = draft.text.split("\n")
    assert len(lines) == draft.extraction["line_count"]
    assert lines[44].startswith("- Chỉ tiêu 9: Giảm 20% số trẻ em bị xâm hại")  # line 45
    assert len(draft.sha256) == 64 and draft.created_by == cast.specialist
    assert {t["code"] for t in draft.extraction["targets"]} >= {"4c", "4d", "11a", "9"}
    kinds = {w["kind"] for w in draft.extraction["warnings"]}
    assert "merged_target" in kinds and "cumulative_reduction" not in kinds
    event = AuditEvent.objects.get(action="plans.draft.create", object_id=str(draft.pk))
    assert event.changes["targets"] == 64


def test_a_word_file_with_a_real_table_is_read(cast: Any) -> None:
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện công tác trẻ em năm 2026 trên địa bàn tỉnh")
    document.add_paragraph(
        "- Chỉ tiêu 14: Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh đạt 99% vào năm 2026."
    )
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"], strict=True
    ):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["1", "Tuyên truyền", "Sở Tư pháp", "Công an tỉnh"], strict=True
    ):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    draft = _create(cast.specialist, "ke-hoach-2026.docx", buffer.getvalue())
    assert draft.file_name == "ke-hoach-2026.docx"
    targets = draft.extraction["targets"]
    assert [(t["code"], t["year"], t["value"]) for t in targets] == [("14", 2026, 99)]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ke-hoach.txt", b"", "rỗng (0 byte)"),
        ("ke-hoach.xlsx", b"PK\x03\x04 not a plan", "Không nhận tệp «ke-hoach.xlsx»"),
        ("ke-hoach", b"abc", "không có đuôi"),
        ("ke-hoach.docx", b"this is not a zip file at all", "không phải tệp Word hợp lệ"),
        ("ke-hoach.pdf", b"%PDF-1.4 broken", "PDF «ke-hoach.pdf»"),
        ("ke-hoach.txt", "Kế hoạch".encode(), "gần như không có chữ"),
    ],
    ids=["empty", "wrong-type", "no-suffix", "corrupt-docx", "corrupt-pdf", "no-content"],
)
def test_bad_files_are_refused_with_a_message_and_leave_nothing(
    cast: Any, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(Invalid) as error:
        _create(cast.specialist, name, data)
    assert message in error.value.message
    assert not PlanDraft.objects.exists()


def test_a_file_over_the_size_limit_is_refused(cast: Any, settings: Any) -> None:
    settings.PLAN_IMPORT_MAX_BYTES = 1024 * 1024
    data = SOC_TRANG.read_bytes() * 30  # about 1.1 MB
    with pytest.raises(Invalid, match="quá giới hạn 1 MB"):
        _create(cast.specialist, "ke-hoach.txt", data)


def test_the_file_name_never_becomes_a_path() -> None:
    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("C:\\Users\\An\\Kế hoạch 2025.DOCX") == "Kế hoạch 2025.docx"
    assert safe_name("...") == "ke-hoach"


def test_only_planners_of_the_unit_may_import(cast: Any) -> None:
    data = KHANH_HOA_2024.read_bytes()
    for user in (cast.officer_a, cast.leader, cast.other_province_admin):
        with pytest.raises(Forbidden):
            _create(user, "kh.txt", data)
    assert not PlanDraft.objects.exists()


def test_the_reviewer_edits_targets_and_document_details(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    extraction = dict(draft.extraction)
    targets = [dict(t) for t in extraction["targets"]]
    targets[0].update(value="78,5", comparator=">", year="2026", unit="percent", code="2")
    del targets[1]
    extraction["targets"] = targets
    extraction["document"] = {
        **extraction["document"],
        "number": " 125/KH-UBND ",
        "issued_on": "2021-08-20",
        "period": {"start": "2021", "end": 2030},
    }
    plan_draft_update(actor=cast.specialist, draft=draft, extraction=extraction)
    draft.refresh_from_db()
    first = draft.extraction["targets"][0]
    assert (first["code"], first["year"], first["comparator"], first["value"]) == (
        "2",
        2026,
        ">",
        78.5,
    )
    assert len(draft.extraction["targets"]) == 63
    document = draft.extraction["document"]
    assert (document["number"], document["issued_on"], document["period"]) == (
        "125/KH-UBND",
        "2021-08-20",
        {"start": 2021, "end": 2030},
    )
    event = AuditEvent.objects.get(action="plans.draft.update", object_id=str(draft.pk))
    assert event.changes["targets"] == {"before": 64, "after": 63, "edited": 1}
    assert event.changes["number"] == [None, "125/KH-UBND"]
    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert plan.targets.count() == 63
    assert plan.targets.get(indicator__code="2", year=2026).value == 78.5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "99z"}, "Mục tiêu thứ 1 (dòng 27): mã chỉ tiêu «99z» không có"),
        ({"comparator": "about"}, "phép so sánh «about» không hợp lệ"),
        ({"year": "năm sau"}, "năm «năm sau» không hợp lệ"),
        ({"year": 2025.5}, "năm «2025.5» không hợp lệ"),
        ({"value": "nhiều"}, "giá trị «nhiều» không phải là số"),
        ({"value": -3}, "giá trị không được âm"),
        ({"value": None}, "thiếu giá trị mục tiêu"),
        ({"unit": "kg"}, "đơn vị tính «kg» không hợp lệ"),
    ],
    ids=["code", "comparator", "year", "year-float", "value", "negative", "no-value", "unit"],
)
def test_edits_of_the_wrong_shape_are_refused(
    cast: Any, change: dict[str, Any], message: str
) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    extraction = dict(draft.extraction)
    extraction["targets"] = [{**extraction["targets"][0], **change}, *extraction["targets"][1:]]
    with pytest.raises(Invalid) as error:
        plan_draft_update(actor=cast.specialist, draft=draft, extraction=extraction)
    assert message in error.value.message
    draft.refresh_from_db()
    assert draft.extraction["targets"][0]["value"] == 77


def test_document_edits_of_the_wrong_shape_are_refused(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2024, cast.specialist)
    with pytest.raises(Invalid, match="ngày ban hành «31/02/2024» không hợp lệ"):
        set_document(draft, cast.specialist, issued_on="31/02/2024")
    with pytest.raises(Invalid, match="năm kết thúc 2020 trước năm bắt đầu 2024"):
        set_document(draft, cast.specialist, period={"start": 2024, "end": 2020})
    with pytest.raises(Invalid, match="quá 60"):
        set_document(draft, cast.specialist, number="1" * 61)


def test_duplicate_targets_block_the_confirmation_until_one_is_removed(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2024, cast.specialist)
    row = {"indicator": 14, "part": None, "code": "14", "year": 2024, "comparator": ">="}
    extraction = dict(draft.extraction)
    extraction["targets"] = [{**row, "value": 98, "unit": "%", "line": 30}]
    extraction["targets"].append({**row, "value": 99, "unit": "%", "line": 31})
    plan_draft_update(actor=cast.specialist, draft=draft, extraction=extraction)
    with pytest.raises(Invalid, match="Dòng 30 và 31: hai mục tiêu cho chỉ tiêu 14 năm 2024"):
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    extraction["targets"] = extraction["targets"][:1]
    plan_draft_update(actor=cast.specialist, draft=draft, extraction=extraction)
    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert plan.targets.get().value == 98


def test_a_discarded_draft_can_neither_be_edited_nor_confirmed(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2024, cast.specialist)
    plan_draft_discard(actor=cast.specialist, draft=draft)
    with pytest.raises(Invalid, match="đã bị hủy"):
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    with pytest.raises(Invalid, match="đã bị hủy"):
        plan_draft_update(actor=cast.specialist, draft=draft, extraction=draft.extraction)
    assert not Plan.objects.filter(number="8916/KH-UBND").exists()


def test_another_provinces_user_may_not_edit_or_confirm(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2024, cast.specialist)
    for call in (
        lambda: plan_draft_update(
            actor=cast.other_province_admin, draft=draft, extraction=draft.extraction
        ),
        lambda: plan_draft_confirm(actor=cast.officer_b, draft=draft),
        lambda: plan_draft_discard(actor=cast.officer_a, draft=draft),
    ):
        with pytest.raises(Forbidden):
            call()


def test_a_commune_officer_imports_the_communes_own_plan(cast: Any) -> None:
    from treem.plans.selectors.drafts import drafts_visible_to, planning_units

    (commune,) = planning_units(cast.officer_a)
    draft = plan_draft_create(
        actor=cast.officer_a,
        unit=commune,
        file_name="ke-hoach-xa.txt",
        data=KHANH_HOA_2024.read_bytes(),
    )
    plan = plan_draft_confirm(actor=cast.officer_a, draft=draft)
    assert plan.unit == commune
    assert draft in drafts_visible_to(cast.officer_a)
    assert draft in drafts_visible_to(cast.specialist)  # the province sees its communes
    assert draft not in drafts_visible_to(cast.officer_b)
