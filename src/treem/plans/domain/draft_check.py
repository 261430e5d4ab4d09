"""The shape check of a plan draft after a reviewer's edits: every message names the item,
its line in the document and the fix."""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any

from treem.core.errors import Invalid
from treem.plans.domain.comparators import THRESHOLD, Comparator
from treem.plans.domain.extraction import (
    DOCUMENT_LIMITS,
    FIRST_YEAR,
    LAST_YEAR,
    UNITS,
    duplicate_targets,
    json_number,
    parse_date,
    plan_period,
    to_decimal,
)

LISTS = ("targets", "assignments", "tasks", "reporting", "warnings")


def clean_extraction(data: Any, codes: Collection[str]) -> dict[str, Any]:
    """A checked copy of `data`; raises Invalid naming the first problem."""
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
        raise Invalid("Dữ liệu bản đọc không đúng dạng: thiếu phần thông tin văn bản.")
    cleaned = copy.deepcopy(data)
    for name in LISTS:
        value = cleaned.setdefault(name, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise Invalid(f"Dữ liệu bản đọc không đúng dạng: phần «{name}» phải là danh sách.")
    if cleaned.get("budget") is not None and not isinstance(cleaned["budget"], dict):
        raise Invalid("Dữ liệu bản đọc không đúng dạng: phần kinh phí phải là một bảng.")
    _clean_document(cleaned["document"])
    for index, row in enumerate(cleaned["targets"], start=1):
        _clean_target(index, row, codes)
    return cleaned


def _clean_document(document: dict[str, Any]) -> None:
    for name, limit in DOCUMENT_LIMITS.items():
        value = document.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise Invalid(f"Thông tin văn bản: «{name}» phải là chữ.", details={name: "Nhập chữ."})
        value = value.strip()
        if len(value) > limit:
            raise Invalid(
                f"Thông tin văn bản: «{value[:40]}…» dài {len(value)} ký tự, quá {limit}.",
                details={name: f"Rút gọn còn tối đa {limit} ký tự."},
            )
        document[name] = value or None
    try:
        issued = parse_date(document.get("issued_on"))
    except ValueError:
        raise Invalid(
            f"Thông tin văn bản: ngày ban hành «{document.get('issued_on')}» không hợp lệ.",
            details={"issued_on": "Nhập ngày dạng dd/mm/yyyy."},
        ) from None
    document["issued_on"] = issued.isoformat() if issued else None
    if issued:
        document["issued_year"] = issued.year
    period = document.get("period")
    if period is None:
        return
    if not isinstance(period, dict):
        raise Invalid("Thông tin văn bản: giai đoạn kế hoạch không đúng dạng.")
    start, end = _year(period.get("start")), _year(period.get("end"))
    if start is None or end is None:
        raise Invalid(
            "Thông tin văn bản: giai đoạn kế hoạch cần năm bắt đầu và năm kết thúc "
            f"(từ {FIRST_YEAR} đến {LAST_YEAR}).",
            details={"period": "Nhập đủ hai năm."},
        )
    if end < start:
        raise Invalid(
            f"Thông tin văn bản: năm kết thúc {end} trước năm bắt đầu {start}.",
            details={"period": "Năm kết thúc phải từ năm bắt đầu trở đi."},
        )
    document["period"] = {"start": start, "end": end}


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    if str(value).strip() != str(year) and not isinstance(value, int):
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _clean_target(index: int, row: dict[str, Any], codes: Collection[str]) -> None:
    line = row.get("line")
    where = f"Mục tiêu thứ {index}" + (f" (dòng {line})" if line else "")
    code = row.get("code")
    if code in ("", None):
        row["code"] = None
    elif code not in codes:
        raise Invalid(
            f"{where}: mã chỉ tiêu «{code}» không có trong danh mục.",
            details={"code": "Chọn mã trong danh mục chỉ tiêu (1, 3a, 4c …)."},
        )
    year = _year(row.get("year"))
    if year is None:
        raise Invalid(
            f"{where}: năm «{row.get('year')}» không hợp lệ.",
            details={"year": f"Nhập năm từ {FIRST_YEAR} đến {LAST_YEAR}."},
        )
    row["year"] = year
    comparator = row.get("comparator")
    if comparator not in Comparator.values:
        raise Invalid(
            f"{where}: phép so sánh «{comparator}» không hợp lệ.",
            details={"comparator": "Chọn ≥, >, ≤, <, =, duy trì hoặc giảm … % mỗi năm."},
        )
    row["value"] = _number(where, "value", row.get("value"), "giá trị")
    row["value_high"] = _number(where, "value_high", row.get("value_high"), "cận trên")
    if row["value"] is None and (comparator in THRESHOLD or comparator == Comparator.REDUCE_BY):
        raise Invalid(f"{where}: thiếu giá trị mục tiêu.", details={"value": "Nhập giá trị."})
    if row.get("unit") not in UNITS:
        raise Invalid(
            f"{where}: đơn vị tính «{row.get('unit')}» không hợp lệ.",
            details={"unit": "Chọn %, ‰, trên 100.000 trẻ em hoặc số lượng."},
        )
    if line is not None and (not isinstance(line, int) or line < 1):
        raise Invalid(f"{where}: số dòng «{line}» không hợp lệ.")


def _number(where: str, name: str, value: Any, label: str) -> int | float | None:
    if isinstance(value, bool):
        raise Invalid(f"{where}: {label} phải là số.", details={name: "Nhập một số."})
    try:
        number = to_decimal(value)
    except ValueError:
        raise Invalid(
            f"{where}: {label} «{value}» không phải là số.",
            details={name: "Nhập một số, dùng dấu phẩy cho phần thập phân (ví dụ 9,5)."},
        ) from None
    if number is not None and number < 0:
        raise Invalid(f"{where}: {label} không được âm.", details={name: "Nhập số ≥ 0."})
    return json_number(number)


def blocking_problems(data: dict[str, Any]) -> list[dict[str, Any]]:
    """What must be fixed before the draft can become a plan: [{line, kind, message}]."""
    document = data.get("document") or {}
    problems: list[dict[str, Any]] = []
    if not document.get("number"):
        unreadable = next(
            (w["line"] for w in data.get("warnings", []) if w.get("kind") == "unreadable_number"),
            None,
        )
        problems.append(
            _problem(
                unreadable,
                "missing_number",
                "Văn bản chưa có số, ký hiệu (bản dự thảo hoặc số không đọc được): nhập số, ký "
                "hiệu ở phần Thông tin văn bản.",
            )
        )
    if not document.get("title"):
        problems.append(
            _problem(None, "missing_title", "Văn bản chưa có trích yếu: nhập trích yếu.")
        )
    period = plan_period(data)
    if period is None:
        problems.append(
            _problem(
                None,
                "missing_period",
                "Chưa rõ giai đoạn kế hoạch: nhập năm bắt đầu và năm kết thúc.",
            )
        )
    for row in data.get("targets", []):
        line = row.get("line")
        where = f"Dòng {line}: mục tiêu" if line else "Mục tiêu"
        if not row.get("code"):
            problems.append(
                _problem(
                    line,
                    "unknown_code",
                    f"{where} của chỉ tiêu {row.get('indicator', '?')} chưa khớp mã nào trong "
                    "danh mục: chọn mã chỉ tiêu hoặc xóa dòng.",
                )
            )
        elif period and not period[0] <= int(row["year"]) <= period[1]:
            problems.append(
                _problem(
                    line,
                    "year_outside",
                    f"{where} chỉ tiêu {row['code']} năm {row['year']} nằm ngoài giai đoạn "
                    f"{period[0]}–{period[1]}: sửa năm hoặc giai đoạn.",
                )
            )
    for first, second in duplicate_targets(data.get("targets", [])):
        problems.append(
            _problem(
                second.get("line"),
                "duplicate_target",
                f"Dòng {first.get('line')} và {second.get('line')}: hai mục tiêu cho chỉ tiêu "
                f"{second['code']} năm {second['year']}; mỗi chỉ tiêu chỉ có một mục tiêu mỗi "
                "năm: xóa hoặc sửa một dòng.",
            )
        )
    return problems


def _problem(line: int | None, kind: str, message: str) -> dict[str, Any]:
    return {"line": line, "kind": kind, "message": message}
