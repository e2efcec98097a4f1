"""Fixed report text, from the message catalogs (``templates/i18n/<lang>.yaml``, read by
inspector/catalog.py, which also says what the checks found).

Templates never hold wording: they ask ``t("summary.title")``. A missing key is an error
(a report with a raw key in it is worse than no report), and a test keeps the languages'
key sets identical.
"""

from __future__ import annotations

from typing import Any

from inspector import catalog
from inspector.report.errors import ReportError

I18N_DIR = catalog.CATALOG_DIR
LANGUAGES = catalog.LANGUAGES


def load_messages(lang: str) -> dict[str, str]:
    """The flat ``dotted.key -> text`` table of one language (read once per process)."""
    if lang not in LANGUAGES:
        raise ReportError(f"unknown report language {lang!r}; known: {', '.join(LANGUAGES)}")
    return catalog.load_messages(lang)


class Translator:
    """``t("level.critical")`` -> "一级"; ``t("x", n=3)`` fills ``{n}`` placeholders."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.messages = load_messages(lang)

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise KeyError(f"no text {key!r} in {self.lang}.yaml") from None
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The text for `key`, or `default` (for open-ended keys such as check categories)."""
        return self.messages.get(key, default)
