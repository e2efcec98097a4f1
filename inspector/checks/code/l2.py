"""Spanning tree (root bridge as designed, topology changes since the previous inspection)
and link aggregation (members not selected, bundles below their minimum)."""

from __future__ import annotations

from inspector.catalog import Phrase
from inspector.checks.base import USABLE, Context, Hit, NotChecked, Outcome
from inspector.checks.code.redundancy import interface_key
from inspector.model import Lag, StpInstance


def _instance(stp: StpInstance) -> Phrase:
    return Phrase("check.stp_instance", instance=stp.instance)


def _previous_stp(ctx: Context) -> list[StpInstance] | None:
    if ctx.previous is None:
        return None
    fam = ctx.previous.family("stp")
    return fam.data if fam.status in USABLE else None


def stp_root(ctx: Context) -> Outcome:
    """With `expect: stp_root`: every instance's root is (or is not) this bridge. Without
    it: the root of each instance is the one of the previous inspection."""
    instances: list[StpInstance] = ctx.data("stp")
    expected = ctx.params["expected_root"]
    levels = ctx.resolved.levels
    if expected is not None:
        if not instances and expected:
            shown = Phrase("check.stp_off_but_root")
            return Outcome([Hit("stp", False, shown, severity=levels["not_as_designed"])], shown)
        hits = [Hit(i.instance, i.is_root,
                    Phrase("check.stp_not_root" if expected else "check.stp_is_root",
                           instance=_instance(i), root=i.root_id or "-"),
                    keywords=("root",), severity=levels["not_as_designed"])
                for i in instances if i.is_root is not None and i.is_root is not bool(expected)]
        return Outcome(hits, Phrase("check.stp_root_as_designed", n=len(instances)))
    before = _previous_stp(ctx)
    if before is None:
        raise NotChecked(Phrase("check.no_previous_run"), "no_baseline")
    roots = {i.instance: i.root_id for i in before}
    hits = [Hit(i.instance, i.root_id,
                Phrase("check.stp_root_changed", instance=_instance(i), before=roots[i.instance],
                       now=i.root_id),
                keywords=("root",), severity=levels["changed"])
            for i in instances
            if roots.get(i.instance) and i.root_id and roots[i.instance] != i.root_id]
    return Outcome(hits, Phrase("check.stp_root_unchanged", n=len(instances)))


def topology_changes(ctx: Context) -> Outcome:
    """The topology-change count's growth per instance since the previous inspection, graded
    by the rule's thresholds. A count lower than last time was reset (a reboot): the current
    count is then all growth."""
    before: list[StpInstance] = ctx.previous_data("stp")
    now: list[StpInstance] = ctx.data("stp")
    counted = [i for i in now if i.topology_changes is not None]
    if now and not counted:
        raise NotChecked(Phrase("check.no_tc_count"))
    old = {i.instance: i.topology_changes for i in before}
    hits = []
    for inst in counted:
        current = inst.topology_changes or 0
        previous = old.get(inst.instance)
        if previous is None:
            continue
        growth = current - previous if current >= previous else current
        if growth > 0:
            hits.append(Hit(inst.instance, growth,
                            Phrase("check.tc_growth", instance=_instance(inst), delta=growth,
                                   before=previous, now=current),
                            keywords=("topology change", "TC")))
    return Outcome(hits, Phrase("check.tc_summary", n=len(counted)))


def lag_members(ctx: Context) -> Outcome:
    """Members of a bundle that are configured but not selected (not carrying traffic)."""
    lags: list[Lag] = ctx.data("lag")
    severity = ctx.resolved.levels["unselected"]
    hits = [Hit(m.name, m.state, Phrase("check.lag_member_unselected", lag=lag.name,
                                        member=m.name, state=m.state or "-"),
                anchor=m.name, keywords=(m.state or "",), severity=severity)
            for lag in lags for m in lag.members if not m.selected]
    if not lags:
        return Outcome(hits, Phrase("check.no_lag"))
    return Outcome(hits, Phrase("check.lag_selected", n=len(lags)))


def _minimum(lag: Lag, designed: dict[str, int]) -> int | None:
    wanted = next((int(n) for name, n in designed.items()
                   if interface_key(name) == interface_key(lag.name)), None)
    return wanted if wanted is not None else lag.min_links


def lag_minimum(ctx: Context) -> Outcome:
    """Bundles with fewer selected members than their minimum (`expect: lag_min_members`,
    else the device's own least-active setting), and bundles that are down."""
    lags: list[Lag] = ctx.data("lag")
    designed = {str(k): int(v) for k, v in dict(ctx.params["expected_min_members"]).items()}
    levels = ctx.resolved.levels
    hits = []
    for lag in lags:
        selected = sum(1 for m in lag.members if m.selected)
        minimum = _minimum(lag, designed)
        if minimum is not None and selected < minimum:
            hits.append(Hit(lag.name, selected,
                            Phrase("check.lag_below_minimum", lag=lag.name, selected=selected,
                                   minimum=minimum),
                            anchor=lag.name, keywords=("status", "selected", "up"),
                            severity=levels["below_minimum"]))
        elif lag.oper_up is False:
            hits.append(Hit(lag.name, "down", Phrase("check.lag_down", lag=lag.name),
                            anchor=lag.name, keywords=("down",), severity=levels["down"]))
    missing = [name for name in designed
               if not any(interface_key(name) == interface_key(lag.name) for lag in lags)]
    hits += [Hit(name, "absent", Phrase("check.lag_absent", lag=name), anchor=name,
                 severity=levels["below_minimum"]) for name in missing]
    if not lags and not missing:
        return Outcome(hits, Phrase("check.no_lag"))
    return Outcome(hits, Phrase("check.lag_minimum_ok", n=len(lags)))
