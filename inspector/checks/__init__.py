"""Inspection checks: the engine, the built-in rule pack (rules.yaml) and the code checks.

    rules = load_rules(user_file)            # RuleError on a bad file (names file, line, field)
    findings = run_checks(results, outputs, rules, previous=..., overrides=...)

docs/rules.md lists every check, its thresholds and how to override them.
"""

from inspector.checks.engine import run_checks
from inspector.checks.loader import load_rules, parse_overrides
from inspector.checks.rules import Overrides, Rule, RuleError, RuleSet

__all__ = ["Overrides", "Rule", "RuleError", "RuleSet", "load_rules", "parse_overrides",
           "run_checks"]
