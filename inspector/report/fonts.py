"""Finding a font that can draw Chinese, before WeasyPrint silently draws empty boxes.

WeasyPrint (through pango/fontconfig) renders missing glyphs as boxes without any error,
so the report asks fontconfig itself which installed families cover Chinese.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

from inspector.report.errors import ReportError

# Families we prefer, best first; any other family fontconfig lists for zh also works.
PREFERRED_CJK = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
    "Sarasa Gothic SC",
)
LATIN = ("Noto Sans", "DejaVu Sans", "Liberation Sans")
INSTALL_HINT = (
    "no font with Chinese glyphs is installed, so the PDF would show empty boxes. Install "
    "one, e.g. `sudo apt install fonts-noto-cjk` (Debian/Ubuntu), `sudo dnf install "
    "google-noto-sans-cjk-fonts` (Fedora/RHEL) or `sudo apk add font-noto-cjk` (Alpine); "
    "or write HTML only (--format html)."
)
_SAFE_NAME = re.compile(r"^[\w .\-]+$")


@cache
def cjk_families() -> tuple[str, ...]:
    """Installed families covering Chinese, preferred ones first (empty: none)."""
    names: set[str] = set()
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True,
                                 text=True, timeout=30, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        names = {n.strip() for line in out.splitlines() for n in line.split(",") if n.strip()}
    else:
        names = _matplotlib_cjk()
    names = {n for n in names if _SAFE_NAME.match(n)}
    preferred = [n for n in PREFERRED_CJK if n in names]
    return tuple(preferred + sorted(names - set(preferred)))


def _matplotlib_cjk() -> set[str]:
    # Without fc-list (no fontconfig tools), matplotlib's own font scan is the next best view.
    from matplotlib import font_manager  # noqa: PLC0415 - only needed on this fallback path

    hints = ("CJK", "Han Sans", "WenQuanYi", "YaHei", "PingFang", "Hei", "Song")
    return {f.name for f in font_manager.fontManager.ttflist if any(h in f.name for h in hints)}


def require_cjk() -> str:
    """The best CJK family, or a ReportError saying how to install one."""
    families = cjk_families()
    if not families:
        raise ReportError(INSTALL_HINT)
    return families[0]


def css_stack() -> str:
    """The CSS font-family list for body text.

    The CJK family comes first in both languages: its Latin glyphs are cleaner than
    DejaVu's, and one family keeps mixed Chinese/English lines even. Names were checked
    against _SAFE_NAME, so quoting them cannot break out of the CSS rule.
    """
    return _quoted([*cjk_families()[:1], *LATIN]) + ", sans-serif"


def css_mono_stack() -> str:
    """The CSS font-family list for command output (monospace, CJK-capable)."""
    monos = [n for n in cjk_families() if "Mono" in n]
    # Prefer the Simplified Chinese cut: HK/TC/JP cuts draw some characters differently.
    mono_cjk = sorted(monos, key=lambda n: (not n.endswith(" SC"), n))[:1]
    return _quoted(["DejaVu Sans Mono", "Liberation Mono", *mono_cjk, *cjk_families()[:1]]) \
        + ", monospace"


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def has_cjk(text: str) -> bool:
    return re.search(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]", text) is not None
