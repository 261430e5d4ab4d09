"""The duplicate scan's shortcuts for large registries give exactly the plain results: the cheap
upper bounds only skip pairs the full name comparison would have rejected."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from treem.registry.dedupe import Record, name_similarity, score_pair

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
