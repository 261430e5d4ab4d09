"""The tile map's layout: one cell per unit, north at the top, west on the left."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from treem.plans.domain.tilemap import Place, grid_shape, tile_grid


def test_each_unit_gets_its_own_cell_and_keeps_its_compass_direction() -> None:
    places = [
        Place("north", 22.0, 105.0),
        Place("south", 9.0, 105.2),
        Place("west", 15.0, 103.0),
        Place("east", 15.1, 109.0),
        Place("middle", 15.2, 106.0),
    ]
    grid = tile_grid(places)
    at = {t.key: (t.col, t.row) for t in grid.tiles}
    assert len(set(at.values())) == 5
    assert at["north"][1] < at["middle"][1] < at["south"][1]
    assert at["west"][0] < at["middle"][0] < at["east"][0]
    assert all(0 <= c < grid.cols and 0 <= r < grid.rows for c, r in at.values())


def test_units_without_coordinates_go_in_a_row_below_the_map() -> None:
    grid = tile_grid([Place("a", 10.0, 106.0), Place("b", 11.0, 107.0), Place("x", None, None)])
    x = next(t for t in grid.tiles if t.key == "x")
    assert not x.located and x.row == max(t.row for t in grid.tiles if t.located) + 2


def test_a_far_off_island_does_not_squash_the_rest() -> None:
    mainland = [Place(f"m{i}", 11.5 + i * 0.05, 108.7 + (i % 5) * 0.15) for i in range(30)]
    grid = tile_grid([*mainland, Place("island", 9.7, 114.4)])
    columns = {t.col for t in grid.tiles if t.key != "island"}
    assert len(columns) >= 3  # the mainland still spreads over several columns
    island = next(t for t in grid.tiles if t.key == "island")
    assert island.col == grid.cols - 1  # at the east edge


def test_tall_areas_are_drawn_no_taller_than_the_cap() -> None:
    cols, rows = grid_shape(65, aspect=0.1, tile_aspect=1.6)
    assert rows <= 1.6 * cols * 1.6 + 1 and cols * rows >= 65


@given(
    st.lists(st.tuples(st.floats(8, 24), st.floats(102, 115)), min_size=1, max_size=60, unique=True)
)
def test_any_set_of_places_is_laid_out_without_overlap(points: list[tuple[float, float]]) -> None:
    grid = tile_grid([Place(str(i), lat, lon) for i, (lat, lon) in enumerate(points)])
    cells = [(t.col, t.row) for t in grid.tiles]
    assert len(cells) == len(points) == len(set(cells))
    assert all(0 <= c < grid.cols and 0 <= r < grid.rows for c, r in cells)
