"""What of a running configuration is kept, and what a diff compares.

Kept: the configuration as the device printed it, with every secret masked twice over: the
shared redaction (the process's known secrets, secret-shaped configuration lines), then the
patterns of `secrets.yaml` and of the platform's `archive.secrets`, which know the lines the
shared redaction cannot tell by shape. Compared: the kept lines without the platform's
volatile ones (a timestamp, a byte count) and without trailing blanks.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from inspector import safeyaml
from inspector.errors import ConfigurationError
from inspector.once import once
from inspector.parsing.archive import Archive
from inspector.redact import MASK, redact

COMMON_SECRETS = Path(__file__).with_name("secrets.yaml")


@once
def common_patterns() -> tuple[re.Pattern[str], ...]:
    """The secret patterns every platform shares (loaded once, validated as a platform's)."""
    raw = safeyaml.load_file(COMMON_SECRETS)
    try:
        archive = Archive.model_validate({"command": "-", "secrets": raw["secrets"]})
    except (TypeError, KeyError, ValueError) as exc:
        raise ConfigurationError(f"{COMMON_SECRETS}: invalid secret patterns: {exc}") from exc
    return _compiled(tuple(archive.secrets))


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.MULTILINE | re.IGNORECASE) for p in patterns)


def _mask(match: re.Match[str]) -> str:
    start, end = match.span("secret")
    whole = match.group(0)
    offset = match.start()
    return whole[: start - offset] + MASK + whole[end - offset:]


def mask_config(text: str, archive: Archive | None) -> str:
    """`text` with every secret masked (see the module's docstring)."""
    masked = redact(text)
    own = _compiled(tuple(archive.secrets)) if archive is not None else ()
    for pattern in (*own, *common_patterns()):
        masked = pattern.sub(_mask, masked)
    return masked


def comparable(text: str, archive: Archive | None) -> list[str]:
    """The lines a diff compares: volatile lines dropped, trailing blanks stripped."""
    volatile = _compiled(tuple(archive.volatile)) if archive is not None else ()
    return [line.rstrip() for line in text.splitlines()
            if not any(p.search(line) for p in volatile)]
