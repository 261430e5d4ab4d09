"""REST API of likely duplicate records: the scan, merging two records, marking two records as
different children, and undoing a merge (see `api` for the error rules).

Only users who may merge (commune officers for their commune, province specialists for their
province) see pairs; anyone else, and anyone asking about records outside their area, gets 404.
Reads go through the selectors and writes through `services.merges`.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from treem.core.errors import NotFound
from treem.registry import selectors
from treem.registry.api_common import api_fields, commune_by_code
from treem.registry.dedupe import MIN_SCORE, Pair, record_of, score_pair
from treem.registry.models import Child, ChildMerge
from treem.registry.services.merges import child_merge, duplicate_dismiss, merge_undo

MAX_PAIRS = 1000  # one scan answers at most this many pairs; decide some and ask again

# --- serializers ------------------------------------------------------------------------------


class DuplicateFiltersSerializer(serializers.Serializer):
    """Query parameters of GET /duplicates/."""

    commune = serializers.CharField(
        required=False,
        help_text="Mã xã/phường hiện hành; không ghi thì quét mọi xã/phường của bạn",
    )
    min_score = serializers.FloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        default=MIN_SCORE,
        help_text=f"Điểm tối thiểu của một cặp, từ 0 đến 1 (mặc định {MIN_SCORE})",
    )


class DuplicateChildSerializer(serializers.ModelSerializer):
    """One record of a pair: what an officer compares before deciding."""

    commune = serializers.CharField(source="unit.code", read_only=True)
    commune_name = serializers.CharField(source="unit.full_name", read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "full_name",
            "sex",
            "birth_date",
            "personal_id",
            "commune",
            "commune_name",
            "village",
        ]


class DuplicatePairSerializer(serializers.Serializer):
    first = DuplicateChildSerializer(read_only=True)
    second = DuplicateChildSerializer(read_only=True)
    score = serializers.FloatField(read_only=True, help_text="0–1; 1 là cùng số định danh")
    reasons = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Căn cứ, bằng tiếng Việt"
    )


class MergeRequestSerializer(serializers.Serializer):
    keep = serializers.IntegerField(help_text="id hồ sơ giữ lại")
    drop = serializers.IntegerField(help_text="id hồ sơ gộp vào hồ sơ giữ lại (bị ẩn đi)")


class DismissSerializer(serializers.Serializer):
    first = serializers.IntegerField(help_text="id một hồ sơ của cặp")
    second = serializers.IntegerField(help_text="id hồ sơ còn lại")
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Vì sao là hai trẻ khác nhau (ví dụ: sinh đôi)",
    )


class MergeSerializer(serializers.ModelSerializer):
    """A merge: which record was kept, which was hidden behind it, and what moved."""

    keep = serializers.IntegerField(source="survivor_id", read_only=True)
    drop = serializers.IntegerField(source="merged_id", read_only=True)
    filled = serializers.SerializerMethodField()
    moved = serializers.SerializerMethodField()
    merged_by = serializers.CharField(source="merged_by.username", default=None, read_only=True)
    undone_by = serializers.CharField(source="undone_by.username", default=None, read_only=True)

    class Meta:
        model = ChildMerge
        fields = [
            "id",
            "keep",
            "drop",
            "score",
            "reasons",
            "filled",
            "moved",
            "merged_at",
            "merged_by",
            "undone_at",
            "undone_by",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_filled(self, merge: ChildMerge) -> list[str]:
        """Fields the kept record had empty and took from the dropped one."""
        return sorted(merge.survivor_before)

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_moved(self, merge: ChildMerge) -> dict[str, int]:
        """How many episodes, risks, supports, proposals and caregivers moved to the kept
        record."""
        return {name: len(ids) for name, ids in merge.moved.items()}


def _live_child(user: Any, pk: int, field: str) -> Child:
    """A record the user may merge; 404 naming the field otherwise."""
    child = selectors.children_mergeable_by(user).select_related("unit").filter(pk=pk).first()
    if child is None:
        message = f"Không tìm thấy hồ sơ #{pk} trong địa bàn của bạn."
        raise NotFound(message, details={field: message})
    return child


# --- views ------------------------------------------------------------------------------------


class DuplicateViewSet(viewsets.GenericViewSet):
    """Pairs of records that are probably the same child, and the two decisions on a pair:
    merge them, or record that they are different children."""

    queryset = Child.objects.none()  # for the schema; requests use the selectors
    serializer_class = DuplicatePairSerializer

    def get_queryset(self) -> QuerySet[Child]:
        return selectors.children_mergeable_by(self.request.user)

    @extend_schema(
        parameters=[DuplicateFiltersSerializer],
        responses=DuplicatePairSerializer(many=True),
        description=(
            "Các cặp hồ sơ có thể trùng trong địa bàn của bạn: cùng ngày sinh và họ tên gần "
            "giống (kể cả khác dấu, gõ sai), hoặc cùng số định danh. Trong mỗi ngày sinh, cặp "
            f"điểm cao đứng trước. Mỗi lần quét trả tối đa {MAX_PAIRS} cặp."
        ),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = DuplicateFiltersSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        code = params.validated_data.get("commune")
        rows = selectors.duplicate_pairs(
            request.user,
            commune=commune_by_code(code) if code else None,
            min_score=params.validated_data["min_score"],
            limit=MAX_PAIRS,
        )
        # DRF paginates lists as well as querysets; its stubs only name querysets.
        page: list[tuple[Pair, Child, Child]] | None = self.paginate_queryset(cast(Any, rows))
        assert page is not None
        data = [
            {"first": a, "second": b, "score": round(pair.score, 3), "reasons": pair.reasons}
            for pair, a, b in page
        ]
        return self.get_paginated_response(DuplicatePairSerializer(data, many=True).data)

    @extend_schema(
        request=MergeRequestSerializer,
        responses={201: MergeSerializer},
        description=(
            "Gộp hồ sơ `drop` vào hồ sơ `keep`: hồ sơ giữ lại nhận các giai đoạn hoàn cảnh, "
            "nguy cơ, hỗ trợ, đề xuất, người chăm sóc còn thiếu và các thông tin đang trống. "
            "Hoàn tác được bằng POST /merges/{id}/undo/."
        ),
    )
    @action(detail=False, methods=["post"])
    def merge(self, request: Request) -> Response:
        serializer = MergeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        keep = _live_child(request.user, serializer.validated_data["keep"], "keep")
        drop = _live_child(request.user, serializer.validated_data["drop"], "drop")
        # The evidence is the scan's own, not the caller's word; 0 when the officer merges
        # two records the scan would not have paired (e.g. a name changed since).
        pair = score_pair(record_of(keep), record_of(drop)) if keep.pk != drop.pk else None
        with api_fields():
            merge = child_merge(
                actor=request.user,
                survivor=keep,
                merged=drop,
                score=round(pair.score, 3) if pair else 0.0,
                reasons=pair.reasons if pair else [],
            )
        return Response(MergeSerializer(merge).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DismissSerializer,
        responses=DismissSerializer,
        description=(
            "Ghi nhận hai hồ sơ là hai trẻ khác nhau (ví dụ sinh đôi): lần quét sau không đưa "
            "cặp này ra nữa. Gửi lại nhiều lần cũng chỉ ghi một lần."
        ),
    )
    @action(detail=False, methods=["post"])
    def dismiss(self, request: Request) -> Response:
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        first = _live_child(request.user, values["first"], "first")
        second = _live_child(request.user, values["second"], "second")
        with api_fields():
            duplicate_dismiss(
                actor=request.user, first=first, second=second, note=values.get("note", "")
            )
        return Response(DismissSerializer(values).data)


MERGE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="id của lần gộp")


class MergeViewSet(viewsets.GenericViewSet):
    """Merges already made, for undoing them."""

    queryset = ChildMerge.objects.none()  # for the schema; requests use the selectors
    serializer_class = MergeSerializer
    lookup_value_regex = r"[0-9]+"

    @extend_schema(
        parameters=[MERGE_ID],
        request=None,
        responses=MergeSerializer,
        description="Hoàn tác một lần gộp: mọi thứ trở lại như trước khi gộp.",
    )
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str) -> Response:
        merge = selectors.merge_get(request.user, int(pk))
        with api_fields():
            merge_undo(actor=request.user, merge=merge)
        return Response(MergeSerializer(merge).data)
