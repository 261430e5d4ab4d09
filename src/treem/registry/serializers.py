"""Serializers of the registry API.

Output serializers shape what the API returns; input serializers only check types and
choices. Every rule about the data itself (ID number against sex and birth year, dates,
duplicates, who may write) lives in the services, so the API, the forms and the importer
agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from treem.core.models import AuditEvent
from treem.registry.domain import circumstances
from treem.registry.models import (
    Caregiver,
    Child,
    CircumstanceEpisode,
    Proposal,
    Residence,
    RiskFlag,
    SupportRecord,
)
from treem.registry.models.child import CHILD_AGE_LIMIT
from treem.registry.models.choices import LifeStatus, Sex
from treem.registry.services.children import EDITABLE_FIELDS

STATUS_CHOICES = [
    ("active", "Trong danh sách: dưới 16 tuổi, đang sinh sống tại địa phương"),
    ("over_age", "Đã đủ 16 tuổi"),
    (LifeStatus.MOVED_AWAY.value, LifeStatus.MOVED_AWAY.label),
    (LifeStatus.DECEASED.value, LifeStatus.DECEASED.label),
]
STATUSES = [value for value, _label in STATUS_CHOICES]


def child_status(child: Child, on: dt.date) -> str:
    """active | over_age | moved_away | deceased, as the list filter `status` means them."""
    if child.life_status != LifeStatus.LIVING:
        return child.life_status
    return "active" if child.age_on(on) < CHILD_AGE_LIMIT else "over_age"


# --- output -----------------------------------------------------------------------------------


class CaregiverSerializer(serializers.ModelSerializer):
    """A caregiver, read and written (POST /children/{id}/caregivers/, create's `caregivers`)."""

    class Meta:
        model = Caregiver
        fields = ["id", "relation", "full_name", "phone", "personal_id"]
        read_only_fields = ["id"]
        validators: list[Any] = []


class CircumstanceSerializer(serializers.ModelSerializer):
    """An episode, read and opened (POST /children/{id}/circumstances/)."""

    group_name = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = CircumstanceEpisode
        fields = [
            "id",
            "group",
            "group_name",
            "subgroup",
            "started_on",
            "ended_on",
            "is_open",
            "source",
            "note",
        ]
        read_only_fields = ["id", "ended_on"]

    def get_group_name(self, episode: CircumstanceEpisode) -> str:
        return circumstances.NAMES.get(episode.group, "")

    def get_is_open(self, episode: CircumstanceEpisode) -> bool:
        return episode.ended_on is None or episode.ended_on >= timezone.localdate()


class RiskSerializer(serializers.ModelSerializer):
    """A sign of risk, read and recorded (POST /children/{id}/risks/)."""

    class Meta:
        model = RiskFlag
        fields = ["id", "kind", "started_on", "ended_on", "note"]
        read_only_fields = ["id", "ended_on"]


class SupportSerializer(serializers.ModelSerializer):
    """Support received, read and recorded (POST /children/{id}/supports/)."""

    agency = serializers.IntegerField(
        source="agency_id",
        required=False,
        allow_null=True,
        help_text="id cơ quan hỗ trợ (GET /agencies/)",
    )
    agency_name = serializers.CharField(source="agency.name", default=None, read_only=True)

    class Meta:
        model = SupportRecord
        fields = ["id", "kind", "given_on", "agency", "agency_name", "provider", "amount", "note"]
        read_only_fields = ["id"]


class ResidenceSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="unit.code", read_only=True)
    commune_name = serializers.CharField(source="unit.full_name", read_only=True)

    class Meta:
        model = Residence
        fields = ["commune", "commune_name", "valid_from", "valid_to", "reason"]


class ChildRowSerializer(serializers.ModelSerializer):
    """One row of the list: only what the child, its unit and village rows hold, plus the
    open groups (prefetched into `open_circumstances` by the view)."""

    commune = serializers.CharField(source="unit.code", read_only=True)
    commune_name = serializers.CharField(source="unit.full_name", read_only=True)
    village_name = serializers.CharField(source="village.full_name", default=None, read_only=True)
    age = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()

    class Meta:
        model = Child
        fields = [
            "id",
            "full_name",
            "sex",
            "birth_date",
            "age",
            "personal_id",
            "commune",
            "commune_name",
            "village",
            "village_name",
            "life_status",
            "status",
            "birth_registered",
            "groups",
        ]

    def _today(self) -> dt.date:
        if "today" not in self.context:
            self.context["today"] = timezone.localdate()
        return self.context["today"]

    def get_age(self, child: Child) -> int:
        return child.age_on(self._today())

    # A plain string in the schema: an enum here would clash with the proposals' `status`
    # (ENUM_NAME_OVERRIDES could name both).
    @extend_schema_field(serializers.CharField(help_text=" | ".join(STATUSES)))
    def get_status(self, child: Child) -> str:
        return child_status(child, self._today())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_groups(self, child: Child) -> list[str]:
        """Letters of the special-circumstance groups open today."""
        today = self._today()
        episodes = getattr(child, "open_circumstances", None)
        if episodes is None:
            episodes = child.circumstances.all()
        return sorted(
            {
                e.group
                for e in episodes
                if e.started_on <= today and (e.ended_on is None or e.ended_on >= today)
            }
        )


