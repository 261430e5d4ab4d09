"""Name search through the word-level index (PostgreSQL): whole words first, one typo per word
when the exact words find less than a page, best match first; and the token rule it rests on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from treem.registry.models import Child
from treem.registry.search import COMMON_PARTS, Filters, search
from treem.registry.search_pg import deletions, place_keys, search_names, tokens
from treem.registry.tests.factories import commune, make_child

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the word-level index exists on PostgreSQL only"
)


def one_typo_apart(a: str, b: str) -> bool:
    """Damerau: equal, or one letter missing, extra, changed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0] if len(diff) == 2 else -1
        return diff == [i, i + 1] and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = sorted((a, b), key=len)
    return short in deletions(long)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("huong", "huong"), ("huogn", "huong"), ("huon", "huong"), ("hhuong", "huong"),
     ("huonq", "huong"), ("na", "an"), ("an", "anh")],
)  # fmt: skip
def test_words_one_typo_apart_share_a_token(typed: str, stored: str) -> None:
    assert one_typo_apart(typed, stored)
    stored_tokens = {f"={stored}"} | {f"~{d}" for d in deletions(stored)}
    assert stored_tokens & set(tokens(typed))


def test_words_far_apart_share_no_token() -> None:
    for typed, stored in (("huong", "lan"), ("minh", "anh"), ("thu", "thanh")):
        stored_tokens = {f"={stored}"} | {f"~{d}" for d in deletions(stored)}
        assert not stored_tokens & set(tokens(typed)), (typed, stored)


def names(found: Any) -> list[str]:
    return [child.full_name for child in found]


@on_postgres
@pytest.mark.django_db
def test_exact_words_rank_first_and_typos_are_found(cast: Any) -> None:
    make_child(name="Nguyễn Thị Hương")
    make_child(name="Trần Văn Nam", sex="M")
    make_child(name="Nguyễn Thị Hường", born=dt.date(2017, 2, 3))
    make_child(name="Lê Khánh Linh", born=dt.date(2016, 4, 5))
    qs = Child.objects.all()
    assert sorted(names(search(qs, Filters(query="NGUYỄN THỊ HƯƠNG", status="")))) == [
        "Nguyễn Thị Hương",
        "Nguyễn Thị Hường",
    ]
    assert names(search(qs, Filters(query="nguyen thi huogn", status="")))[0].startswith("Ng")
    assert names(search(qs, Filters(query="le khahn linh", status=""))) == ["Lê Khánh Linh"]
    assert names(search(qs, Filters(query="lee khanh linh", status=""))) == ["Lê Khánh Linh"]
    assert names(search(qs, Filters(query="linh", status=""))) == ["Lê Khánh Linh"]
    assert names(search(qs, Filters(query="tran thi lan", status=""))) == []


@on_postgres
@pytest.mark.django_db
def test_typos_are_left_out_once_the_exact_words_fill_a_page(cast: Any) -> None:
    for day in (1, 2):
        make_child(name="Phạm Minh Anh", born=dt.date(2015, 1, day))
    make_child(name="Phạm Minh Ánh", born=dt.date(2015, 1, 3))  # same key: exact
    make_child(name="Phạm Minh An", born=dt.date(2015, 1, 4))  # one letter away
    qs = Child.objects.all()
    assert len(search_names(qs, "pham minh anh", COMMON_PARTS, page=3)) == 3
    assert len(search_names(qs, "pham minh anh", COMMON_PARTS, page=50)) == 4


# -- caregivers -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_caregiver_search_by_name_words_phone_and_id_number(cast: Any) -> None:
    mine = make_child(name="Đỗ Minh Khang", sex="M")
    other = make_child(name="Vũ Thị Mai", born=dt.date(2016, 4, 5))
    other.caregivers.update(full_name="Vũ Văn Tùng", name_key="vu van tung", phone="")
    mine.caregivers.update(personal_id="056185000123")
    qs = Child.objects.all()

    def found(text: str) -> list[str]:
        return names(search(qs, Filters(caregiver=text, status="")))

    assert found("LÊ THỊ LAN") == ["Đỗ Minh Khang"]
    assert found("lan le") == ["Đỗ Minh Khang"]  # every word, in any order
    assert found("Vũ Tùng") == ["Vũ Thị Mai"]
    assert found("+84 912 345 678") == ["Đỗ Minh Khang"]
    assert found("056185000123") == ["Đỗ Minh Khang"]
    assert found("Lê Thị Hoa") == []


@on_postgres
@pytest.mark.django_db
def test_caregiver_lookups_use_their_indexes(cast: Any) -> None:
    from treem.registry.search import _caregiver_match

    make_child()
    for text, index in (
        ("Lê Thị Lan", "caregiver_name_words"),
        ("0912345678", "caregiver_phone_idx"),
        ("056185000123", "caregiver_pid_idx"),
    ):
        sql, params = _caregiver_match(text).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask what it can use
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        assert index in plan, plan


