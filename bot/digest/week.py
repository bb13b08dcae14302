"""ISO weeks ("2026-W47"), the key a weekly digest is known and posted by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.setting_values import quoted

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


class WeekError(ValueError):
    """A week that is malformed or does not exist; the message says which."""


@dataclass(frozen=True, order=True)
class Week:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        match = _WEEK.fullmatch((text or "").strip())
        if not match:
            raise WeekError(f"a week must look like 2026-W47 (ISO year and week number), got {quoted(text)}")
        year, number = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise WeekError(f"{year} has no week {number}") from None
        return cls(year, number)

    @classmethod
    def of(cls, moment: date | datetime) -> Week:
        """The ISO week a date, or a datetime in its own time zone, falls in."""
        year, number, _ = moment.isocalendar()
        return cls(year, number)

    def day(self, weekday: int) -> date:
        """The date of this week's day `weekday` (1 is Monday, 7 is Sunday)."""
        return date.fromisocalendar(self.year, self.number, weekday)

    def previous(self) -> Week:
        return Week.of(self.day(1) - timedelta(days=7))

    def next(self) -> Week:
        return Week.of(self.day(1) + timedelta(days=7))

    @property
    def ordinal(self) -> int:
        """Weeks since 0001-W01: consecutive weeks have consecutive ordinals."""
        return (self.day(1).toordinal() - 1) // 7

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"