class ChildDetailSerializer(ChildRowSerializer):
    """The full record (from `child_get`, which prefetches every list below)."""

    caregivers = CaregiverSerializer(many=True, read_only=True)
    circumstances = CircumstanceSerializer(many=True, read_only=True)
    risks = RiskSerializer(many=True, read_only=True)
    supports = SupportSerializer(many=True, read_only=True)
    residences = ResidenceSerializer(many=True, read_only=True)

    class Meta(ChildRowSerializer.Meta):
        fields = [
            *ChildRowSerializer.Meta.fields,
            *(name for name in EDITABLE_FIELDS if name not in ChildRowSerializer.Meta.fields),
            "source",
            "created_at",
            "updated_at",
            "caregivers",
            "circumstances",
            "risks",
            "supports",
            "residences",
        ]


class TimelineSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["at", "actor_label", "action", "changes", "reason"]


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal, read and created. Create a new child with `kind=register` and `commune`, or
    propose a change with `kind=update` and `child`; `data` holds the record's fields as in
    POST /children/."""

    commune = serializers.CharField(
        source="unit.code",
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Mã xã/phường; không cần khi đề xuất cập nhật một trẻ",
    )
    commune_name = serializers.CharField(source="unit.full_name", read_only=True)
    # The id, not a related field: a related field would tell whether a hidden child exists.
    child = serializers.IntegerField(source="child_id", required=False, allow_null=True)
    child_name = serializers.CharField(source="child.full_name", default=None, read_only=True)
    # The model's field is called `data`; DRF's metaclass moves declared fields off the class,
    # so this does not shadow `Serializer.data` at run time (only for the type checker).
    data = serializers.DictField(  # type: ignore[assignment]
        help_text="Các trường của hồ sơ trẻ (như khi tạo trẻ em)"
    )
    village = serializers.IntegerField(write_only=True, required=False, allow_null=True)
    caregivers = CaregiverSerializer(many=True, write_only=True, required=False)
    proposed_by = serializers.CharField(source="proposed_by.username", default=None, read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", default=None, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "kind",
            "status",
            "commune",
            "commune_name",
            "village",
            "child",
            "child_name",
            "data",
            "caregivers",
            "note",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = ["id", "status", "proposed_at", "decided_at", "decision_note"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs["kind"]
        if kind == Proposal.Kind.UPDATE and not attrs.get("child_id"):
            raise serializers.ValidationError({"child": "Đề xuất cập nhật phải gắn với một trẻ."})
        if kind == Proposal.Kind.UPDATE and attrs.get("caregivers"):
            # proposal_accept applies caregivers only when registering a new child.
            raise serializers.ValidationError(
                {"caregivers": "Đề xuất cập nhật chưa hỗ trợ thay đổi người chăm sóc."}
            )
        if kind == Proposal.Kind.REGISTER and not (attrs.get("unit") or {}).get("code"):
            raise serializers.ValidationError({"commune": "Chọn xã/phường nơi trẻ sinh sống."})
        # The proposed values are checked like a form now, not only when the officer accepts.
        fields = ChildFieldsSerializer(data=attrs["data"], partial=kind == Proposal.Kind.UPDATE)
        if not fields.is_valid():
            raise serializers.ValidationError({"data": fields.errors})
        attrs["data"] = dict(fields.validated_data)
        return attrs


# --- input ------------------------------------------------------------------------------------


class ChildFieldsSerializer(serializers.ModelSerializer):
    """The editable fields of the record, type-checked only (the services check the rest)."""

    class Meta:
        model = Child
        fields = EDITABLE_FIELDS
        validators: list[Any] = []


class ChildCreateSerializer(ChildFieldsSerializer):
    commune = serializers.CharField(help_text="Mã xã/phường hiện hành nơi trẻ sinh sống")
    village = serializers.IntegerField(
        required=False, allow_null=True, help_text="id thôn/tổ dân phố của xã này"
    )
    caregivers = CaregiverSerializer(many=True, required=False)

    class Meta(ChildFieldsSerializer.Meta):
        fields = [*EDITABLE_FIELDS, "commune", "village", "caregivers"]


class ChildUpdateSerializer(ChildFieldsSerializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="Lý do thay đổi"
    )

    class Meta(ChildFieldsSerializer.Meta):
        fields = [*EDITABLE_FIELDS, "reason"]


class MoveSerializer(serializers.Serializer):
    commune = serializers.CharField(help_text="Mã xã/phường hiện hành chuyển đến")
    moved_on = serializers.DateField()
    village = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class EpisodeCloseSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RiskCloseSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Ý kiến xử lý; bắt buộc khi không chấp nhận",
    )


class ChildFiltersSerializer(serializers.Serializer):
    """Query parameters of GET /children/."""

    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Tên (không dấu cũng được) hoặc số định danh"
    )
    caregiver = serializers.CharField(
        required=False, allow_blank=True, help_text="Tên, số điện thoại hoặc số định danh"
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    group = serializers.ChoiceField(
        choices=circumstances.CHOICES,
        required=False,
        allow_blank=True,
        help_text="Nhóm hoàn cảnh đặc biệt đang mở hôm nay",
    )
    commune = serializers.CharField(required=False, help_text="Mã xã/phường hiện hành")
    status = serializers.ChoiceField(choices=STATUS_CHOICES, required=False, allow_blank=True)
    age_min = serializers.IntegerField(required=False, min_value=0, max_value=30)
    age_max = serializers.IntegerField(required=False, min_value=0, max_value=30)
    birth_registered = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low, high = attrs.get("age_min"), attrs.get("age_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"age_max": "Tuổi tối đa phải ≥ tuổi tối thiểu."})
        return attrs
