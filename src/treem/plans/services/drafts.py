"""Plan import: a document read into a draft, the reviewer's edits, and the confirmation that
turns the draft into a plan with its targets, responsibilities, tasks, reporting deadlines and
budget lines — all in one transaction, or nothing."""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from treem.core.audit import audit_write
from treem.core.cleaning import full_clean
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Level, Unit, Version
from treem.planimport.parsing import PlanParseError, parse_text
from treem.planimport.parsing.normalise import normalise_text
from treem.planimport.parsing.readers import read_file
from treem.plans import access
from treem.plans.domain.draft_check import blocking_problems, clean_extraction
from treem.plans.domain.extraction import (
    budget_rows,
    enrich,
    measure_unit,
    parse_date,
    plan_period,
    to_decimal,
)
from treem.plans.models import Indicator, Plan, PlanDraft
from treem.plans.selectors.drafts import AgencyMatcher, catalogue_for
from treem.plans.services.parts import (
    budget_line_add,
    reporting_rule_add,
    responsibility_add,
    task_add,
)
from treem.plans.services.plans import plan_activate, plan_create, plan_reference_add, target_set

logger = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "PLAN_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _require_plan(actor: Any, unit: Unit) -> None:
    if actor is not None and not access.can_plan(actor, unit):
        raise Forbidden(f"Bạn không có quyền quản lý kế hoạch của {unit.full_name}.")


def _require_review(draft: PlanDraft) -> None:
    if draft.state == PlanDraft.State.CONFIRMED:
        number = draft.plan.number if draft.plan else ""
        raise Invalid(
            f"Bản đọc «{draft.file_name}» đã được xác nhận thành kế hoạch {number}; không "
            "xác nhận hay sửa lại được. Hãy sửa trên trang kế hoạch."
        )
    if draft.state != PlanDraft.State.REVIEW:
        raise Invalid(f"Bản đọc «{draft.file_name}» đã bị hủy; hãy tải tệp lên lại.")


def safe_name(file_name: str) -> str:
    """The person's file name without folders or odd characters (used only inside a private
    temporary folder and in messages)."""
    name = re.split(r"[\\/]", file_name or "")[-1].strip()
    name = re.sub(r"[^\w .()\-]", "_", name).lstrip(". ")
    stem, suffix = Path(name).stem[:120], Path(name).suffix.lower()[:10]
    return f"{stem or 'ke-hoach'}{suffix}"