# -- narrowing by place -----------------------------------------------------------------------
def test_place_keys_name_each_subtree_or_give_up() -> None:
    assert place_keys(["c/56/"]) == ["@c/56/"]
    assert place_keys(["c/56/22366/", "c/56/22453/"]) == ["@c/56/22366/", "@c/56/22453/"]
    assert place_keys([]) == [None]  # nothing to narrow by
    assert place_keys(["c/"]) == [None]  # the whole country: every row would hold the key
    assert place_keys(["c/56"]) == [None]  # not a unit path
    assert place_keys([f"c/{n:02}/" for n in range(1, 7)]) == [None]  # too many subtrees


@pytest.mark.django_db
def test_read_roots_cover_every_child_the_user_may_read(cast: Any) -> None:
    from treem.registry import access

    assert access.read_roots(cast.officer_a) == (commune().path,)
    # A collaborator's village is narrower than the commune the children are recorded in.
    assert access.read_roots(cast.collaborator_a) == (commune().path,)
    province = commune().path.rsplit("/", 2)[0] + "/"
    assert access.read_roots(cast.specialist) == (province,)
    assert access.read_roots(cast.leader) == ()  # sees no records


@on_postgres
@pytest.mark.django_db
def test_narrowing_by_place_finds_exactly_what_the_scope_allows(cast: Any) -> None:
    from treem.registry import access, selectors
    from treem.registry.tests.factories import COMMUNE_B

    for code in (commune().code, COMMUNE_B):
        make_child(code=code, name="Trần Khánh Linh")
        make_child(code=code, name="Trần Khánh Lnih", born=dt.date(2016, 1, 2))  # a typo
        make_child(code=code, name="Trần Minh Linh", born=dt.date(2016, 1, 3))
    for user in (cast.officer_a, cast.officer_b, cast.specialist, cast.collaborator_a):
        visible = selectors.children_visible_to(user)
        for query in ("tran khanh linh", "linh", "tran kahnh"):
            narrowed = search(visible, Filters(query=query, within=access.read_roots(user)))
            plain = search(visible, Filters(query=query))
            assert sorted(c.pk for c in narrowed) == sorted(c.pk for c in plain), (user, query)
            assert all(c.unit_path.startswith(access.read_roots(user)) for c in narrowed)
    specialist = selectors.children_visible_to(cast.specialist)
    chosen = Filters(query="tran khanh linh", unit_path=commune(COMMUNE_B).path)
    assert {c.unit_id for c in search(specialist, chosen)} == {commune(COMMUNE_B).pk}


@on_postgres
@pytest.mark.django_db
def test_a_child_who_moves_is_found_under_the_new_place_only(cast: Any) -> None:
    from treem.registry.services.moves import child_move
    from treem.registry.tests.factories import COMMUNE_B

    child = make_child(name="Hà Thu Trang")
    child_move(actor=None, child=child, to_unit=commune(COMMUNE_B), moved_on=dt.date(2025, 3, 1))
    qs = Child.objects.all()
    assert names(search(qs, Filters(query="ha thu trang", within=(commune().path,)))) == []
    found = search(qs, Filters(query="ha thu trang", within=(commune(COMMUNE_B).path,)))
    assert names(found) == ["Hà Thu Trang"]


@pytest.mark.django_db
def test_a_search_page_and_its_count_cost_one_pass_over_the_matches(cast: Any) -> None:
    from django.test.utils import CaptureQueriesContext

    from treem.registry.tests.api_helpers import CHILDREN, client_for

    for day in range(1, 4):
        make_child(name="Trần Khánh Linh", born=dt.date(2016, 1, day))
    client = client_for(cast.officer_a)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(CHILDREN, {"q": "tran khanh linh", "page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    searches = [q["sql"] for q in queries if 'FROM "registry_child"' in q["sql"]]
    # PostgreSQL: the probe for a page of exact matches, then the page with its count.
    assert not any("COUNT(*) AS" in sql for sql in searches), searches
    assert len(searches) <= 2, searches


@pytest.mark.django_db
def test_the_sqlite_candidate_cap_never_drops_an_exact_match(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.models import Q

    from treem.registry import search as search_module

    for day, name in enumerate(["Lò Văn Khánh", "Lò Thị Khánh", "Lò Khánh Vy"], start=1):
        make_child(name=name, born=dt.date(2016, 1, day))
    wanted = make_child(name="Lò Văn Khang", born=dt.date(2016, 2, 1))
    monkeypatch.setattr(search_module, "SQLITE_CANDIDATES", 2)
    exact = Q(name_key__contains="lo") & Q(name_key__contains="khang")
    ranked = search_module._rank_sqlite(Child.objects.all(), "lo khang", exact, 10)
    assert wanted in ranked
