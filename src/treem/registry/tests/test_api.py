"""The registry API: children (create, read, search, change, move, history) and proposals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from treem.core.models import AuditEvent
from treem.registry.domain import idnumber
from treem.registry.models import Child
from treem.registry.services.episodes import episode_open
from treem.registry.tests.api_helpers import (
    CHILDREN,
    COMMUNE_A,
    COMMUNE_B,
    born_aged,
    client_for,
    ids,
    make_child,
    payload,
)

pytestmark = pytest.mark.django_db

# --- create -----------------------------------------------------------------------------------


def test_officer_registers_a_child(officer_a: APIClient) -> None:
    response = officer_a.post(CHILDREN, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["full_name"] == "Nguyễn Thị Hương"  # cleaned by the service
    assert body["personal_id"] == idnumber.make("056", "F", 2018, 123) == "056318000123"
    assert body["commune"] == COMMUNE_A and body["status"] == "active"
    assert body["source"] == "api"
    assert [c["full_name"] for c in body["caregivers"]] == ["Trần Thị Mai"]
    assert [r["commune"] for r in body["residences"]] == [COMMUNE_A]
    assert Child.objects.filter(pk=body["id"], unit__code=COMMUNE_A).exists()


def test_id_number_of_the_wrong_sex_is_a_400_naming_the_digit(officer_a: APIClient) -> None:
    male_number = idnumber.make("056", "M", 2018, 123)
    response = officer_a.post(CHILDREN, payload(personal_id=male_number), format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "Chữ số thứ 4" in error["details"]["personal_id"]
    assert "giới tính" in error["message"]
    assert not Child.objects.exists()


def test_birth_date_in_the_future_is_a_400(officer_a: APIClient) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    body = payload(birth_date=tomorrow.isoformat(), personal_id="")
    response = officer_a.post(CHILDREN, body, format="json")
    assert response.status_code == 400
    assert "tương lai" in response.json()["error"]["details"]["birth_date"]


def test_badly_typed_fields_and_unknown_commune_are_400s(officer_a: APIClient) -> None:
    response = officer_a.post(CHILDREN, payload(birth_date="05/09/2018"), format="json")
    assert response.status_code == 400
    assert "birth_date" in response.json()["error"]["details"]
    response = officer_a.post(CHILDREN, payload(commune="99999"), format="json")
    assert response.status_code == 400
    assert "99999" in response.json()["error"]["details"]["commune"]


def test_registering_in_another_commune_is_refused_as_absent(officer_b: APIClient) -> None:
    response = officer_b.post(CHILDREN, payload(), format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_duplicate_id_number_is_a_400(officer_a: APIClient) -> None:
    make_child(serial=123)
    response = officer_a.post(CHILDREN, payload(), format="json")
    assert response.status_code == 400
    assert "định danh" in response.json()["error"]["message"]


# --- read and scope ---------------------------------------------------------------------------


def test_other_commune_neither_opens_nor_lists_the_child(
    officer_a: APIClient, officer_b: APIClient
) -> None:
    pk = officer_a.post(CHILDREN, payload(), format="json").json()["id"]
    assert officer_b.get(f"{CHILDREN}{pk}/").status_code == 404
    assert officer_b.get(f"{CHILDREN}{pk}/history/").status_code == 404
    assert pk not in ids(officer_b.get(CHILDREN))
    assert pk in ids(officer_a.get(CHILDREN))


def test_leader_sees_no_records(cast: Any) -> None:
    child = make_child()
    leader = client_for(cast.leader)
    assert leader.get(f"{CHILDREN}{child.pk}/").status_code == 404
    assert ids(leader.get(CHILDREN)) == []


def test_reading_the_record_is_audited(cast: Any, officer_a: APIClient) -> None:
    child = make_child()
    response = officer_a.get(f"{CHILDREN}{child.pk}/")
    assert response.status_code == 200
    reads = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.READ, object_type="registry.child", object_id=str(child.pk)
    )
    assert [(e.actor_id, e.action) for e in reads] == [(cast.officer_a.pk, "registry.child.view")]


def test_record_holds_episodes_risks_supports_and_residences(officer_a: APIClient) -> None:
    child = make_child()
    base = f"{CHILDREN}{child.pk}/"
    opened = officer_a.post(
        f"{base}circumstances/", {"group": "d", "started_on": "2020-01-01"}, format="json"
    )
    assert opened.status_code == 201, opened.json()
    past = officer_a.post(
        f"{base}circumstances/", {"group": "c", "started_on": "2020-01-01"}, format="json"
    ).json()
    closed = officer_a.post(
        f"{base}circumstances/{past['id']}/close/", {"ended_on": "2021-01-01"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    risk = officer_a.post(f"{base}risks/", {"kind": "dropout", "started_on": "2024-09-01"})
    assert risk.status_code == 201, risk.json()
    support = officer_a.post(
        f"{base}supports/",
        {"kind": "cash", "given_on": "2024-10-01", "amount": "500000", "provider": "Hội LHPN"},
    )
    assert support.status_code == 201, support.json()

    body = officer_a.get(base).json()
    assert [(e["group"], e["is_open"]) for e in body["circumstances"]] == [
        ("d", True),
        ("c", False),
    ]
    assert body["groups"] == ["d"]
    assert [r["kind"] for r in body["risks"]] == ["dropout"]
    assert [(s["kind"], s["amount"]) for s in body["supports"]] == [("cash", "500000")]
    assert body["residences"][0]["commune"] == COMMUNE_A


def test_episode_rules_are_400s_and_foreign_episode_is_404(officer_a: APIClient) -> None:
    child, other = make_child(), make_child(name="Lê Văn Nam", sex="M")
    base = f"{CHILDREN}{child.pk}/circumstances/"
    first = officer_a.post(base, {"group": "d", "started_on": "2020-01-01"}, format="json")
    again = officer_a.post(base, {"group": "d", "started_on": "2021-01-01"}, format="json")
    assert again.status_code == 400 and "group" in again.json()["error"]["details"]
    early = officer_a.post(base, {"group": "a", "started_on": "2010-01-01"}, format="json")
    assert "started_on" in early.json()["error"]["details"]
    episode = first.json()["id"]
    foreign = officer_a.post(
        f"{CHILDREN}{other.pk}/circumstances/{episode}/close/", {"ended_on": "2021-01-01"}
    )
    assert foreign.status_code == 404


def test_support_with_negative_amount_or_unknown_agency_is_400(officer_a: APIClient) -> None:
    child = make_child()
    url = f"{CHILDREN}{child.pk}/supports/"
    negative = officer_a.post(url, {"kind": "cash", "given_on": "2024-01-01", "amount": "-5"})
    assert negative.status_code == 400 and "amount" in negative.json()["error"]["details"]
    unknown = officer_a.post(url, {"kind": "cash", "given_on": "2024-01-01", "agency": 999999})
    assert unknown.status_code == 400 and "agency" in unknown.json()["error"]["details"]


def test_caregiver_is_set_by_relation(officer_a: APIClient) -> None:
    child = make_child()
    url = f"{CHILDREN}{child.pk}/caregivers/"
    officer_a.post(url, {"relation": "father", "full_name": "lê văn tùng"})
    response = officer_a.post(url, {"relation": "father", "full_name": "Lê Văn Tùng", "phone": "x"})
    assert response.status_code == 400 and "phone" in response.json()["error"]["details"]
    response = officer_a.post(url, {"relation": "father", "full_name": "Lê Văn Hải"})
    assert response.status_code == 200
    assert [c.full_name for c in child.caregivers.all()] == ["Lê Văn Hải"]


def test_a_reader_who_may_not_write_gets_404_on_writes(cast: Any) -> None:
    child = make_child()
    chairman = client_for(cast.chairman_a)
    assert chairman.get(f"{CHILDREN}{child.pk}/").status_code == 200
    response = chairman.patch(f"{CHILDREN}{child.pk}/", {"school_name": "X"}, format="json")
    assert response.status_code == 404


# --- list, filters and search -----------------------------------------------------------------


def test_list_filters(officer_a: APIClient) -> None:
    girl = make_child("Phạm Thị Lan", "F", born_aged(3), birth_registered=True)
    boy = make_child("Phạm Văn Long", "M", born_aged(10), birth_registered=False)
    teen = make_child("Võ Văn Tài", "M", born_aged(15))
    episode_open(actor=None, child=boy, group="k", started_on=born_aged(9))
    elsewhere = make_child("Đỗ Thị Vân", "F", born_aged(5), commune=COMMUNE_B)

    everyone = ids(officer_a.get(CHILDREN))
    assert set(everyone) == {girl.pk, boy.pk, teen.pk}  # not the other commune's
    assert ids(officer_a.get(CHILDREN, {"sex": "F"})) == [girl.pk]
    assert ids(officer_a.get(CHILDREN, {"age_min": 5, "age_max": 12})) == [boy.pk]
    assert ids(officer_a.get(CHILDREN, {"age_min": 15})) == [teen.pk]
    assert ids(officer_a.get(CHILDREN, {"group": "k"})) == [boy.pk]
    assert ids(officer_a.get(CHILDREN, {"birth_registered": "false"})) == [boy.pk]
    assert ids(officer_a.get(CHILDREN, {"commune": COMMUNE_A, "sex": ""})) == everyone
    assert ids(officer_a.get(CHILDREN, {"commune": COMMUNE_B})) == []
    assert elsewhere.pk not in everyone

    row = next(r for r in officer_a.get(CHILDREN).json()["results"] if r["id"] == boy.pk)
    assert row["groups"] == ["k"] and row["age"] == 10 and row["commune"] == COMMUNE_A


def test_status_filter(officer_a: APIClient) -> None:
    young = make_child("Phạm Thị Lan", "F", born_aged(3))
    old = make_child("Võ Văn Tài", "M", born_aged(15))
    Child.objects.filter(pk=old.pk).update(birth_date=born_aged(17))
    gone = make_child("Lê Thị Thu", "F", born_aged(6), life_status="deceased")
    assert ids(officer_a.get(CHILDREN, {"status": "active"})) == [young.pk]
    assert ids(officer_a.get(CHILDREN, {"status": "over_age"})) == [old.pk]
    assert ids(officer_a.get(CHILDREN, {"status": "deceased"})) == [gone.pk]


def test_bad_filters_are_400s(officer_a: APIClient) -> None:
    for params in ({"sex": "X"}, {"age_min": "abc"}, {"age_min": 9, "age_max": 3}, {"group": "z"}):
        response = officer_a.get(CHILDREN, params)
        assert response.status_code == 400, params
        assert response.json()["error"]["details"], params
    response = officer_a.get(CHILDREN, {"commune": "99999"})
    assert response.status_code == 400 and "commune" in response.json()["error"]["details"]


def test_search_without_accents_and_with_a_typo(officer_a: APIClient) -> None:
    huong = make_child("Nguyễn Thị Hương", "F", dt.date(2018, 9, 5))
    make_child("Trần Văn An", "M", dt.date(2017, 1, 2))
    make_child("Nguyễn Văn Bình", "M", dt.date(2016, 3, 4))
    assert ids(officer_a.get(CHILDREN, {"q": "nguyen thi huong"}))[0] == huong.pk
    assert ids(officer_a.get(CHILDREN, {"q": "nguyen thi huonq"}))[0] == huong.pk
    assert ids(officer_a.get(CHILDREN, {"q": "NGUYỄN THỊ HƯƠNG"}))[0] == huong.pk
    assert ids(officer_a.get(CHILDREN, {"q": "tran van an"}))[0] != huong.pk


def test_search_by_id_number_and_caregiver(officer_a: APIClient) -> None:
    huong = make_child(serial=4321)
    make_child("Trần Văn An", "M", dt.date(2017, 1, 2), serial=4322)
    number = idnumber.make("056", "F", 2018, 4321)
    assert ids(officer_a.get(CHILDREN, {"q": f"{number[:3]} {number[3:]}"})) == [huong.pk]
    officer_a.post(
        f"{CHILDREN}{huong.pk}/caregivers/",
        {"relation": "mother", "full_name": "Trần Thị Mai", "phone": "0912345678"},
    )
    assert ids(officer_a.get(CHILDREN, {"caregiver": "tran thi mai"})) == [huong.pk]
    assert ids(officer_a.get(CHILDREN, {"caregiver": "+84 912 345 678"})) == [huong.pk]


def test_search_is_paginated(officer_a: APIClient) -> None:
    for i in range(5):
        make_child(f"Nguyễn Thị Hương {'ABCDE'[i]}", "F", dt.date(2018, 1, 1 + i))
    body = officer_a.get(CHILDREN, {"q": "nguyen thi huong", "page_size": 2}).json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"]
    second = officer_a.get(CHILDREN, {"q": "nguyen thi huong", "page_size": 2, "page": 3})
    assert len(second.json()["results"]) == 1


def test_list_query_count_does_not_grow_with_rows(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(30):
        given = f"{'ABCDEFGHIK'[i % 10]}{'ABC'[i // 10].lower()}"
        child = make_child(f"Trần Thị Hoa {given}", "F", born_aged(1 + i % 14))
        if i % 3 == 0:
            episode_open(actor=None, child=child, group="d", started_on=child.birth_date)
    client = client_for(cast.officer_a)
    with django_assert_max_num_queries(6):
        body = client.get(CHILDREN).json()
    assert body["count"] == 30 and sum(bool(r["groups"]) for r in body["results"]) == 10
    client = client_for(cast.officer_a)
    with django_assert_max_num_queries(6):
        body = client.get(CHILDREN, {"q": "tran thi hoa"}).json()
    assert body["count"] == 30


# --- changes, moves and history ---------------------------------------------------------------


def test_update_shows_in_history(officer_a: APIClient) -> None:
    child = make_child()
    response = officer_a.patch(
        f"{CHILDREN}{child.pk}/",
        {"school_name": "Trường Tiểu học Lộc Thọ", "reason": "Phụ huynh báo"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["school_name"] == "Trường Tiểu học Lộc Thọ"
    rows = officer_a.get(f"{CHILDREN}{child.pk}/history/").json()["results"]
    assert [r["action"] for r in rows] == ["registry.child.update", "registry.child.register"]
    assert rows[0]["changes"]["school_name"] == ["", "Trường Tiểu học Lộc Thọ"]
    assert rows[0]["reason"] == "Phụ huynh báo" and rows[0]["actor_label"] == "canbo.a"


def test_update_is_checked_by_the_service(officer_a: APIClient) -> None:
    child = make_child(serial=55)
    response = officer_a.patch(f"{CHILDREN}{child.pk}/", {"sex": "M"}, format="json")
    assert response.status_code == 400
    assert "personal_id" in response.json()["error"]["details"]
    child.refresh_from_db()
    assert child.sex == "F"


def test_move_hands_the_record_to_the_new_commune(
    officer_a: APIClient, officer_b: APIClient
) -> None:
    child = make_child()
    moved_on = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    response = officer_a.post(
        f"{CHILDREN}{child.pk}/move/",
        {"commune": COMMUNE_B, "moved_on": moved_on, "reason": "Theo gia đình"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["commune"] == COMMUNE_B
    assert officer_a.get(f"{CHILDREN}{child.pk}/").status_code == 404
    assert child.pk not in ids(officer_a.get(CHILDREN))
    assert child.pk in ids(officer_b.get(CHILDREN))
    body = officer_b.get(f"{CHILDREN}{child.pk}/").json()
    assert [(r["commune"], r["valid_to"] is None) for r in body["residences"]] == [
        (COMMUNE_A, False),
        (COMMUNE_B, True),
    ]


def test_move_to_the_same_commune_or_a_future_day_is_400(officer_a: APIClient) -> None:
    child = make_child()
    url = f"{CHILDREN}{child.pk}/move/"
    same = officer_a.post(url, {"commune": COMMUNE_A, "moved_on": "2024-01-01"})
    assert same.status_code == 400 and same.json()["error"]["details"]["commune"]
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    later = officer_a.post(url, {"commune": COMMUNE_B, "moved_on": future})
    assert later.status_code == 400 and "moved_on" in later.json()["error"]["details"]
