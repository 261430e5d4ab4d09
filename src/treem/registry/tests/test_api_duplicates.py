"""The duplicates API: the scan, merge, dismiss and undo, and who may use them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from treem.core.models import AuditEvent
from treem.registry.models import Child, ChildMerge, DuplicateDismissal
from treem.registry.tests.api_helpers import COMMUNE_A, COMMUNE_B, client_for, make_child

pytestmark = pytest.mark.django_db

DUPLICATES = "/api/v1/duplicates/"
MERGE = f"{DUPLICATES}merge/"
DISMISS = f"{DUPLICATES}dismiss/"


def _undo(merge_id: int) -> str:
    return f"/api/v1/merges/{merge_id}/undo/"


def _twins_of_a_typo() -> tuple[Child, Child]:
    """One child registered twice in commune A: once with accents, once without and with an
    ID number the first record lacks."""
    first = make_child()
    second = make_child(name="Nguyen Thi Huong", serial=777)
    return first, second


def _pairs(client: APIClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get(DUPLICATES, params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def _ids(row: dict[str, Any]) -> set[int]:
    return {row["first"]["id"], row["second"]["id"]}


# --- the scan ---------------------------------------------------------------------------------


def test_officer_lists_pairs_with_score_and_reasons(officer_a: APIClient) -> None:
    first, second = _twins_of_a_typo()
    make_child(name="Trần Văn Nam", sex="M", born=dt.date(2016, 1, 1))
    rows = _pairs(officer_a)
    assert len(rows) == 1
    row = rows[0]
    assert _ids(row) == {first.pk, second.pk}
    assert row["score"] == pytest.approx(0.93)
    assert row["reasons"] == ["Cùng ngày sinh 05/09/2018", "Họ tên chỉ khác dấu", "Cùng xã/phường"]
    assert row["first"]["commune"] == COMMUNE_A
    assert row["first"]["commune_name"] == "Phường Nha Trang"
    assert {row["first"]["full_name"], row["second"]["full_name"]} == {
        "Nguyễn Thị Hương",
        "Nguyen Thi Huong",
    }
    assert _pairs(officer_a, commune=COMMUNE_A) == rows
    assert _pairs(officer_a, min_score=0.95) == []


def test_near_names_are_listed_below_the_default_bar_only_on_request(
    officer_a: APIClient,
) -> None:
    first = make_child(name="Nguyễn Thị Hương")
    second = make_child(name="Nguyễn Văn Hương")  # 81% alike: scored 0.74
    assert _pairs(officer_a) == []
    rows = _pairs(officer_a, min_score=0.7)
    assert [_ids(row) for row in rows] == [{first.pk, second.pk}]
    assert rows[0]["score"] == pytest.approx(0.742, abs=0.001)
    assert "Họ tên gần giống (81%)" in rows[0]["reasons"]


def test_bad_parameters_are_named(officer_a: APIClient) -> None:
    response = officer_a.get(DUPLICATES, {"min_score": "2"})
    assert response.status_code == 400
    assert "min_score" in response.json()["error"]["details"]
    response = officer_a.get(DUPLICATES, {"commune": "99999"})
    assert response.status_code == 400
    assert "commune" in response.json()["error"]["details"]


def test_list_queries_do_not_grow_with_pairs(
    officer_a: APIClient, django_assert_max_num_queries: Any
) -> None:
    for day in range(1, 11):
        make_child(born=dt.date(2018, 9, day))
        make_child(name="Nguyen Thi Huong", born=dt.date(2018, 9, day))
    assert len(_pairs(officer_a)) == 10
    with django_assert_max_num_queries(12):
        _pairs(officer_a)


def test_province_specialist_sees_pairs_across_communes(cast: Any, officer_a: APIClient) -> None:
    here = make_child()
    there = make_child(name="Nguyen Thi Huong", commune=COMMUNE_B)
    specialist = client_for(cast.specialist)
    rows = _pairs(specialist)
    assert [_ids(row) for row in rows] == [{here.pk, there.pk}]
    assert "Cùng tỉnh, khác xã/phường" in rows[0]["reasons"]
    assert _pairs(officer_a) == []  # the officer of A cannot see the record in B


# --- merge and undo ---------------------------------------------------------------------------


def test_officer_merges_and_undoes(officer_a: APIClient) -> None:
    keep, drop = _twins_of_a_typo()
    response = officer_a.post(MERGE, {"keep": keep.pk, "drop": drop.pk}, format="json")
    assert response.status_code == 201, response.json()
    merge = response.json()
    assert merge["keep"] == keep.pk and merge["drop"] == drop.pk
    assert merge["merged_by"] == "canbo.a" and merge["undone_at"] is None
    assert merge["score"] == pytest.approx(0.93)  # the scan's evidence, not the caller's
    assert "Họ tên chỉ khác dấu" in merge["reasons"]
    assert merge["filled"] == ["personal_id"]
    keep.refresh_from_db()
    assert keep.personal_id == drop.personal_id
    assert officer_a.get(f"/api/v1/children/{drop.pk}/").status_code == 404
    assert _pairs(officer_a) == []
    assert AuditEvent.objects.filter(action="registry.child.merge", actor__username="canbo.a")

    undone = officer_a.post(_undo(merge["id"]))
    assert undone.status_code == 200, undone.json()
    assert undone.json()["undone_by"] == "canbo.a" and undone.json()["undone_at"]
    keep.refresh_from_db()
    assert keep.personal_id is None
    assert officer_a.get(f"/api/v1/children/{drop.pk}/").status_code == 200
    assert len(_pairs(officer_a)) == 1

    again = officer_a.post(_undo(merge["id"]))
    assert again.status_code == 400
    assert again.json()["error"]["message"] == "Lần gộp này đã được hoàn tác."


def test_merge_refuses_what_cannot_be_one_child(officer_a: APIClient) -> None:
    keep, drop = _twins_of_a_typo()
    same = officer_a.post(MERGE, {"keep": keep.pk, "drop": keep.pk}, format="json")
    assert same.status_code == 400
    assert "chính nó" in same.json()["error"]["message"]
    other_id = make_child(name="Nguyễn Thị Hương", born=dt.date(2018, 9, 6), serial=778)
    different = officer_a.post(MERGE, {"keep": drop.pk, "drop": other_id.pk}, format="json")
    assert different.status_code == 400
    assert "số định danh khác nhau" in different.json()["error"]["message"]
    missing = officer_a.post(MERGE, {"keep": keep.pk}, format="json")
    assert missing.status_code == 400 and "drop" in missing.json()["error"]["details"]
    unknown = officer_a.post(MERGE, {"keep": keep.pk, "drop": 10**9}, format="json")
    assert unknown.status_code == 404
    assert "drop" in unknown.json()["error"]["details"]
    assert not ChildMerge.objects.exists()


def test_merged_record_cannot_be_merged_again(officer_a: APIClient) -> None:
    keep, drop = _twins_of_a_typo()
    officer_a.post(MERGE, {"keep": keep.pk, "drop": drop.pk}, format="json")
    response = officer_a.post(MERGE, {"keep": drop.pk, "drop": keep.pk}, format="json")
    assert response.status_code == 404
    assert ChildMerge.objects.count() == 1


# --- dismiss ----------------------------------------------------------------------------------


def test_dismissed_pair_is_no_longer_listed(officer_a: APIClient) -> None:
    first, second = _twins_of_a_typo()
    body = {"first": second.pk, "second": first.pk, "note": "Hai chị em sinh đôi"}
    response = officer_a.post(DISMISS, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == body
    assert officer_a.post(DISMISS, body, format="json").status_code == 200  # idempotent
    assert _pairs(officer_a) == []
    dismissal = DuplicateDismissal.objects.get()
    assert (dismissal.first_id, dismissal.second_id) == (first.pk, second.pk)
    assert dismissal.note == "Hai chị em sinh đôi"
    assert AuditEvent.objects.filter(action="registry.duplicate.dismiss").count() == 1


def test_dismiss_needs_two_records(officer_a: APIClient) -> None:
    first, _second = _twins_of_a_typo()
    response = officer_a.post(DISMISS, {"first": first.pk, "second": first.pk}, format="json")
    assert response.status_code == 400
    assert not DuplicateDismissal.objects.exists()


# --- who may ----------------------------------------------------------------------------------


def test_officer_of_other_commune_gets_404(officer_a: APIClient, officer_b: APIClient) -> None:
    keep, drop = _twins_of_a_typo()
    assert _pairs(officer_b) == []
    assert officer_b.get(DUPLICATES, {"commune": COMMUNE_A}).status_code == 404
    response = officer_b.post(MERGE, {"keep": keep.pk, "drop": drop.pk}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    response = officer_b.post(DISMISS, {"first": keep.pk, "second": drop.pk}, format="json")
    assert response.status_code == 404
    merge_id = officer_a.post(MERGE, {"keep": keep.pk, "drop": drop.pk}, format="json").json()["id"]
    assert officer_b.post(_undo(merge_id)).status_code == 404
    assert ChildMerge.objects.get().undone_at is None
    assert not DuplicateDismissal.objects.exists()


def test_collaborator_gets_404_like_on_other_registry_decisions(
    cast: Any, officer_a: APIClient
) -> None:
    keep, drop = _twins_of_a_typo()
    collaborator = client_for(cast.collaborator_a)
    # The collaborator reads these records, but merging is the commune officer's decision.
    assert collaborator.get(f"/api/v1/children/{keep.pk}/").status_code == 200
    assert collaborator.get(DUPLICATES).status_code == 404
    response = collaborator.post(MERGE, {"keep": keep.pk, "drop": drop.pk}, format="json")
    assert response.status_code == 404
    response = collaborator.post(DISMISS, {"first": keep.pk, "second": drop.pk}, format="json")
    assert response.status_code == 404
    merge_id = officer_a.post(MERGE, {"keep": keep.pk, "drop": drop.pk}, format="json").json()["id"]
    assert collaborator.post(_undo(merge_id)).status_code == 404
    assert ChildMerge.objects.get().undone_at is None


def test_leader_and_anonymous_are_refused(cast: Any) -> None:
    _twins_of_a_typo()
    assert client_for(cast.leader).get(DUPLICATES).status_code == 404
    anonymous = APIClient().get(DUPLICATES)
    assert anonymous.status_code == 401 and "error" in anonymous.json()


def test_schema_lists_the_duplicate_endpoints() -> None:
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert set(paths["/api/v1/duplicates/"]) == {"get"}
    assert set(paths["/api/v1/duplicates/merge/"]) == {"post"}
    assert set(paths["/api/v1/duplicates/dismiss/"]) == {"post"}
    assert set(paths["/api/v1/merges/{id}/undo/"]) == {"post"}
    parameters = {p["name"] for p in paths["/api/v1/duplicates/"]["get"]["parameters"]}
    assert {"commune", "min_score", "page"} <= parameters
