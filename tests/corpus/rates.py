"""Per platform × command, how the corpus's real outputs parse: ok (every family the command
feeds parses ok and agrees with the publisher's expected records), partial (some do), failed
(none does); and the commands the corpus holds that no platform file claims.

The corpus tier (test_corpus_gate.py) asserts on it; run as a script to look at the misses,
optionally after a capture form (tests/capture_forms.py) is applied to every sample:

    python -m tests.corpus.rates [--platform P] [--form NAME|all] [--misses]

Reads ../shared/corpus; writes nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from inspector.parsing.parse import Parsed, parse
from inspector.parsing.platforms import get_platform
from tests.capture_forms import FORMS, LOSSY_FORMS, Captured, prompt_of
from tests.conftest import CORPUS
from tests.corpus.expected import plausibility_problems, value_problems

PLATFORMS = ("cisco_ios", "huawei_vrp", "hp_comware", "cisco_nxos", "ruijie_os")
GATE = 0.97
# Samples that hold no data of the family by the device's doing, each read as such (a
# `failed` family with its reason) and counted apart from the rate.
NOT_OUTPUTS = {
    "napalm__ios_get_environment_temp_cmd_fail.raw": "the device rejected the command",
    "napalm__ios_get_environment_ios_xe.raw": "the device rejected `show memory statistics`",
    "genieparser-ios__golden_output_1.raw": "`| include process` kept no CPU total line",
    "genieparser-iosxe__golden_output_17.raw": "buffered logging disabled: no log buffer",
}
# How an outcome is counted: in the rate, or apart (not an output of the whole command).
IN_RATE = ("ok", "partial", "failed")


@dataclass(frozen=True)
class Sample:
    platform: str
    typed: str  # the command as echoed at the sample's top, else its folder's name
    command: str | None  # the full command of ours it stands for; None: not claimed
    raw: Path

    def text(self) -> str:
        return self.raw.read_text(encoding="utf-8", errors="replace")


@dataclass
class Outcome:
    sample: Sample
    status: str  # ok / partial / failed; apart: rejected / filtered / no data
    problems: list[str] = field(default_factory=list)


def _echoed(platform: str, text: str) -> str | None:
    """The command typed at the top of a sample (after the device's prompt), if any."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    prompt = re.match(get_platform(platform).prompt_pattern, first)
    return first[prompt.end():].strip() or None if prompt else None


def samples(platform: str) -> Iterator[Sample]:
    """Every single-command output the corpus holds for `platform` (session logs and
    NAPALM results aside: their own tiers read them)."""
    definition = get_platform(platform)
    for folder in sorted((CORPUS / platform).glob("*")):
        if not folder.is_dir() or folder.name.startswith("_"):
            continue
        for raw in sorted(folder.glob("*.raw")):
            typed = _echoed(platform, raw.read_text(encoding="utf-8", errors="replace"))
            typed = typed or folder.name.replace("_", " ")
            yield Sample(platform, typed, definition.resolve(typed), raw)


def _apart(results: list[Parsed], sample: Sample) -> str | None:
    """Why the sample is not an output of the whole command, when it is not."""
    if all(r.status == "failed" for r in results):
        if all(r.rejected for r in results):
            return "rejected"
        if all(r.filtered for r in results):
            return "filtered"
        if sample.raw.name in NOT_OUTPUTS:
            return "no data"
    return None


def _verdict(results: list[Parsed], sample: Sample) -> Outcome:
    problems = [f"{r.family}: {r.reason}" for r in results if r.status != "ok"]
    problems += [f"{r.family}: {p}" for r in results
                 for p in value_problems(r, sample.raw) + plausibility_problems(r)]
    apart = _apart(results, sample)
    if apart is not None:
        return Outcome(sample, apart, problems)
    good = [r for r in results if r.status == "ok" and not value_problems(r, sample.raw)
            and not plausibility_problems(r)]
    status = "ok" if len(good) == len(results) else "partial" if good else "failed"
    return Outcome(sample, status, problems)


def measure(sample: Sample, form: str | None = None) -> Outcome:
    """How `sample` parses (after capture form `form`, when one is named)."""
    assert sample.command is not None
    text = sample.text()
    if form is not None:
        prompt = prompt_of(sample.platform) or ""
        captured = Captured(text.strip("\r\n"), sample.typed, prompt)
        text = (FORMS | LOSSY_FORMS)[form](captured)
    results = parse(sample.platform, sample.typed, text)
    if not results:
        return Outcome(sample, "failed", ["the command fed no family"])
    return _verdict(results, sample)


@dataclass
class Rates:
    """Outcome counts per (platform, command), the misses, and the unclaimed commands."""

    counts: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))
    misses: list[Outcome] = field(default_factory=list)
    apart: list[Outcome] = field(default_factory=list)
    unclaimed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, outcome: Outcome) -> None:
        sample = outcome.sample
        assert sample.command is not None
        self.counts[sample.platform, sample.command][outcome.status] += 1
        if outcome.status not in IN_RATE:
            self.apart.append(outcome)
        elif outcome.status != "ok":
            self.misses.append(outcome)

    @property
    def unexplained(self) -> list[str]:
        """Failures without a reason (a failure must always say why)."""
        return [f"{o.sample.raw}" for o in self.misses + self.apart if not all(o.problems)]

    def rate(self, key: tuple[str, str]) -> float | None:
        counts = self.counts[key]
        total = sum(counts[s] for s in IN_RATE)
        return counts["ok"] / total if total else None

    def below(self, gate: float = GATE) -> dict[str, str]:
        return {f"{p} `{c}`": self._fraction((p, c)) for p, c in self.counts
                if (rate := self.rate((p, c))) is not None and rate < gate}

    def _fraction(self, key: tuple[str, str]) -> str:
        counts = self.counts[key]
        return f"{counts['ok']}/{sum(counts[s] for s in IN_RATE)}"

    def _row(self, key: tuple[str, str]) -> str:
        counts, rate = self.counts[key], self.rate(key)
        apart = sum(counts.values()) - sum(counts[s] for s in IN_RATE)
        shown = "     -" if rate is None else f"{rate:6.1%}"
        return (f"  {key[1]:<44} {counts['ok']:>3} {counts['partial']:>3} {counts['failed']:>3}"
                f" {apart:>3}  {shown}")

    def report(self, misses: bool = True) -> str:
        lines = []
        for platform in sorted({p for p, _ in self.counts} | set(self.unclaimed)):
            lines.append(f"corpus {platform}: ok / partial / failed / apart per command, "
                         "ok rate")
            lines += [self._row(key) for key in sorted(self.counts) if key[0] == platform]
            lines += [f"  not claimed: {typed}" for typed in sorted(self.unclaimed[platform])]
        shown = self.misses if misses else []
        for outcome in [*shown, *self.apart]:
            where = f"{outcome.sample.raw.parent.name}/{outcome.sample.raw.name}"
            for problem in outcome.problems:
                lines.append(f"    {outcome.status} {where}: {problem[:200]}")
        return "\n".join(lines)


def measure_all(platforms: tuple[str, ...] = PLATFORMS, form: str | None = None) -> Rates:
    rates = Rates()
    for platform in platforms:
        for sample in samples(platform):
            if sample.command is None:
                rates.unclaimed[platform].add(sample.typed)
            else:
                rates.add(measure(sample, form))
    return rates


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--platform", action="append", choices=PLATFORMS)
    options.add_argument("--form", help=f"a capture form, or all: {', '.join(FORMS)}; "
                         f"or a lossy one: {', '.join(LOSSY_FORMS)}")
    options.add_argument("--misses", action="store_true", help="list every miss")
    args = options.parse_args(argv)
    chosen = tuple(args.platform or PLATFORMS)
    forms = [None] if args.form is None else list(FORMS) if args.form == "all" else [args.form]
    for form in forms:
        rates = measure_all(chosen, form)
        total = sum(sum(c.values()) for c in rates.counts.values())
        ok = sum(c["ok"] for c in rates.counts.values())
        print(f"== form {form or 'as published'}: {ok}/{total} ok")
        if args.form is None or args.form != "all" or args.misses:
            print(rates.report(misses=args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
