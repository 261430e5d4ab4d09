"""A tile map: one square per unit on a coarse grid that keeps the units' geography.

Centroids are projected (longitude scaled by the cosine of the mean latitude), the extent is
taken between robust percentiles so that one far-off unit (an island district such as Trường
Sa) does not squash the rest, each unit asks for the grid cell under its centroid, and units
are seated one by one in the free cell nearest to where they asked, north at the top. Units
without coordinates go in a row of their own under the map.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Empty cells per unit: some sea and gaps keep the outline recognisable.
SPARE = 1.0
# The drawn map's height over its width, at most.
MAX_RATIO = 1.6
# Share of the units at each side left out when measuring the extent (outliers sit at the edge).
TRIM = 0.04


@dataclass(frozen=True)
class Place:
    key: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Tile:
    key: str
    col: int
    row: int
    located: bool = True


@dataclass(frozen=True)
class TileGrid:
    tiles: list[Tile]
    cols: int
    rows: int


def _quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _extent(values: list[float]) -> tuple[float, float]:
    trim = TRIM if len(values) >= 20 else 0.0
    low, high = _quantile(values, trim), _quantile(values, 1 - trim)
    if high - low < 1e-9:
        return low - 0.5, high + 0.5
    return low, high


def grid_shape(count: int, aspect: float, tile_aspect: float = 1.0) -> tuple[int, int]:
    """Columns and rows for `count` units over an area `aspect` times as wide as tall, drawn
    with tiles `tile_aspect` times as wide as tall; never drawn more than MAX_RATIO times as
    tall as wide (a long thin province would otherwise need a long scroll)."""
    cells = max(count, math.ceil(count * (1 + SPARE)))
    cols = max(1, round(math.sqrt(cells * aspect / tile_aspect)))
    cols = min(cols, cells)
    rows = max(1, math.ceil(cells / cols))
    if rows > MAX_RATIO * cols * tile_aspect:
        rows = max(1, math.floor(math.sqrt(cells * MAX_RATIO * tile_aspect)))
        cols = math.ceil(cells / rows)
    return cols, rows


def tile_grid(places: Sequence[Place], *, tile_aspect: float = 1.0) -> TileGrid:
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    missing = [p for p in places if p.latitude is None or p.longitude is None]
    tiles: list[Tile] = []
    cols = rows = 0
    if located:
        lats = [float(p.latitude) for p in located]  # type: ignore[arg-type]
        scale = math.cos(math.radians(sum(lats) / len(lats)))
        xs = [float(p.longitude) * scale for p in located]  # type: ignore[arg-type]
        (x0, x1), (y0, y1) = _extent(xs), _extent(lats)
        cols, rows = grid_shape(len(located), (x1 - x0) / (y1 - y0), tile_aspect)
        wanted = [
            (
                min(max((x - x0) / (x1 - x0), 0.0), 1.0) * (cols - 1),
                min(max((y1 - y) / (y1 - y0), 0.0), 1.0) * (rows - 1),
            )
            for x, y in zip(xs, lats, strict=True)
        ]
        taken: set[tuple[int, int]] = set()
        # Seat the units nearest their own cell's centre first; ties broken north to south.
        order = sorted(
            range(len(located)),
            key=lambda i: (
                abs(wanted[i][0] - round(wanted[i][0])) + abs(wanted[i][1] - round(wanted[i][1])),
                wanted[i][1],
                wanted[i][0],
                located[i].key,
            ),
        )
        for i in order:
            col, row = _nearest_free(wanted[i], cols, rows, taken)
            taken.add((col, row))
            tiles.append(Tile(located[i].key, col, row))
    if tiles:
        tiles, cols, rows = _compact(tiles)
    if missing:
        width = max(cols, 1)
        start = rows + 1 if located else 0  # one blank row between the map and the rest
        for index, place in enumerate(missing):
            tiles.append(Tile(place.key, index % width, start + index // width, located=False))
        cols = width
        rows = start + math.ceil(len(missing) / width)
    tiles.sort(key=lambda t: (t.row, t.col))
    return TileGrid(tiles, cols, rows)


def _compact(tiles: list[Tile]) -> tuple[list[Tile], int, int]:
    """Drop the rows and columns no unit sits in (the grid is fine-grained so that units
    keep their places; the gaps it leaves would only stretch the map)."""
    used_cols = sorted({t.col for t in tiles})
    used_rows = sorted({t.row for t in tiles})
    col_at = {c: i for i, c in enumerate(used_cols)}
    row_at = {r: i for i, r in enumerate(used_rows)}
    moved = [Tile(t.key, col_at[t.col], row_at[t.row], t.located) for t in tiles]
    return moved, len(used_cols), len(used_rows)


def _nearest_free(
    wanted: tuple[float, float], cols: int, rows: int, taken: set[tuple[int, int]]
) -> tuple[int, int]:
    x, y = wanted
    best: tuple[float, int, int] | None = None
    for radius in range(max(cols, rows) + 1):
        for col in range(math.floor(x) - radius, math.ceil(x) + radius + 1):
            for row in range(math.floor(y) - radius, math.ceil(y) + radius + 1):
                if not (0 <= col < cols and 0 <= row < rows) or (col, row) in taken:
                    continue
                distance = (col - x) ** 2 + (row - y) ** 2
                if best is None or distance < best[0]:
                    best = (distance, col, row)
        # Anything found within this ring beats every cell further out only once the ring
        # is wider than the distance found; keep looking one ring more to be sure.
        if best is not None and best[0] <= radius**2:
            return best[1], best[2]
    if best is not None:
        return best[1], best[2]
    raise ValueError("the grid has no free cell")
