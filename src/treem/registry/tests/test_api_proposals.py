"""The registry API: collaborators' proposals, and the schema as a whole."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from treem.registry.models import Child
from treem.registry.tests.api_helpers import (
    COMMUNE_A,
    COMMUNE_B,
    PROPOSALS,
    client_for,
    ids,
    make_child,
)

pytestmark = pytest.mark.django_db

# --- proposals --------------------------------------------------------------------------------


def _propose(client: APIClient, **overrides: Any) -> Any:
    body = {
        "kind": "register",
        "commune": COMMUNE_A,
        "data": {"full_name": "Lê Văn Tám", "sex": "M", "birth_date": "2019-02-03"},
        "caregivers": [{"relation": "father", "full_name": "Lê Văn Bảy"}],
        "note": "Gia đình mới chuyển đến tổ 1",
    }
    body.update(overrides)
    return client.post(PROPOSALS, body, format="json")


def test_collaborator_proposes_and_officer_accepts(cast: Any, officer_a: APIClient) -> None:
    collaborator = client_for(cast.collaborator_a)
    response = _propose(collaborator)
    assert response.status_code == 201, response.json()
    proposal = response.json()
    assert proposal["status"] == "pending" and proposal["proposed_by"] == "ctv.a"
    assert proposal["data"]["birth_date"] == "2019-02-03"
    assert proposal["id"] in ids(officer_a.get(PROPOSALS, {"status": "pending"}))
    assert proposal["id"] in ids(collaborator.get(PROPOSALS))
    # The collaborator cannot decide their own proposal.
    assert collaborator.post(f"{PROPOSALS}{proposal['id']}/accept/").status_code == 404

    accepted = officer_a.post(f"{PROPOSALS}{proposal['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted" and accepted.json()["decided_by"] == "canbo.a"
    child = Child.objects.get(pk=accepted.json()["child"])
    assert child.full_name == "Lê Văn Tám" and child.source == "proposal"
    assert [c.full_name for c in child.caregivers.all()] == ["Lê Văn Bảy"]
    again = officer_a.post(f"{PROPOSALS}{proposal['id']}/accept/")
    assert again.status_code == 400


def test_update_proposal_changes_the_child(cast: Any, officer_a: APIClient) -> None:
    child = make_child()
    collaborator = client_for(cast.collaborator_a)
    response = _propose(
        collaborator,
        kind="update",
        commune=None,
        child=child.pk,
        data={"school_name": "Trường Mầm non Hoa Sen"},
        caregivers=[],
    )
    assert response.status_code == 201, response.json()
    assert response.json()["child"] == child.pk
    officer_a.post(f"{PROPOSALS}{response.json()['id']}/accept/")
    child.refresh_from_db()
    assert child.school_name == "Trường Mầm non Hoa Sen"


def test_proposal_data_is_checked_when_proposed(cast: Any) -> None:
    collaborator = client_for(cast.collaborator_a)
    bad = _propose(collaborator, data={"full_name": "Lê Văn Tám", "birth_date": "03/02/2019"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["details"]["data"]) == {"sex", "birth_date"}
    update_without_child = _propose(
        collaborator, kind="update", data={"school_name": "X"}, caregivers=[]
    )
    assert "child" in update_without_child.json()["error"]["details"]
    hidden = make_child(commune=COMMUNE_B)
    foreign = _propose(
        collaborator, kind="update", child=hidden.pk, data={"school_name": "X"}, caregivers=[]
    )
    assert foreign.status_code == 400 and "child" in foreign.json()["error"]["details"]


def test_reject_requires_a_note(cast: Any, officer_a: APIClient) -> None:
    pk = _propose(client_for(cast.collaborator_a)).json()["id"]
    response = officer_a.post(f"{PROPOSALS}{pk}/reject/", {"note": "  "}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()["error"]["details"]
    response = officer_a.post(f"{PROPOSALS}{pk}/reject/", {"note": "Sai ngày sinh"})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["decision_note"] == "Sai ngày sinh"
    assert not Child.objects.exists()


def test_other_commune_cannot_see_or_decide_proposals(
    cast: Any, officer_b: APIClient, officer_a: APIClient
) -> None:
    pk = _propose(client_for(cast.collaborator_a)).json()["id"]
    assert pk not in ids(officer_b.get(PROPOSALS))
    assert officer_b.get(f"{PROPOSALS}{pk}/").status_code == 404
    assert officer_b.post(f"{PROPOSALS}{pk}/accept/").status_code == 404
    assert officer_a.get(f"{PROPOSALS}{pk}/").status_code == 200
    # A collaborator cannot propose for another commune.
    response = _propose(client_for(cast.collaborator_a), commune=COMMUNE_B)
    assert response.status_code == 404


# --- schema -----------------------------------------------------------------------------------


def test_schema_is_valid_and_without_warnings() -> None:
    from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    reset_generator_stats()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    paths = schema["paths"]
    for path in [
        "/api/v1/children/",
        "/api/v1/children/{id}/",
        "/api/v1/children/{id}/history/",
        "/api/v1/children/{id}/move/",
        "/api/v1/children/{id}/circumstances/{episode_id}/close/",
        "/api/v1/proposals/{id}/reject/",
    ]:
        assert path in paths
