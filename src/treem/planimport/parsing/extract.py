"""Entry points: parse_text(text) and parse_file(path) → one JSON-ready dict (a draft plan)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .budget import extract_budget
from .errors import PlanParseError
from .indicators import extract_targets
from .metadata import extract_metadata
from .normalise import normalise_text
from .readers import read_file
from .reporting import extract_reporting
from .responsibilities import extract_assignments
from .sections import find_sections
from .tables import find_tables
from .tasks import extract_tasks

FORMAT_VERSION = 1


def parse_text(text: str) -> dict[str, Any]:
    """Parse the text of a plan document (tables as tab-separated rows)."""
    if not text or not text.strip():
        raise PlanParseError("Văn bản rỗng: không có nội dung kế hoạch để đọc.")
    normalised = normalise_text(text)
    lines = normalised.lines
    sections = find_sections(lines)
    document, warnings = extract_metadata(lines)
    horizon = _horizon(document, lines)
    targets, target_warnings = extract_targets(lines, sections, horizon)
    warnings.extend(target_warnings)
    target_lines = {t["line"] for t in targets}
    target_lines |= {w["line"] for w in target_warnings if w["kind"] == "unrecognised_target"}
    tables = find_tables(lines)
    budget = extract_budget(lines, tables)
    warnings.sort(key=lambda w: (w["line"], w["kind"]))
    return {
        "format": FORMAT_VERSION,
        "document": document,
        "targets": targets,
        "assignments": extract_assignments(lines, sections, target_lines),
        "tasks": extract_tasks(tables),
        "reporting": extract_reporting(lines, target_lines),
        "budget": budget,
        "warnings": warnings,
        "sections": [{"title": s.title, "line": s.start} for s in sections],
        "line_count": len(lines),
    }


def parse_file(path: str | Path) -> dict[str, Any]:
    """Read a .txt, .md, .docx or .pdf plan and parse it."""
    result = parse_text(read_file(path))
    result["source"] = {"file": Path(path).name, "type": Path(path).suffix.lower().lstrip(".")}
    return result


def _horizon(document: dict[str, Any], lines: list[str]) -> int | None:
    """The last year of the plan period, used when a target names no year."""
    if document.get("period"):
        return int(document["period"]["end"])
    import re

    years = [int(y) for line in lines for y in re.findall(r"đến năm (20\d\d)", line)]
    return max(years) if years else None
