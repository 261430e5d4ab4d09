"""What the dashboard templates draw, prepared in Python: cell texts, colours and tooltips,
and the tile map's geometry (an SVG drawn on the server: no inline style, works without
JavaScript, north at the top)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from treem.geo.models import Unit
from treem.plans.domain.measures import SHORT_LABELS, format_value
from treem.plans.domain.progress import COLOURS, Status
from treem.plans.domain.tilemap import Place, tile_grid
from treem.plans.models import Indicator
from treem.plans.selectors.dashboard import Grid, Row, status_counts
from treem.plans.selectors.progress import Cell
from treem.plans.views.dashboard.params import UNIT, YEAR, Query

TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 80, 50, 4
LINE_CHARS = 12  # characters of a unit name per line on a tile


def unit_label(indicator: Indicator) -> str:
    return SHORT_LABELS.get(indicator.unit, "") or "số lượng"


def cell_parts(cell: Cell) -> tuple[str, str]:
    """The value of the year, or failing that the latest earlier value (which the status
    judges) with its year as a note: ('90%', '') or ('88,4%', '2024')."""
    figure = cell.figure
    if figure is not None and figure.value is not None:
        return format_value(figure.value, cell.indicator.unit), ""
    if cell.history:
        latest = cell.history[-1]
        return format_value(latest.value, cell.indicator.unit), str(latest.year)
    return "—", ""


def cell_value(cell: Cell) -> str:
    text, note = cell_parts(cell)
    return f"{text} (năm {note})" if note else text


def cell_title(cell: Cell, *, where: bool = True) -> str:
    """The tooltip: where and what (left out in the table, whose row and column headers stay
    in view), the verdict's reason, the target and the parts."""
    lines = [f"{cell.verdict.status.label}: {cell.verdict.reason}"]
    if where:
        lines.insert(
            0, f"{cell.unit.full_name} — {cell.indicator.code}. {cell.indicator.short_name}"
        )
    if cell.target_text:
        lines.append(f"Mục tiêu: {cell.target_text}")
    figure = cell.figure
    if figure is not None and figure.denominator is not None:
        lines.append(
            f"Tử số / mẫu số: {format_value(figure.numerator, 'count')} / "
            f"{format_value(figure.denominator, 'count')}"
        )
    if figure is not None and figure.unassigned:
        lines.append(
            f"{figure.unassigned} số liệu của đơn vị cũ bị chia tách chưa tính vào đơn vị này."
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class CellView:
    text: str
    note: str
    colour: str
    title: str
    href: str
    status: str
    label: str  # the status in words, for screen readers (colour is not the only cue)


@dataclass(frozen=True)
class RowView:
    indicator: Indicator
    href: str
    map_qs: str
    target_text: str
    cells: list[CellView]


@dataclass(frozen=True)
class SectionView:
    group: int
    label: str
    rows: list[RowView]


def indicator_url(indicator: Indicator, unit: Unit, year: int, base: str = "") -> str:
    """The indicator's page for the unit and year (`base`: its path, when already known)."""
    base = base or reverse("plans:indicator", kwargs={"code": indicator.code})
    return f"{base}?{urlencode({UNIT: unit.code, YEAR: year})}"


def cell_view(cell: Cell, year: int, base: str = "") -> CellView:
    text, note = cell_parts(cell)
    return CellView(
        text=text,
        note=note,
        colour=cell.verdict.colour,
        title=cell_title(cell, where=False),
        href=indicator_url(cell.indicator, cell.unit, year, base),
        status=cell.status.value,
        label=str(cell.status.label),
    )


def row_view(row: Row, query: Query) -> RowView:
    base = reverse("plans:indicator", kwargs={"code": row.indicator.code})
    return RowView(
        indicator=row.indicator,
        href=indicator_url(row.indicator, row.own.unit, query.year, base),
        map_qs=query.qs(indicator=row.indicator.code),
        target_text=row.own.target_text,
        cells=[cell_view(cell, query.year, base) for cell in row.cells],
    )


def sections_view(grid: Grid, query: Query) -> list[SectionView]:
    return [
        SectionView(s.group, s.label, [row_view(r, query) for r in s.rows]) for s in grid.sections
    ]


def legend(cells: list[Cell] | None = None) -> list[tuple[str, str, str, int]]:
    """(status, label, colour, count) for each status, counted over `cells` if given."""
    counts = dict(status_counts(cells or []))
    return [(s.value, str(s.label), COLOURS[s], counts.get(s, 0)) for s in Status]


# --- tile map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TileView:
    x: int
    y: int
    lines: list[tuple[int, str]]  # (baseline y, text)
    value: str
    note: str
    value_y: int
    centre: int
    colour: str
    href: str
    title: str
    code: str


@dataclass(frozen=True)
class TileMap:
    indicator: Indicator
    width: int
    height: int
    tiles: list[TileView]
    legend: list[tuple[str, str, str, int]]
    unlocated: int
    tile_width: int = TILE_WIDTH
    tile_height: int = TILE_HEIGHT


def _wrap(name: str) -> list[str]:
    words, lines, current = name.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > LINE_CHARS:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1] + "…" for line in lines]


def tile_map(row: Row, query: Query) -> TileMap:
    """The child units of the row's unit as tiles coloured by the row's status."""
    cells = row.cells[1:]
    by_code = {cell.unit.code: cell for cell in cells}
    places = [
        Place(
            cell.unit.code,
            float(cell.unit.latitude) if cell.unit.latitude is not None else None,
            float(cell.unit.longitude) if cell.unit.longitude is not None else None,
        )
        for cell in cells
    ]
    grid = tile_grid(places, tile_aspect=TILE_WIDTH / TILE_HEIGHT)
    tiles = []
    for tile in grid.tiles:
        cell = by_code[tile.key]
        x = tile.col * (TILE_WIDTH + TILE_GAP)
        y = tile.row * (TILE_HEIGHT + TILE_GAP)
        lines = _wrap(cell.unit.name)
        first = y + (15 if len(lines) == 2 else 20)
        value, note = cell_parts(cell)
        drill = query.with_(unit=cell.unit, indicator=row.indicator.code)
        tiles.append(
            TileView(
                x=x,
                y=y,
                lines=[(first + 12 * i, text) for i, text in enumerate(lines)],
                value=value,
                note=note,
                value_y=y + TILE_HEIGHT - 7,
                centre=x + TILE_WIDTH // 2,
                colour=cell.verdict.colour,
                href=f"{reverse('plans:dashboard')}?{drill.qs()}",
                title=cell_title(cell),
                code=cell.unit.code,
            )
        )
    return TileMap(
        indicator=row.indicator,
        width=max(1, grid.cols * (TILE_WIDTH + TILE_GAP) - TILE_GAP),
        height=max(1, grid.rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP),
        tiles=tiles,
        legend=legend(cells),
        unlocated=sum(1 for t in grid.tiles if not t.located),
    )
