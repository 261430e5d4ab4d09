"""Find the indicator paragraphs of a plan and turn them into targets.

Labelled paragraphs ("- Chỉ tiêu 3: ...", with optional "+" sub-bullets) anywhere in the plan
are read; in the objectives section, unlabelled bullet lines that carry a rate and a year are
matched to the catalogue by wording. Anything that looks like a target but cannot be read is
reported as a warning, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import catalogue
from .sections import Section, section_matching
from .targets import Value, read_clause

_LABEL = re.compile(
    r"^\W*(?:\d{1,2}[.)]\s*)?(?:[a-zđ]\)\s*)?(?:Chỉ tiêu|CHỈ TIÊU|Chỉ số)"
    r"\s*(?:số\s*)?(?P<num>\d{1,2})"
    r"\s*(?:[:.)\-]\s*|\s+(?=\D)|$)"
)
_SUB_BULLET = re.compile(r"^(?:[+•*·▪◦]|-(?!\s*Chỉ tiêu))\s*")
_TARGET_SIGNAL = re.compile(r"\d\s*(?:%|‰)|/\s*1\.?000|/\s*100\.?000|trên\s+1\.?000")
_YEAR_SIGNAL = re.compile(r"\b20\d\d\b")
# A clause that only keeps the previous clause's level ("; duy trì đến năm 2030").
_CARRY_ON = re.compile(
    r"^\s*(?:và\s+)?(?:tiếp\s+tục\s+)?(?:duy\s+trì|giữ\s+(?:vững|ổn\s+định))", re.IGNORECASE
)
_TEXT_MATCH_MIN = 0.45
_MISMATCH_MARGIN = 0.15


@dataclass
class Block:
    number: int | None
    lines: list[tuple[int, str]]  # (line number, text without label or bullet)

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.lines)


def find_blocks(lines: list[str]) -> list[Block]:
    """Labelled indicator paragraphs with their sub-bullet lines."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _LABEL.match(line) if "\t" not in line else None
        if not match or not 1 <= int(match.group("num")) <= 40:
            index += 1
            continue
        block = Block(int(match.group("num")), [(index + 1, line[match.end() :].strip())])
        index += 1
        while index < len(lines):
            nxt = lines[index]
            if not nxt:
                index += 1
                continue
            if _LABEL.match(nxt) or "\t" in nxt or not (_SUB_BULLET.match(nxt) or nxt[0].islower()):
                break
            block.lines.append((index + 1, _SUB_BULLET.sub("", nxt, count=1).strip()))
            index += 1
        blocks.append(block)
    return blocks


def _clauses(block: Block) -> list[tuple[int, str]]:
    clauses: list[tuple[int, str]] = []
    for line_no, text in block.lines:
        depth = 0
        start = 0
        for pos, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if ch == ";" and depth <= 0:
                clauses.append((line_no, text[start:pos]))
                start = pos + 1
        clauses.append((line_no, text[start:]))
    return [(line_no, clause.strip(" .")) for line_no, clause in clauses if clause.strip(" .")]