def read_document(file_name: str, data: bytes) -> tuple[str, dict[str, Any]]:
    """(normalised text, parser result) of an uploaded plan document."""
    name = safe_name(file_name)
    suffix = Path(name).suffix
    if suffix not in SUPPORTED:
        shown = suffix or "không có đuôi"
        raise Invalid(
            f"Không nhận tệp «{name}» (định dạng {shown}). Hãy chọn kế hoạch dạng .docx, .pdf "
            "(có lớp chữ), .txt hoặc .md.",
            details={"file": "Chọn tệp .docx, .pdf, .txt hoặc .md."},
        )
    if not data:
        raise Invalid(
            f"Tệp «{name}» rỗng (0 byte). Hãy chọn đúng tệp kế hoạch có nội dung.",
            details={"file": "Tệp rỗng."},
        )
    limit = max_bytes()
    if len(data) > limit:
        raise Invalid(
            f"Tệp «{name}» lớn {len(data) / 1024 / 1024:.1f} MB, quá giới hạn "
            f"{limit // (1024 * 1024)} MB. Hãy bỏ bớt hình ảnh hoặc phụ lục không cần thiết "
            "rồi tải lên lại.",
            details={"file": "Tệp quá lớn."},
        )
    with tempfile.TemporaryDirectory(prefix="treem-plan-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            raw = read_file(path)
            result = parse_text(raw)
        except PlanParseError as exc:
            raise Invalid(str(exc), details={"file": str(exc)}) from None
        except Exception:  # a reader library failing on a damaged file
            logger.exception("plan document %s could not be read", name)
            message = (
                f"Không đọc được tệp «{name}»: tệp có thể bị hỏng. Hãy mở tệp bằng Word hoặc "
                "LibreOffice, lưu lại rồi tải lên lại."
            )
            raise Invalid(message, details={"file": message}) from None
    result["source"] = {"file": name, "type": suffix.lstrip(".")}
    return normalise_text(raw).text, result


def plan_draft_create(*, actor: Any, unit: Unit, file_name: str, data: bytes) -> PlanDraft:
    """Read a plan document (.txt, .md, .docx, .pdf) into a draft for review."""
    if unit.version != Version.CURRENT or unit.level == Level.VILLAGE:
        raise Invalid(
            "Kế hoạch gắn với một đơn vị hành chính hiện hành (toàn quốc, tỉnh hoặc xã).",
            details={"unit": "Chọn tỉnh/thành phố hoặc xã/phường hiện hành."},
        )
    _require_plan(actor, unit)
    text, result = read_document(file_name, data)
    extraction = enrich(result, catalogue_for(unit))
    with transaction.atomic():
        draft = PlanDraft(
            unit=unit,
            unit_path=unit.path,
            file_name=safe_name(file_name)[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            text=text,
            extraction=extraction,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        full_clean(draft)
        draft.save()
        audit_write(
            actor=actor,
            action="plans.draft.create",
            obj=draft,
            unit=unit,
            changes={
                "file": draft.file_name,
                "sha256": draft.sha256,
                "targets": len(extraction["targets"]),
                "warnings": len(extraction["warnings"]),
            },
        )
    return draft


def plan_draft_update(*, actor: Any, draft: PlanDraft, extraction: dict[str, Any]) -> PlanDraft:
    """Save the reviewer's edits (document details, targets) after checking their shape."""
    _require_plan(actor, draft.unit)
    _require_review(draft)
    cleaned = clean_extraction(extraction, catalogue_for(draft.unit))
    with transaction.atomic():
        locked = PlanDraft.objects.select_for_update().get(pk=draft.pk)
        _require_review(locked)
        changes = _edit_summary(locked.extraction, cleaned)
        locked.extraction = cleaned
        locked.save(update_fields=["extraction"])
        audit_write(
            actor=actor, action="plans.draft.update", obj=locked, unit=draft.unit, changes=changes
        )
    draft.extraction = cleaned
    return draft


def _edit_summary(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    old_doc, new_doc = before.get("document") or {}, after.get("document") or {}
    fields = ("number", "title", "issuer", "issued_on", "period")
    changes: dict[str, Any] = {
        name: [old_doc.get(name), new_doc.get(name)]
        for name in fields
        if old_doc.get(name) != new_doc.get(name)
    }
    old_targets, new_targets = before.get("targets", []), after.get("targets", [])
    if old_targets != new_targets:
        changes["targets"] = {
            "before": len(old_targets),
            "after": len(new_targets),
            "edited": sum(1 for row in new_targets if row not in old_targets),
        }
    return changes


def plan_draft_discard(*, actor: Any, draft: PlanDraft) -> PlanDraft:
    _require_plan(actor, draft.unit)
    with transaction.atomic():
        locked = PlanDraft.objects.select_for_update().get(pk=draft.pk)
        _require_review(locked)
        locked.state = PlanDraft.State.DISCARDED
        locked.save(update_fields=["state"])
        audit_write(actor=actor, action="plans.draft.discard", obj=locked, unit=draft.unit)
    draft.state = locked.state
    return draft


@contextmanager
def _item(label: str, line: int | None = None) -> Iterator[None]:
    """Name the item (and its line in the document) in any error of the service it calls."""
    try:
        yield
    except Invalid as exc:
        where = f" (dòng {line})" if line else ""
        raise Invalid(
            f"{label}{where}: {exc.message} Chưa tạo gì: hãy sửa bản đọc rồi xác nhận lại.",
            details={**exc.details, "item": label, "line": line},
        ) from None


def _fit(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_draft_confirm(
    *, actor: Any, draft: PlanDraft, parent: Plan | None = None, activate: bool = False
) -> Plan:
    """Create the plan and all its parts from the draft, in one transaction."""
    unit = draft.unit
    _require_plan(actor, unit)
    with transaction.atomic():
        locked = PlanDraft.objects.select_for_update().get(pk=draft.pk)
        _require_review(locked)
        data = clean_extraction(locked.extraction, catalogue_for(unit))
        problems = blocking_problems(data)
        if problems:
            more = f" (còn {len(problems) - 1} vấn đề khác)" if len(problems) > 1 else ""
            raise Invalid(
                f"Chưa tạo kế hoạch: {problems[0]['message']}{more}",
                details={"problems": problems},
            )
        plan = _create_plan(actor, locked, data, parent)
        counts = _create_parts(actor, plan, data)
        if activate:
            with _item("Đưa kế hoạch vào thực hiện"):
                plan_activate(actor=actor, plan=plan)
        locked.state = PlanDraft.State.CONFIRMED
        locked.plan = plan
        locked.save(update_fields=["state", "plan"])
        audit_write(
            actor=actor,
            action="plans.draft.confirm",
            obj=locked,
            unit=unit,
            changes={"plan": plan.pk, "number": plan.number, **counts},
        )
    draft.state, draft.plan = locked.state, plan
    return plan


def _create_plan(actor: Any, draft: PlanDraft, data: dict[str, Any], parent: Plan | None) -> Plan:
    document = data["document"]
    period = plan_period(data)
    assert period is not None  # blocking_problems checked it
    number = document["number"]
    existing = Plan.objects.filter(unit=draft.unit, number__iexact=number).first()
    if existing is not None:
        raise Invalid(
            f"{draft.unit.full_name} đã có kế hoạch số {existing.number} "
            f"({existing.first_year}–{existing.last_year}); không tạo trùng. Nếu đây là văn "
            "bản khác, hãy sửa số, ký hiệu.",
            details={"number": "Số, ký hiệu đã có."},
        )
    issued_on = parse_date(document.get("issued_on"))
    issuer = _fit(document.get("issuer"), 200)
    matcher = AgencyMatcher(draft.unit, issued_on)
    with _item("Thông tin văn bản"):
        plan = plan_create(
            actor=actor,
            unit=draft.unit,
            number=number,
            title=_fit(document["title"], 500),
            first_year=period[0],
            last_year=period[1],
            issued_on=issued_on,
            issuer=issuer,
            agency=matcher.match(issuer) if issuer else None,
            parent=parent,
            source_name=draft.file_name,
            source_sha256=draft.sha256,
        )
    for ref in document.get("implements") or []:
        if not ref.get("number"):
            continue
        with _item(f"Văn bản căn cứ {ref['number']}"):
            plan_reference_add(
                actor=actor,
                plan=plan,
                number=_fit(ref["number"], 60),
                issuer=_fit(ref.get("issuer"), 200),
                issued_on=parse_date(ref.get("issued_on")),
            )
    return plan


def _create_parts(actor: Any, plan: Plan, data: dict[str, Any]) -> dict[str, int]:
    catalogue = catalogue_for(plan.unit)
    by_number: dict[int, list[Indicator]] = defaultdict(list)
    for item in catalogue.values():
        by_number[item.number].append(item)
    matcher = AgencyMatcher(plan.unit, plan.issued_on)
    for row in data["targets"]:
        with _item(f"Mục tiêu chỉ tiêu {row['code']} năm {row['year']}", row.get("line")):
            target_set(
                actor=actor,
                plan=plan,
                indicator=catalogue[row["code"]],
                year=row["year"],
                comparator=row["comparator"],
                value=to_decimal(row.get("value")),
                value_high=to_decimal(row.get("value_high")),
                unit=measure_unit(row.get("unit")),
                text=row.get("text") or "",
                line=row.get("line"),
            )
    for row in data["assignments"]:
        name = _fit(row.get("agency"), 200)
        with _item(f"Phân công «{name}»", row.get("line")):
            responsibility_add(
                actor=actor,
                plan=plan,
                agency_name=name,
                indicators=[item for n in row.get("indicators") or [] for item in by_number[n]],
                agency=matcher.match(name),
                line=row.get("line"),
            )
    for order, row in enumerate(data["tasks"], start=1):
        lead = _fit(row.get("lead"), 200)
        with _item(f"Nhiệm vụ {row.get('number') or order}", row.get("line")):
            task_add(
                actor=actor,
                plan=plan,
                text=row.get("text") or "",
                lead_name=lead,
                coordinating=_fit("; ".join(row.get("coordinating") or []), 1000),
                lead=matcher.match(lead) if lead else None,
                order=order,
                line=row.get("line"),
            )
    for row in data["reporting"]:
        with _item("Chế độ báo cáo", row.get("line")):
            reporting_rule_add(
                actor=actor,
                plan=plan,
                period=row.get("period") or "",
                due_day=row.get("due_day"),
                due_month=row.get("due_month"),
                recipient=_fit(row.get("to"), 300),
                line=row.get("line"),
            )
    with _item("Bảng kinh phí"):
        lines = budget_rows(data.get("budget"))
    for budget in lines:
        with _item(f"Kinh phí dòng {budget.label[:60]}", budget.line):
            budget_line_add(
                actor=actor,
                plan=plan,
                label=_fit(budget.label, 500),
                amount=budget.amount,
                year=budget.year,
                row=budget.order,
                line=budget.line,
                kind=budget.kind,
                agency_name=_fit(budget.agency, 200),
                agency=matcher.match(budget.agency) if budget.agency else None,
            )
    return {
        "targets": len(data["targets"]),
        "assignments": len(data["assignments"]),
        "tasks": len(data["tasks"]),
        "reporting": len(data["reporting"]),
        "budget_lines": len(lines),
    }
