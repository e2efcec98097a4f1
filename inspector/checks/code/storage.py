"""Storage arrays: the state of their parts (controllers, disks, pools, LUNs, BBUs), how full
their pools are, and the redundant set of controllers (双机热备).

Parts keep the array's own words (`health`, `running`); a check names the words that make a
part failed or degraded in its params, so a rule file can add a vendor's word without code.
"""

from __future__ import annotations

from inspector.catalog import Joined, Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome
from inspector.checks.storage_metrics import storage_parts
from inspector.model import HaMember, StoragePart

FAILED_WORDS = ("fault", "fail", "offline", "error", "abnormal")
MASTER_ROLES = ("master", "primary", "active")


def _state(record: StoragePart) -> Phrase:
    """"CTE0.5: fault / offline" in the reader's words."""
    return Phrase("check.storage_part_state", name=record.name,
                  health=Term("part_state", record.health or "unknown"),
                  running=Term("part_state", record.running or "unknown"))


def _condition(record: StoragePart, params: dict[str, list[str]]) -> str | None:
    """"failed", "degraded" or None (normal) from the part's health and running words."""
    words = (record.health or "", record.running or "")
    for condition in ("failed", "degraded"):
        if any(word and word in params[f"{condition}_states"] for word in words):
            return condition
    return None


def part_state(ctx: Context) -> Outcome:
    """Every part of the kind `params.part` in a normal state; failed and degraded graded by
    the rule's levels (a failed controller 一级, a failed disk 二级 ...)."""
    part = str(ctx.params["part"])
    records = storage_parts(ctx, part)
    if all(r.health is None and r.running is None for r in records):
        raise NotChecked(Phrase("check.no_part_state", part=Term("part", part)))
    levels = ctx.resolved.levels
    hits = []
    for record in records:
        condition = _condition(record, ctx.params)
        if condition is not None and condition in levels:
            hits.append(Hit(record.name, condition, _state(record), anchor=record.name,
                            keywords=FAILED_WORDS, span=20, severity=levels[condition]))
    good = len(records) - len(hits)
    return Outcome(hits, Phrase("check.storage_parts_normal", good=good, total=len(records),
                                part=Term("part", part)))


def _groups(ctx: Context) -> dict[str, list[HaMember]]:
    members: list[HaMember] = ctx.data("ha")
    if not members:
        raise NotChecked(Phrase("check.ha_none"))
    groups: dict[str, list[HaMember]] = {}
    for member in members:
        groups.setdefault(member.group, []).append(member)
    return groups


def _group_hits(group: str, members: list[HaMember], ctx: Context) -> list[Hit]:
    levels = ctx.resolved.levels
    named = Term("ha_group", group)
    hits = []
    if len(members) < int(ctx.params["min_members"]):
        said = Phrase("check.ha_single", group=named, names=", ".join(m.name for m in members))
        hits.append(Hit(group, "single_member", said, severity=levels["single_member"]))
    for member in members:
        if member.online is False:
            said = Phrase("check.ha_member_down", name=member.name,
                          health=Term("part_state", member.health or "unknown"))
            hits.append(Hit(member.name, "member_down", said, anchor=member.name,
                            keywords=FAILED_WORDS, span=20, severity=levels["member_down"]))
    online = [m for m in members if m.online is not False]
    if online and not any((m.role or "") in MASTER_ROLES for m in online):
        hits.append(Hit(group, "no_master", Phrase("check.ha_no_master", group=named),
                        keywords=("role",), severity=levels["no_master"]))
    return hits


def _summary(group: str, members: list[HaMember]) -> Phrase:
    master = next((m.name for m in members if (m.role or "") in MASTER_ROLES), "—")
    return Phrase("check.ha_summary", group=Term("ha_group", group), total=len(members),
                  online=sum(1 for m in members if m.online), master=master)


def ha_redundancy(ctx: Context) -> Outcome:
    """Each redundant set: at least `min_members` members, all online, one of them master
    (an array left with one controller runs in single-controller mode: no failover)."""
    groups = _groups(ctx)
    hits = [hit for group, members in groups.items()
            for hit in _group_hits(group, members, ctx)]
    summary = Joined([_summary(group, members) for group, members in groups.items()])
    need = int(ctx.params["min_members"])
    return Outcome(hits, summary, threshold=Phrase("check.ha_threshold", need=need))
