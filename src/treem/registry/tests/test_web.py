"""The registry pages: list and search, a child's page, forms, proposals, duplicates, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from treem.core.models import AuditEvent
from treem.registry.models import Child, ChildMerge, ImportRun, Proposal
from treem.registry.tests.factories import COMMUNE_B, commune, make_child
from treem.registry.tests.helpers import sample_rows, write_csv
from treem.web.testing.access import AccessCase, AccessTestMixin

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_own_children_with_counts(cast: Any) -> None:
    make_child()
    make_child(name="Trần Văn Nam", sex="M")
    make_child(code=COMMUNE_B, name="Lê Văn Khác", sex="M")
    response = login(cast.officer_a).get(reverse("registry:child_list"))
    body = response.content.decode()
    assert "Nguyễn Thị Hương" in body and "Trần Văn Nam" in body
    assert "Lê Văn Khác" not in body
    assert "2 trẻ · 1 trẻ gái" in body


def test_list_search_is_accent_insensitive_and_typo_tolerant(cast: Any) -> None:
    make_child()
    make_child(name="Trần Văn Nam", sex="M")
    client = login(cast.officer_a)
    for query in ("nguyen thi huong", "nguyễn thị hưong", "nguyen thi huogn"):
        body = client.get(reverse("registry:child_list"), {"q": query}).content.decode()
        assert "Nguyễn Thị Hương" in body, query
        assert "Trần Văn Nam" not in body, query


def test_list_filters_by_caregiver_phone_and_age(cast: Any) -> None:
    make_child()
    make_child(name="Trần Văn Nam", sex="M", born=dt.date(2012, 1, 1))
    client = login(cast.officer_a)
    body = client.get(reverse("registry:child_list"), {"caregiver": "0912 345 678", "age_max": 9})
    assert "Nguyễn Thị Hương" in body.content.decode()
    assert "Trần Văn Nam" not in body.content.decode()


def test_list_queries_do_not_grow_with_rows(cast: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(30):
        make_child(name=f"Trần Văn {chr(65 + i % 26)}", sex="M", born=dt.date(2015, 1, 1 + i))
    client = login(cast.officer_a)
    client.get(reverse("registry:child_list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("registry:child_list"))


def test_detail_is_audited_and_shows_history(cast: Any) -> None:
    child = make_child()
    client = login(cast.officer_a)
    client.post(
        reverse("registry:child_edit", args=[child.pk]),
        {**_form_data(child), "school_level": "primary", "school_name": "Tiểu học Lộc Thọ"},
    )
    body = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    assert "Cập nhật thông tin" in body and "Tiểu học Lộc Thọ" in body
    assert AuditEvent.objects.filter(
        kind="read", action="registry.child.view", object_id=str(child.pk), actor=cast.officer_a
    ).exists()


def _form_data(child: Child) -> dict[str, Any]:
    return {
        "full_name": child.full_name,
        "sex": child.sex,
        "birth_date": child.birth_date.isoformat(),
        "personal_id": child.personal_id or "",
        "ethnicity": child.ethnicity,
        "nationality": "VN",
        "poverty": "none",
        "life_status": "living",
        "birth_registered": "unknown",
    }


def test_register_form_rejects_id_that_disagrees_with_sex(cast: Any) -> None:
    client = login(cast.officer_a)
    data = {
        **_form_data(
            Child(
                full_name="Phạm Minh Anh", sex="M", birth_date=dt.date(2019, 2, 1), ethnicity="01"
            )
        ),
        "personal_id": "056319000001",
    }
    data["personal_id"] = "056319000001"  # digit 4 = 3: female
    response = client.post(reverse("registry:child_register"), data)
    assert response.status_code == 200
    assert "giới tính nữ" in response.content.decode()
    assert not Child.objects.exists()


def test_register_then_move_hands_record_to_new_commune(cast: Any) -> None:
    client = login(cast.officer_a)
    data = _form_data(
        Child(full_name="Phạm Minh Anh", sex="M", birth_date=dt.date(2019, 2, 1), ethnicity="01")
    )
    response = client.post(reverse("registry:child_register"), data)
    child = Child.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("registry:child_move", args=[child.pk]),
        {"move-to_unit": COMMUNE_B, "move-moved_on": dt.date.today().isoformat()},
    )
    assert response.status_code == 302
    assert client.get(reverse("registry:child_detail", args=[child.pk])).status_code == 404
    officer_b = login(cast.officer_b)
    assert officer_b.get(reverse("registry:child_detail", args=[child.pk])).status_code == 200
    assert child.residences.count() == 2


def test_collaborator_proposes_and_officer_confirms(cast: Any) -> None:
    data = _form_data(
        Child(full_name="Vũ Thị Mai", sex="F", birth_date=dt.date(2020, 5, 6), ethnicity="01")
    )
    response = login(cast.collaborator_a).post(reverse("registry:child_register"), data)
    assert response.status_code == 302 and not Child.objects.exists()
    proposal = Proposal.objects.get()
    officer = login(cast.officer_a)
    officer.post(reverse("registry:proposal_detail", args=[proposal.pk]), {"accept": "1"})
    assert Child.objects.get().full_name == "Vũ Thị Mai"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED


def test_officer_must_give_reason_to_reject(cast: Any) -> None:
    data = _form_data(
        Child(full_name="Vũ Thị Mai", sex="F", birth_date=dt.date(2020, 5, 6), ethnicity="01")
    )
    login(cast.collaborator_a).post(reverse("registry:child_register"), data)
    proposal = Proposal.objects.get()
    response = login(cast.officer_a).post(
        reverse("registry:proposal_detail", args=[proposal.pk]), {"reject": "1"}
    )
    assert "lý do" in response.content.decode()


def test_episode_and_support_from_child_page(cast: Any) -> None:
    child = make_child()
    client = login(cast.officer_a)
    today = dt.date.today().isoformat()
    client.post(
        reverse("registry:episode_open", args=[child.pk]),
        {"ep-group": "d", "ep-subgroup": "d2", "ep-started_on": today},
    )
    client.post(
        reverse("registry:support_add", args=[child.pk]),
        {"sup-kind": "allowance", "sup-given_on": today, "sup-amount": "540000"},
    )
    assert child.circumstances.get().subgroup == "d2"
    assert child.supports.get().amount == 540000
    response = client.post(
        reverse("registry:episode_open", args=[child.pk]),
        {"ep-group": "d", "ep-started_on": today},
        follow=True,
    )
    assert "không mở thêm giai đoạn trùng" in response.content.decode()


def test_duplicate_review_merge_and_undo(cast: Any) -> None:
    first = make_child()
    second = make_child(name="Nguyen Thi Huong", personal_id="056318000777")
    client = login(cast.officer_a)
    body = client.get(reverse("registry:duplicate_list")).content.decode()
    assert "Họ tên chỉ khác dấu" in body
    client.post(reverse("registry:duplicate_merge"), {"survivor": first.pk, "merged": second.pk})
    first.refresh_from_db()
    assert first.personal_id == "056318000777"
    assert Child.objects.get(pk=second.pk).merged_into_id == first.pk
    body = client.get(reverse("registry:child_list")).content.decode()
    assert body.count("Nguyen Thi Huong") == 0
    merge = ChildMerge.objects.get()
    client.post(reverse("registry:merge_undo", args=[merge.pk]))
    first.refresh_from_db()
    assert first.personal_id is None
    assert Child.objects.get(pk=second.pk).merged_into_id is None


def test_upload_runs_import_job_and_offers_report(
    cast: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = write_csv(tmp_path / "ds.csv", [*sample_rows(5), sample_rows(1)[0]])
    client = login(cast.officer_a)
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": handle})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.created, run.errors) == (5, 1)
    report = client.get(reverse("registry:import_report", args=[run.pk]))
    assert report.status_code == 200
    assert "trùng với dòng 2" in b"".join(report.streaming_content).decode("utf-8-sig")
    assert (
        login(cast.officer_b).get(reverse("registry:import_run", args=[run.pk])).status_code == 404
    )


def test_upload_refuses_other_types_and_large_files(
    cast: Any, settings: Any, tmp_path: Path
) -> None:
    client = login(cast.officer_a)
    bad = tmp_path / "ds.exe"
    bad.write_bytes(b"MZ")
    with bad.open("rb") as handle:
        body = client.post(reverse("registry:import_upload"), {"file": handle}).content.decode()
    assert "Chỉ nhận tệp .csv hoặc .xlsx" in body
    settings.IMPORT_MAX_BYTES = 10
    path = write_csv(tmp_path / "ds.csv", sample_rows(3))
    with path.open("rb") as handle:
        body = client.post(reverse("registry:import_upload"), {"file": handle}).content.decode()
    assert "quá giới hạn" in body
    assert not ImportRun.objects.exists()


def _child_a() -> dict[str, Any]:
    return {"pk": make_child().pk}


def _run_a() -> dict[str, Any]:
    from treem.org.models import User

    owner = User.objects.get(username="canbo.a")
    run = ImportRun.objects.create(source_name="a.csv", actor=owner, unit=commune())
    return {"pk": run.pk}


def _proposal_a() -> dict[str, Any]:
    from treem.org.models import User
    from treem.registry.services.proposals import proposal_create

    proposal = proposal_create(
        actor=User.objects.get(username="ctv.a"),
        kind="register",
        unit=commune(),
        data={"full_name": "Vũ Thị Mai", "sex": "F", "birth_date": dt.date(2020, 5, 6)},
    )
    return {"pk": proposal.pk}


class TestRegistryPages(AccessTestMixin):
    cases = [
        AccessCase("child_list", "registry:child_list", owner="canbo.a", outsider="lanhdao"),
        AccessCase(
            "child_register", "registry:child_register", owner="canbo.a", outsider="lanhdao"
        ),
        AccessCase(
            "child_detail", "registry:child_detail", _child_a, owner="canbo.a", outsider="canbo.b"
        ),
        AccessCase(
            "child_edit", "registry:child_edit", _child_a, owner="canbo.a", outsider="canbo.b"
        ),
        AccessCase(
            "record_docx",
            "registry:record_export",
            lambda: {**_child_a(), "fmt": "docx"},
            owner="canbo.a",
            outsider="canbo.b",
        ),
        AccessCase(
            "record_pdf",
            "registry:record_export",
            lambda: {**_child_a(), "fmt": "pdf"},
            owner="canbo.a",
            outsider="canbo.b",
        ),
        AccessCase(
            "list_xlsx",
            "registry:list_export",
            lambda: {"fmt": "xlsx"},
            owner="canbo.a",
            outsider="lanhdao",
        ),
        AccessCase(
            "child_move",
            "registry:child_move",
            _child_a,
            owner="canbo.a",
            outsider="canbo.b",
            method="post",
            data={},
            ok_status=(302,),
        ),
        AccessCase(
            "episode_open",
            "registry:episode_open",
            _child_a,
            owner="canbo.a",
            outsider="canbo.b",
            method="post",
            data={},
            ok_status=(302,),
        ),
        AccessCase(
            "support_add",
            "registry:support_add",
            _child_a,
            owner="canbo.a",
            outsider="canbo.b",
            method="post",
            data={},
            ok_status=(302,),
        ),
        AccessCase(
            "risk_add",
            "registry:risk_add",
            _child_a,
            owner="canbo.a",
            outsider="canbo.b",
            method="post",
            data={},
            ok_status=(302,),
        ),
        AccessCase("proposal_list", "registry:proposal_list", owner="canbo.a", outsider=None),
        AccessCase(
            "proposal_detail",
            "registry:proposal_detail",
            _proposal_a,
            owner="canbo.a",
            outsider="canbo.b",
        ),
        AccessCase(
            "duplicate_list", "registry:duplicate_list", owner="canbo.a", outsider="lanhdao"
        ),
        AccessCase("import_upload", "registry:import_upload", owner="canbo.a", outsider="lanhdao"),
        AccessCase(
            "import_run", "registry:import_run", _run_a, owner="canbo.a", outsider="canbo.b"
        ),
    ]


def test_dismissed_pair_is_no_longer_proposed(cast: Any) -> None:
    first = make_child()
    second = make_child(name="Nguyen Thi Huong")
    client = login(cast.officer_a)
    client.post(reverse("registry:duplicate_dismiss"), {"survivor": first.pk, "merged": second.pk})
    client.post(reverse("registry:duplicate_dismiss"), {"survivor": second.pk, "merged": first.pk})
    body = client.get(reverse("registry:duplicate_list")).content.decode()
    assert "Không thấy cặp hồ sơ nào" in body
    assert AuditEvent.objects.filter(action="registry.duplicate.dismiss").count() == 1
    outsider = login(cast.officer_b)
    response = outsider.post(
        reverse("registry:duplicate_dismiss"), {"survivor": first.pk, "merged": second.pk}
    )
    assert response.status_code == 404
