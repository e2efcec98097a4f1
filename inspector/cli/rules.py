"""`inspector rules list` and `inspector rules show ID`: the checks and their settings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from inspector.checks.engine import threshold_text
from inspector.checks.loader import load_rules
from inspector.checks.rules import SEVERITIES, Overrides, Resolved, RuleSet
from inspector.cli.common import command_group
from inspector.errors import ConfigurationError
from inspector.model import Device
from inspector.shown import plain, shown

rules_app = command_group("The inspection checks, their thresholds and overrides.")

RulesOption = Annotated[Path | None, typer.Option(
    "--rules", help="A rule file whose settings apply on top of the built-in pack.",
    exists=True, dir_okay=False)]


@rules_app.command("list")
def list_rules(rules_file: RulesOption = None) -> None:
    """Every check: id, category, families, thresholds (with the rule file applied)."""
    rules = load_rules(rules_file)
    table = Table("id", "category", "families", "thresholds / levels", "on")
    for rule in rules.rules:
        resolved = rules.resolve(rule)
        category = rules.categories[rule.category]
        table.add_row(*(shown(cell) for cell in (
            rule.id, f"{category.en} / {category.zh}", ", ".join(rule.families) or "-",
            threshold_text(resolved) or "-", "yes" if resolved.enabled else "no")))
    Console(width=160, emoji=False).print(table)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def describe(resolved: Resolved, rules: RuleSet) -> list[str]:
    """The lines `rules show` prints: what the rule is, and each setting with its origin."""
    rule = resolved.rule
    category = rules.categories[rule.category]
    lines = [
        f"{rule.id}  —  {rule.title.en} / {rule.title.zh}",
        f"category: {rule.category} ({category.en} / {category.zh})",
        f"families: {', '.join(rule.families) or '-'}"
        + (" (any one is enough)" if rule.needs == "any" and len(rule.families) > 1 else ""),
        f"kind: {rule.kind} ({rule.metric or rule.function}"
        + (f", compare {rule.compare}" if rule.compare else "") + ")",
    ]
    if rule.kinds:
        lines.append(f"applies to kinds: {', '.join(rule.kinds)}")
    if rule.exclude_kinds:
        lines.append(f"not for kinds: {', '.join(rule.exclude_kinds)}")
    if rule.roles:
        lines.append(f"applies to roles: {', '.join(rule.roles)}")
    if rule.exclude_roles:
        lines.append(f"not for roles: {', '.join(rule.exclude_roles)}")
    lines.append(f"enabled: {_value(resolved.enabled)}  [{resolved.origin('enabled')}]")
    for severity in SEVERITIES:
        if severity in resolved.thresholds or severity.value in resolved.origins:
            shown = _value(resolved.thresholds.get(severity, "off"))
            lines.append(f"threshold {severity.value}: {shown}{rule.unit and ' ' + rule.unit}"
                         f"  [{resolved.origin(severity.value)}]")
    for name, level in resolved.levels.items():
        lines.append(f"level {name}: {level.value}  [{resolved.origin(name)}]")
    for name, value in resolved.params.items():
        lines.append(f"param {name}: {_value(value)}  [{resolved.origin(name)}]")
    lines += [f"message: {rule.message.en}", f"消息: {rule.message.zh}",
              f"recommendation: {rule.recommendation.en}", f"建议: {rule.recommendation.zh}"]
    return lines


@rules_app.command("show")
def show_rule(
    check_id: Annotated[str, typer.Argument(help="A check id, e.g. cpu.utilization.")],
    rules_file: RulesOption = None,
    group: Annotated[list[str] | None, typer.Option(
        "--group", help="Resolve for a device in these groups (repeatable).")] = None,
    device: Annotated[str | None, typer.Option(
        "--device", help="Resolve for this device name (its rule-file overrides).")] = None,
) -> None:
    """One check in full, each threshold with where it came from (default, rule file,
    group, device)."""
    rules = load_rules(rules_file)
    try:
        rule = rules.get(check_id)
    except KeyError:
        raise ConfigurationError(
            f"unknown check id {check_id!r}; see `inspector rules list`") from None
    target = None
    if group or device:
        target = Device(name=device or "(any device)", platform="", groups=group or [])
    resolved = rules.resolve(rule, target, Overrides())
    for line in describe(resolved, rules):
        typer.echo(plain(line))
