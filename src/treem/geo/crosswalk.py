"""Where each unit lies in the other structure (legacy ↔ current), for roll-ups over time.

`Unit.counterpart_path` is the path of the deepest unit of the other version that wholly
contains this one: a legacy commune merged into one new commune gets that commune's path; a
legacy commune split between two new communes of one province gets the province's path; a
legacy district (no successions of its own) gets the common ancestor of where its communes
went. A roll-up for unit X of the other version counts a row when `counterpart_path` lies
under X's path — never a guess at how to share a split unit's figures.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def common_path(paths: set[str]) -> str:
    """'c/01/00004/' and 'c/01/00008/' → 'c/01/'."""
    if not paths:
        return ""
    split = [p.rstrip("/").split("/") for p in paths]
    shared: list[str] = []
    for pieces in zip(*split, strict=False):
        if len(set(pieces)) != 1:
            break
        shared.append(pieces[0])
    return "/".join(shared) + "/" if shared else ""


def counterparts(
    units: list[tuple[int, str, str, int | None]], links: list[tuple[int, int]]
) -> dict[int, str]:
    """units: (id, version, path, parent_id); links: (predecessor_id, successor_id).
    Returns {unit id: counterpart path}."""
    path = {uid: p for uid, _, p, _ in units}
    version = {uid: v for uid, v, _, _ in units}
    kids: dict[int | None, list[int]] = defaultdict(list)
    for uid, _, _, parent in units:
        kids[parent].append(uid)
    direct: dict[int, set[str]] = defaultdict(set)
    for old, new in links:
        direct[old].add(path[new])
        direct[new].add(path[old])

    reached: dict[int, set[str]] = {}

    def reach(uid: int) -> set[str]:
        # Deepest units first: sort by path length so children are done before parents.
        return reached.get(uid, set())

    for uid in sorted(path, key=lambda u: -len(path[u])):
        found = direct.get(uid)
        if found:
            reached[uid] = found
        else:
            merged: set[str] = set()
            for child in kids.get(uid, []):
                merged |= reach(child)
            reached[uid] = merged
    result = {uid: common_path(reached[uid]) for uid in path}
    # Villages and other units with nothing below them take their parent's counterpart.
    parent_of = {uid: parent for uid, _, _, parent in units}
    for uid in sorted(path, key=lambda u: len(path[u])):
        parent = parent_of[uid]
        if not result[uid] and parent is not None and version[uid] == version[parent]:
            result[uid] = result[parent]
    return result


def refresh_counterparts(unit_model: Any, succession_model: Any) -> int:
    """Recompute `counterpart_path` for every unit; returns how many changed."""
    rows = list(unit_model.objects.values_list("id", "version", "path", "parent_id"))
    links = list(succession_model.objects.values_list("predecessor_id", "successor_id"))
    wanted = counterparts(rows, links)
    stale = [
        unit_model(pk=uid, counterpart_path=wanted[uid])
        for uid, current in unit_model.objects.values_list("id", "counterpart_path")
        if current != wanted[uid]
    ]
    unit_model.objects.bulk_update(stale, ["counterpart_path"], batch_size=2000)
    return len(stale)
