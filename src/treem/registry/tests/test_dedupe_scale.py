"""The duplicate scan's shortcuts for large registries give exactly the plain results: the cheap
upper bounds only skip pairs the full name comparison would have rejected."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from treem.registry.dedupe import (
    CROSS_PROVINCE_FLOOR,
    Record,
    _pairs_in_group,
    name_similarity,
    score_pair,
)

keys = st.text(alphabet="abcdeghiklmnoptuvy ", min_size=1, max_size=30)
DAY = dt.date(2018, 5, 1)


def record(pk: int, key: str, *, unit: int = 1, sex: str = "F") -> Record:
    return Record(pk, key, key, DAY, sex, None, unit, "56", "VN/56/")


def plain_score(a: Record, b: Record) -> float | None:
    """The score the scan gave before the shortcuts: the full comparison for every pair."""
    similarity = name_similarity(a.name_key, b.name_key)
    if similarity < 0.75:
        return None
    pair = score_pair(a, b)
    assert pair is not None
    return pair.score


@settings(max_examples=400, deadline=None)
@given(keys, keys, st.sampled_from([1, 2]), st.sampled_from(["F", "M"]))
def test_score_pair_matches_the_full_comparison(a: str, b: str, unit: int, sex: str) -> None:
    first, second = record(1, a), record(2, b, unit=unit, sex=sex)
    pair = score_pair(first, second)
    assert (pair.score if pair else None) == plain_score(first, second)


def test_near_names_still_pair_and_far_names_do_not() -> None:
    assert score_pair(record(1, "nguyen thi huong"), record(2, "nguyen thi huogn")) is not None
    assert score_pair(record(1, "nguyen thi huong"), record(2, "nguyen thi huong")) is not None
    assert score_pair(record(1, "nguyen thi huong"), record(2, "tran van an")) is None


names = st.lists(
    st.tuples(
        st.sampled_from(["nguyen thi huong", "nguyen thi huogn", "nguyen thi hương", "tran van an",
                         "tran van anh", "le thi hoa", "nguyen thi hoa"]),
        st.sampled_from(["56", "01"]),
        st.sampled_from(["F", "M"]),
    ),
    min_size=2,
    max_size=12,
)  # fmt: skip


def _proposed(group: list[Record], *, nationwide: bool) -> set[tuple[int, int, float]]:
    found = set()
    for a, b in _pairs_in_group(group, nationwide=nationwide):
        pair = score_pair(a, b)
        if pair is not None and pair.score >= CROSS_PROVINCE_FLOOR:
            found.add((min(a.pk, b.pk), max(a.pk, b.pk), pair.score))
    return found


@settings(max_examples=300)
@given(names)
def test_blocking_within_provinces_proposes_the_same_pairs(
    rows: list[tuple[str, str, str]],
) -> None:
    group = [
        Record(pk, name, name.replace("ư", "u").replace("ơ", "o"), DAY, sex, None,
               int(province) * 10 + pk % 3, province, f"VN/{province}/")
        for pk, (name, province, sex) in enumerate(rows, start=1)
    ]  # fmt: skip
    assert _proposed(group, nationwide=False) == _proposed(group, nationwide=True)


def test_an_identical_name_in_another_province_is_still_proposed() -> None:
    here = Record(1, "Lê Thị Hoa", "le thi hoa", DAY, "F", None, 1, "56", "VN/56/")
    there = Record(2, "Lê Thị Hoa", "le thi hoa", DAY, "F", None, 9, "01", "VN/01/")
    assert _proposed([here, there], nationwide=False) == {(1, 2, 0.75)}
