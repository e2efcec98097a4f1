"""First-hop redundancy (VRRP/HSRP) and stacks (iStack/CSS, IRF, StackWise): the designed
state an inventory's `expect:` gives (inspector/expect.py), else the previous inspection."""

from __future__ import annotations

from typing import Any

from inspector.catalog import Phrase, Term
from inspector.checks.base import USABLE, Context, Hit, NotChecked, Outcome
from inspector.model import Stack, StackMember, VrrpGroup

# States a group settles in; anything else (Initialize, Listen, Speak...) is a group that
# does not work or is changing.
_SETTLED = {"master", "backup", "active", "standby"}
# Words the vendors print for a stack member that works.
_READY = {"ready", "running", "normal", "up"}


def interface_key(name: str) -> str:
    """An interface name compared loosely: case and blanks ignored ("vlanif 10")."""
    return "".join(name.split()).lower()


def _label(group: VrrpGroup) -> Phrase:
    return Phrase("check.vrrp_group", protocol=group.protocol.upper(),
                  interface=group.interface, group=group.group)


def _state(word: str) -> Term:
    """A group's state in the reader's language (Master 主, Backup 备...)."""
    return Term("fhrp_state", word)


def _previous(ctx: Context, family: str) -> Any:
    """The previous inspection's data of `family`, or None when there is none usable."""
    if ctx.previous is None:
        return None
    fam = ctx.previous.family(family)
    return fam.data if fam.status in USABLE else None


def _wrong_side(groups: list[VrrpGroup], names: list[str], master: bool,
                ctx: Context) -> list[Hit]:
    severity = ctx.resolved.levels["wrong_side"]
    hits = []
    for name in names:
        on = [g for g in groups if interface_key(g.interface) == interface_key(name)]
        if not on:
            hits.append(Hit(name, "absent", Phrase("check.vrrp_no_group", interface=name),
                            anchor=name, severity=severity))
        hits += [Hit(g.interface, g.state,
                     Phrase("check.vrrp_not_master" if master else "check.vrrp_not_backup",
                            group=_label(g), state=_state(g.state)),
                     anchor=g.interface, keywords=(g.state,), severity=severity)
                 for g in on if g.master is not master]
    return hits


def vrrp_master(ctx: Context) -> Outcome:
    """The groups `expect: vrrp_master` (`vrrp_backup`) names: this device must be their
    master (their backup)."""
    masters = [str(n) for n in ctx.params["expected_master"]]
    backups = [str(n) for n in ctx.params["expected_backup"]]
    if not masters and not backups:
        raise NotChecked(Phrase("check.no_vrrp_design"), "not_configured")
    groups: list[VrrpGroup] = ctx.data("vrrp")
    hits = _wrong_side(groups, masters, True, ctx) + _wrong_side(groups, backups, False, ctx)
    return Outcome(hits, Phrase("check.vrrp_as_designed", n=len(masters) + len(backups)))


def vrrp_state(ctx: Context) -> Outcome:
    """Groups not settled (Initialize: the group does not work) and groups whose master
    changed since the previous inspection."""
    groups: list[VrrpGroup] = ctx.data("vrrp")
    levels = ctx.resolved.levels
    hits = [Hit(g.interface, g.state, Phrase("check.vrrp_unsettled", group=_label(g),
                                             state=_state(g.state)),
                anchor=g.interface, keywords=(g.state,), severity=levels["not_settled"])
            for g in groups if g.state not in _SETTLED]
    before: list[VrrpGroup] | None = _previous(ctx, "vrrp")
    if before is None and not hits and groups:
        raise NotChecked(Phrase("check.no_previous_run"), "no_baseline")
    was = {(g.protocol, interface_key(g.interface), g.group): g for g in before or []}
    for group in groups:
        old = was.get((group.protocol, interface_key(group.interface), group.group))
        if old is not None and old.master is not group.master and group.state in _SETTLED:
            hits.append(Hit(group.interface, group.state,
                            Phrase("check.vrrp_changed", group=_label(group),
                                   before=_state(old.state), now=_state(group.state)),
                            anchor=group.interface, keywords=(group.state,),
                            severity=levels["changed"]))
    now = {(g.protocol, interface_key(g.interface), g.group) for g in groups}
    hits += [Hit(old.interface, "absent", Phrase("check.vrrp_gone", group=_label(old),
                                                 before=_state(old.state)),
                 anchor=old.interface, severity=levels["changed"])
             for key, old in was.items() if key not in now]
    if not groups:
        return Outcome(hits, Phrase("check.no_vrrp_group"))
    return Outcome(hits, Phrase("check.vrrp_settled", n=len(groups)))


