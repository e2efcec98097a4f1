"""Audit the locked dependencies against PyPI's vulnerability data (`make audit`).

For each pin of requirements.lock, PyPI's JSON API lists the advisories (from OSV) known
for that release: `/pypi/NAME/VERSION/json`, the data pip-audit's default service reads.
Where an index serves only the project page (`/pypi/NAME/json`: the latest release's
advisories), a pin equal to the latest release is checked from that page; an older pin
cannot be, and is reported as unverified (`make lock` moves the pins forward).

Exceptions live in audit-exceptions.yaml: the advisory, the package, why it does not
apply to this project, and the date by which it must be looked at again.

Exit codes: 0 no advisory without a valid exception; 1 an advisory, an expired or unused
exception, or (with --strict) an unverified pin; 3 no vulnerability data could be read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
INDEX = os.environ.get("INSPECTOR_AUDIT_INDEX", "https://pypi.org/pypi")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


@dataclass
class Finding:
    package: str
    version: str
    checked: str = ""  # "release" or "project page"; empty when it could not be
    advisories: list[dict[str, Any]] = field(default_factory=list)
    problem: str = ""  # why it could not be checked


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> list[tuple[str, str]]:
    pins = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text or text.startswith("-"):
            continue
        match = _PIN.match(text)
        if match is None:
            raise SystemExit(f"{path}:{number}: expected NAME==VERSION, got {text!r}")
        pins.append((canonical(match[1]), match[2]))
    return pins


def read_exceptions(path: Path) -> dict[str, dict[str, Any]]:
    """Advisory id -> its exception; every field is required."""
    if not path.exists():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SystemExit(f"{path}: expected a list of entries (id, package, reason, "
                         "review_by)")
    found = {}
    for number, entry in enumerate(entries, 1):
        missing = {"id", "package", "reason", "review_by"} - set(entry)
        if missing:
            raise SystemExit(f"{path}: exception {number}: missing {', '.join(sorted(missing))}")
        found[str(entry["id"])] = entry
    return found


def _get(url: str) -> dict[str, Any] | None:
    """The JSON at `url`, or None when the index has no such page."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - https only
            return json.load(answer)  # type: ignore[no-any-return]
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def check(package: str, version: str) -> Finding:
    finding = Finding(package, version)
    try:
        release = _get(f"{INDEX}/{package}/{version}/json")
        if release is not None:
            finding.checked = "release"
            finding.advisories = release.get("vulnerabilities") or []
            return finding
        project = _get(f"{INDEX}/{package}/json")
    except (OSError, ValueError) as exc:
        finding.problem = f"could not be read: {exc}"
        return finding
    if project is None:
        finding.problem = "not on the index"
    elif project["info"]["version"] != version:
        finding.problem = (f"the index gives advisories for the latest release "
                           f"({project['info']['version']}) only")
    else:
        finding.checked = "project page"
        finding.advisories = project.get("vulnerabilities") or []
    return finding


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    parser.add_argument("--exceptions", type=Path, default=ROOT / "audit-exceptions.yaml")
    parser.add_argument("--strict", action="store_true", help="fail on unverified pins too")
    args = parser.parse_args()
    pins = read_lock(args.lock)
    exceptions = read_exceptions(args.exceptions)
    with ThreadPoolExecutor(max_workers=8) as pool:
        findings = list(pool.map(lambda pin: check(*pin), pins))
    if not any(f.checked for f in findings):
        print(f"audit: no vulnerability data could be read from {INDEX}: "
              f"{findings[0].problem if findings else 'empty lock file'}")
        return 3
    failed, used = False, set()
    for finding in findings:
        for advisory in finding.advisories:
            if advisory.get("withdrawn"):
                continue
            ident = advisory["id"]
            names = {ident, *advisory.get("aliases", [])}
            excepted = next((exceptions[n] for n in sorted(names) if n in exceptions), None)
            fixed = ", ".join(advisory.get("fixed_in") or []) or "no fixed release"
            line = f"{finding.package} {finding.version}: {ident} ({fixed})"
            if excepted is None:
                failed = True
                print(f"VULNERABLE {line}: {advisory.get('link', '')}")
                continue
            used.add(str(excepted["id"]))
            if date.fromisoformat(str(excepted["review_by"])) < date.today():
                failed = True
                print(f"EXPIRED    {line}: exception to review since {excepted['review_by']}")
            else:
                print(f"excepted   {line}: {excepted['reason']}")
    checked = {f.package for f in findings if f.checked}
    for ident in sorted(set(exceptions) - used):
        if canonical(str(exceptions[ident]["package"])) not in checked:
            continue  # its package could not be checked: nothing says it is fixed
        failed = True
        print(f"UNUSED     exception {ident}: no locked package has it; remove it")
    unverified = [f for f in findings if not f.checked]
    for finding in unverified:
        print(f"{'UNVERIFIED' if args.strict else 'unverified'} {finding.package} "
              f"{finding.version}: {finding.problem}")
    by_release = sum(f.checked == "release" for f in findings)
    by_project = sum(f.checked == "project page" for f in findings)
    print(f"audit: {len(findings)} locked packages; checked {by_release} by release, "
          f"{by_project} by the project page (pin = latest release), "
          f"{len(unverified)} unverified; "
          f"{'advisories need attention' if failed else 'no advisory without an exception'}")
    return 1 if failed or (args.strict and unverified) else 0


if __name__ == "__main__":
    sys.exit(main())
