"""Turning values into report text in the report's language ("—" for unknown)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from inspector.catalog import Term, render
from inspector.reasons import reason as said_reason
from inspector.report.i18n import Translator
from inspector.vocabulary import role_of

DASH = "—"
_SIZE_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


class Formatter:
    def __init__(self, t: Translator) -> None:
        self.t = t

    def text(self, value: object) -> str:
        if value is None or value == "":
            return DASH
        return str(value)

    def clip(self, value: str | None, limit: int) -> str:
        if not value:
            return DASH
        return value if len(value) <= limit else value[: limit - 1] + "…"

    def num(self, value: float | None) -> str:
        if value is None:
            return DASH
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,.1f}"
        return f"{int(value):,}"

    def pct(self, value: float | None) -> str:
        return DASH if value is None else f"{value:.1f}%".replace(".0%", "%")

    def reading(self, value: float | None, unit: str | None) -> str:
        if value is None:
            return DASH
        unit = {"C": "°C", "celsius": "°C", "F": "°F", "%RH": "%RH"}.get(unit or "", unit or "")
        return f"{self.num(value)} {unit}".strip()

    def size(self, value: int | None) -> str:
        if value is None:
            return DASH
        size, unit = float(value), 0
        while size >= 1024 and unit < len(_SIZE_UNITS) - 1:
            size, unit = size / 1024, unit + 1
        return f"{size:.1f} {_SIZE_UNITS[unit]}" if unit else f"{value} B"

    def duration(self, seconds: int | None) -> str:
        if seconds is None:
            return DASH
        days, rest = divmod(int(seconds), 86400)
        hours, rest = divmod(rest, 3600)
        if days:
            return self.t("unit.days_hours", days=days, hours=hours)
        return self.t("unit.hours_minutes", hours=hours, minutes=rest // 60)

    def role(self, role: str) -> str:
        """A role in the report's language: 核心 and core are one role; a role written as a
        kind word (服务器, UPS) is named as that kind; an unknown word stays as written."""
        if not role:
            return self.t("role.none")
        canonical = role_of(role)
        if canonical is None:
            return role
        keys = (f"role.{canonical}", f"role.{role}", f"kind.{canonical}")
        return next((self.t(key) for key in keys if self.t.get(key, "")), role)

    def kind(self, kind: str) -> str:
        return self.t.get(f"kind.{kind}", kind) if kind else self.t("kind.none")

    def platform(self, platform: str) -> str:
        """A platform as customers name it (华为 VRP); an unknown one as written."""
        return self.t.get(f"platform.{platform}", platform)

    def term(self, group: str, word: str | None) -> str:
        """An enumerated word (a UPS state, a part's status) in the report's language."""
        return DASH if not word else render(Term(group, word), self.t.lang)

    def reason(self, text: str | None) -> str:
        """Why a device or a family gave nothing, in the report's language."""
        return render(said_reason(text), self.t.lang) if text else DASH

    def yes_no(self, value: bool | None) -> str:
        return DASH if value is None else self.t("common.yes" if value else "common.no")

    def time(self, moment: datetime | None, zone: str) -> str:
        """A moment in the report's time zone, with the zone's name ("2026-09-21 14:03
        （北京时间）"): never a bare UTC offset the customer has to convert."""
        if moment is None:
            return DASH
        local = moment.astimezone(ZoneInfo(zone))
        return self.t("time.at", time=f"{local:%Y-%m-%d %H:%M}",
                      zone=self.t.get(f"zone.{zone}", zone))

    def range(self, low: float | None, high: float | None) -> str:
        """A threshold band such as "18–27", "≤ 27" or "≥ 18"."""
        if low is not None and high is not None:
            return f"{self.num(low)}–{self.num(high)}"
        if high is not None:
            return f"≤ {self.num(high)}"
        if low is not None:
            return f"≥ {self.num(low)}"
        return DASH