def _member(member: StackMember) -> Phrase:
    return Phrase("check.stack_member", member=member.member, role=member.role or "-",
                  state=member.state or "-")


def _ready(stack: Stack) -> list[StackMember]:
    return [m for m in stack.members if (m.state or "ready") in _READY]


def _count_hits(ctx: Context, stack: Stack, before: Stack | None) -> list[Hit]:
    severity = ctx.resolved.levels["missing"]
    ready = len(_ready(stack))
    expected = int(ctx.params["expected_members"] or 0)
    if expected and ready < expected:
        return [Hit("stack", ready, Phrase("check.stack_fewer", now=ready, expected=expected),
                    keywords=("slot", "member", "master"), severity=severity)]
    if before is not None and ready < len(_ready(before)):
        return [Hit("stack", ready, Phrase("check.stack_fewer_than_before", now=ready,
                                           before=len(_ready(before))),
                    keywords=("slot", "member", "master"), severity=severity)]
    return []


def _link_hits(ctx: Context, stack: Stack) -> list[Hit]:
    """Stack links (IRF links, CSS channels) that are down: the stack runs on fewer links,
    or on none left between two members."""
    severity = ctx.resolved.levels["link_down"]
    return [Hit(link.interface or f"{link.member}/{link.port}", link.state,
                Phrase("check.stack_link_down", member=link.member, port=link.port or "-",
                       interface=link.interface or "-", state=link.state or "-"),
                anchor=link.interface or None, keywords=(link.state or "",), severity=severity)
            for link in stack.links if link.up is False]


def stack_members(ctx: Context) -> Outcome:
    """Members not ready, fewer members than designed (`expect: stack_members`) or than at
    the previous inspection, members whose role changed since then, and stack links down."""
    stack: Stack = ctx.data("stack")
    before: Stack | None = _previous(ctx, "stack")
    levels = ctx.resolved.levels
    hits = [Hit(m.member, m.state, _member(m), anchor=m.mac or None, keywords=(m.state or "",),
                severity=levels["missing"])
            for m in stack.members if m not in _ready(stack)]
    hits += _count_hits(ctx, stack, before)
    roles = {m.member: m.role for m in (before.members if before else [])}
    hits += [Hit(m.member, m.role, Phrase("check.stack_role_changed", member=m.member,
                                          before=roles[m.member], now=m.role),
                 anchor=m.mac or None, keywords=(m.role or "",), severity=levels["role_changed"])
             for m in stack.members if roles.get(m.member) not in (None, m.role)]
    hits += _link_hits(ctx, stack)
    if not stack.members:
        return Outcome(hits, Phrase("check.not_stacked"))
    return Outcome(hits, Phrase("check.stack_ready", ready=len(_ready(stack)),
                                total=len(stack.members)))


def split_brain(ctx: Context) -> Outcome:
    """A stack with no multi-active detection (MAD), or whose MAD is on but not working: a
    broken stack link then leaves two masters with the same addresses. A stack is two or
    more members, or stack links bound (a member may be missing right now)."""
    stack: Stack = ctx.data("stack")
    if len(stack.members) < 2 and not stack.links:
        return Outcome([], Phrase("check.not_stacked"))
    if stack.mad is None:
        raise NotChecked(Phrase("check.mad_not_told"), "not_applicable")
    levels = ctx.resolved.levels
    if not stack.mad:
        shown = Phrase("check.mad_off", detail=stack.mad_detail or "")
        return Outcome([Hit("mad", False, shown, keywords=("MAD",),
                            severity=levels["mad_off"])], shown)
    hits = [Hit("mad", fault, Phrase("check.mad_failing", fault=fault),
                keywords=("MAD", "Faulty", "Recovery"), severity=levels["mad_failing"])
            for fault in stack.mad_faults]
    return Outcome(hits, Phrase("check.mad_on", detail=stack.mad_detail or ""))
