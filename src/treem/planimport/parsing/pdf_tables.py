"""Tables in the text layer of a PDF, rebuilt from the ruled lines drawn around their cells.

A PDF has no tables, only text placed on the page and lines drawn. Plans printed from Word or
LibreOffice draw every cell border, so the horizontal rules give the rows and the vertical
rules the columns; each piece of text goes to the cell its starting point falls in. The page's
other text keeps pypdf's own reading order. A table then becomes one tab-separated line per
row, like the tables of .docx and .txt plans. Pages without ruled tables read as before.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

_TOL = 2.0  # points: rules and text positions closer than this are the same
_MARK = "\x00table{}\x00"
# The first row of a table on a page whose first cell is empty: the rest of a row that the
# page break cut (joined to the row above by join_continued_rows).
CONTINUED = "\x01"
_NUMERIC_CELL = re.compile(r"^\d[\d.,]*(?: [\d.,]+)+$")


@dataclass
class _Chunk:
    x: float
    y: float
    text: str


@dataclass
class _Grid:
    rows: list[float]  # the y of each horizontal rule, top to bottom
    cols: list[float]  # the x of each vertical rule, left to right
    verticals: list[tuple[float, float, float]]  # (x, y_low, y_high)
    cells: dict[tuple[int, int], list[_Chunk]] = field(default_factory=dict)
    _starts: dict[int, list[int]] = field(default_factory=dict)

    def contains(self, x: float, y: float) -> bool:
        return (
            self.cols[0] - _TOL < x < self.cols[-1] + _TOL
            and self.rows[-1] - _TOL < y < self.rows[0] + _TOL
        )

    def place(self, chunk: _Chunk) -> None:
        row = next(
            (i for i in range(len(self.rows) - 1) if self.rows[i + 1] < chunk.y < self.rows[i]),
            None,
        )
        if row is None:
            return
        if row not in self._starts:
            self._starts[row] = self._bounds((self.rows[row] + self.rows[row + 1]) / 2)
        starts = self._starts[row]
        column = next(
            (c for c in reversed(starts) if self.cols[c] - _TOL <= chunk.x),
            0,
        )
        self.cells.setdefault((row, column), []).append(chunk)

    def _bounds(self, y: float) -> list[int]:
        """Grid columns where a cell starts in the row around height y (merged cells span)."""
        starts = []
        for index, x in enumerate(self.cols[:-1]):
            if any(
                abs(vx - x) < _TOL and lo - _TOL <= y <= hi + _TOL for vx, lo, hi in self.verticals
            ):
                starts.append(index)
        return starts or [0]

    def lines(self) -> list[str]:
        out: list[str] = []
        for row in range(len(self.rows) - 1):
            cells = [_join(self.cells.get((row, col), [])) for col in range(len(self.cols) - 1)]
            if any(cells):
                continued = not out and not cells[0]
                out.append((CONTINUED if continued else "") + "\t".join(cells))
        return out


def join_continued_rows(text: str) -> str:
    """Join the part of a row carried over to the next page to the row above, cell by cell,
    and drop the blank lines a page break leaves between the rows of one table."""
    lines = text.split("\n")
    kept = [
        line
        for i, line in enumerate(lines)
        if line.strip() or not (_tab_near(lines, i, -1) and _tab_near(lines, i, 1))
    ]
    out: list[str] = []
    for line in kept:
        if not line.startswith(CONTINUED):
            out.append(line)
            continue
        cells = line[1:].split("\t")
        above = next((i for i in range(len(out) - 1, -1, -1) if out[i].strip()), None)
        if above is not None and out[above].count("\t") == len(cells) - 1:
            merged = [
                f"{a} {b}".strip() if b else a
                for a, b in zip(out[above].split("\t"), cells, strict=True)
            ]
            out[above] = "\t".join(merged)
        else:
            out.append(line[1:])
    return "\n".join(out)


def _spaced_out(chunks: list[_Chunk]) -> str | None:
    """ "T ổ n g c ộ n g": a narrow cell printed glyph by glyph; words are told apart by the
    wider gaps between them."""
    glyphs = [c for c in chunks if c.text.strip()]
    if len(glyphs) < 3 or any(len(c.text.strip()) != 1 for c in glyphs):
        return None
    if all(abs(c.x - glyphs[0].x) < _TOL for c in glyphs):
        return "".join(c.text.strip() for c in glyphs)  # one glyph per line: no gaps to read
    if any(abs(c.y - glyphs[0].y) > _TOL for c in glyphs):
        return None
    gaps = [b.x - a.x for a, b in itertools.pairwise(glyphs)]
    usual = sorted(gaps)[len(gaps) // 2]
    text = glyphs[0].text.strip()
    for gap, glyph in zip(gaps, glyphs[1:], strict=True):
        text += (" " if gap > 1.6 * usual else "") + glyph.text.strip()
    return text


def _join(chunks: list[_Chunk]) -> str:
    spaced = _spaced_out(chunks)
    if spaced is not None:
        return spaced
    text = ""
    previous: _Chunk | None = None
    for chunk in chunks:
        piece = chunk.text.replace("\n", " ")
        if previous is not None and abs(previous.y - chunk.y) > _TOL:
            if not text.endswith(" ") and not piece.startswith(" "):
                text += " "  # a wrapped line inside the cell
        text += piece
        previous = chunk
    text = " ".join(text.replace("\t", " ").split())
    if _NUMERIC_CELL.match(text):
        text = text.replace(" ", "")  # "867. 000": a number wrapped in a narrow column
    return text


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _TOL:
            out.append(value)
    return out


def _grids(segments: list[tuple[float, float, float, float]]) -> list[_Grid]:
    """Groups of horizontal and vertical rules that cross each other: one grid per table."""
    horizontal = [
        (y0, min(x0, x1), max(x0, x1))
        for x0, y0, x1, y1 in segments
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) > 3
    ]
    vertical = [
        (x0, min(y0, y1), max(y0, y1))
        for x0, y0, x1, y1 in segments
        if abs(x0 - x1) < 0.5 and abs(y1 - y0) > 3
    ]
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for h, (y, left, right) in enumerate(horizontal):
        for v, (x, low, high) in enumerate(vertical):
            if left - _TOL <= x <= right + _TOL and low - _TOL <= y <= high + _TOL:
                parent[find(h)] = find(len(horizontal) + v)
    groups: dict[int, tuple[list[Any], list[Any]]] = {}
    for h, line in enumerate(horizontal):
        groups.setdefault(find(h), ([], []))[0].append(line)
    for v, line in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + v), ([], []))[1].append(line)
    grids = []
    for hs, vs in groups.values():
        rows = _cluster([y for y, _, _ in hs])[::-1]
        cols = _cluster([x for x, _, _ in vs])
        if len(rows) >= 2 and len(cols) >= 3:
            grids.append(_Grid(rows, cols, vs))
    return grids


def _segments_collector() -> tuple[list[tuple[float, float, float, float]], Any]:
    segments: list[tuple[float, float, float, float]] = []
    point: list[tuple[float, float]] = []

    def at(cm: list[float], x: float, y: float) -> tuple[float, float]:
        return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]

    def before(operator: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        try:
            if operator == b"m":
                point[:] = [at(cm, float(args[0]), float(args[1]))]
            elif operator == b"l" and point:
                end = at(cm, float(args[0]), float(args[1]))
                segments.append((*point[0], *end))
                point[:] = [end]
            elif operator == b"re":
                x, y, w, h = (float(a) for a in args)
                if min(abs(w), abs(h)) < 2 < max(abs(w), abs(h)):  # a border drawn as a bar
                    (x0, y0), (x1, y1) = at(cm, x, y), at(cm, x + w, y + h)
                    if abs(h) < 2:
                        segments.append((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
                    else:
                        segments.append(((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
        except (TypeError, ValueError, IndexError):
            return  # a malformed drawing operator: not a table rule

    return segments, before


def page_text(page: Any) -> str:
    """The page's text with its ruled tables as tab-separated rows."""
    chunks: list[_Chunk] = []
    segments, before = _segments_collector()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        chunks.append(_Chunk(x, y, text))

    plain = page.extract_text(visitor_text=visit, visitor_operand_before=before) or ""
    grids = _grids(segments)
    if not grids:
        return plain
    parts: list[str] = []
    shown: set[int] = set()
    for chunk in chunks:
        grid_index = next(
            (
                i
                for i, grid in enumerate(grids)
                if chunk.text.strip()
                and (chunk.x, chunk.y) != (0, 0)
                and grid.contains(chunk.x, chunk.y)
            ),
            None,
        )
        if grid_index is None:
            parts.append(chunk.text)
            continue
        grids[grid_index].place(chunk)
        if grid_index not in shown:
            shown.add(grid_index)
            parts.append("\n" + _MARK.format(grid_index) + "\n")
    text = "".join(parts)
    for index, grid in enumerate(grids):
        text = text.replace(_MARK.format(index), "\n".join(grid.lines()))
    return text


def _tab_near(lines: list[str], index: int, step: int) -> bool:
    """Whether the nearest non-blank line before (step -1) or after (+1) is a table row."""
    index += step
    while 0 <= index < len(lines):
        if lines[index].strip():
            return "\t" in lines[index]
        index += step
    return False