def extract_targets(
    lines: list[str], sections: list[Section], horizon: int | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """All targets of the plan and the warnings met while reading them."""
    targets: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    blocks = find_blocks(lines)
    used = {line_no for block in blocks for line_no, _ in block.lines}
    for block in blocks:
        _read_block(block, "number", horizon, targets, warnings)
    for section in section_matching(sections, "MỤC TIÊU"):
        for block in _unlabelled_blocks(lines, section, used):
            number, score = catalogue.best_match(block.text)
            if score < _TEXT_MATCH_MIN:
                warnings.append(_unrecognised(block.lines[0][0], block.text))
                continue
            block.number = number
            _read_block(block, "text", horizon, targets, warnings)
    return targets, warnings


def _unlabelled_blocks(lines: list[str], section: Section, used: set[int]) -> list[Block]:
    blocks = []
    for line_no in range(section.start + 1, section.end + 1):
        text = lines[line_no - 1]
        if line_no in used or "\t" in text or not text:
            continue
        if _TARGET_SIGNAL.search(text) and _YEAR_SIGNAL.search(text):
            blocks.append(Block(None, [(line_no, _SUB_BULLET.sub("", text, count=1).strip())]))
    return blocks


def _unrecognised(line_no: int, text: str) -> dict[str, Any]:
    snippet = text if len(text) <= 160 else text[:157] + "..."
    return {
        "line": line_no,
        "kind": "unrecognised_target",
        "message": f"unrecognised target text at line {line_no}: «{snippet}»",
    }


def _read_block(
    block: Block,
    source: str,
    horizon: int | None,
    targets: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
) -> None:
    assert block.number is not None
    number = block.number
    text_match, text_score = catalogue.best_match(block.text)
    indicator = catalogue.BY_NUMBER.get(number)
    own_score = catalogue.similarity(block.text, indicator) if indicator else 0.0
    mismatch = indicator is None or (
        text_match != number and text_score >= 0.3 and text_score - own_score >= _MISMATCH_MARGIN
    )
    if mismatch:
        warnings.append(
            {
                "line": block.lines[0][0],
                "kind": "catalogue_mismatch",
                "message": (
                    f"indicator {number} at line {block.lines[0][0]} reads like national "
                    f"indicator {text_match} (similarity {text_score:.2f} vs "
                    f"{own_score:.2f}); check the numbering"
                ),
            }
        )
    clauses = _clauses(block)
    found_any = False
    previous_part: str | None = None
    for position, (line_no, clause) in enumerate(clauses):
        result = read_clause(clause)
        part = catalogue.pick_part(number, clause, position, len(clauses))
        if previous_part and _CARRY_ON.match(clause):
            part = previous_part  # "…; giữ ổn định đến năm 2030" goes on with the same rate
        previous_part = part
        for leftover in result.leftovers:
            warnings.append(
                {
                    "line": line_no,
                    "kind": "unrecognised_number",
                    "message": f"unrecognised target text at line {line_no}: number «{leftover}» "
                    f"in «{clause[:120]}»",
                }
            )
        for value in result.values:
            if value.comparator == "increase_by":
                warnings.append(_unrecognised(line_no, clause))
                continue
            found_any = True
            targets.extend(
                _targets(
                    number,
                    part,
                    clause,
                    value,
                    line_no,
                    horizon,
                    source,
                    text_match,
                    text_score,
                    mismatch,
                    warnings,
                )
            )
    if not found_any:
        warnings.append(_unrecognised(block.lines[0][0], block.text))


def _targets(
    number: int,
    part: str | None,
    clause: str,
    value: Value,
    line_no: int,
    horizon: int | None,
    source: str,
    text_match: int,
    text_score: float,
    mismatch: bool,
    warnings: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    qualified = catalogue.qualify_part(number, part, value.context)
    years = value.years
    inferred = False
    if not years:
        inferred = True
        years = [horizon] if horizon else []
        warnings.append(
            {
                "line": line_no,
                "kind": "year_inferred",
                "message": (
                    f"no year for target at line {line_no}; assumed {horizon} (end of the "
                    "plan period)"
                    if horizon
                    else f"no year for target at line {line_no}"
                ),
            }
        )
    return [
        {
            "indicator": number,
            "part": qualified,
            "part_label": catalogue.part_label(number, qualified),
            "text": clause,
            "year": year,
            "comparator": value.comparator,
            "value": value.value,
            "unit": value.unit,
            "range": list(value.range) if value.range else None,
            "per_year": value.per_year,
            "period_start": value.period_start,
            "year_inferred": inferred,
            "line": line_no,
            "indicator_source": source,
            "catalogue": {"text_match": text_match, "similarity": text_score, "mismatch": mismatch},
        }
        for year in (list[int | None](years) or [None])
    ]
