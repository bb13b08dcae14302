"""The digest's settings, checked once: where it goes, and when (a weekly day and time in a zone)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.digest.model import DigestError
from bot.digest.week import Week
from bot.setting_values import SettingsError, quoted
from bot.settings import Settings

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS = {form: i for i, name in enumerate(_DAY_NAMES, 1) for form in (name, name[:3])}
_CHANNEL = re.compile(r"(?:T[A-Z0-9]{2,}:)?[CGD][A-Z0-9]{2,}")  # T…: a workspace peerbot was installed into
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class DigestConfig:
    channels: tuple[str, ...]  # Slack channel ids, each maybe after its workspace's id and a colon
    weekday: int  # 1 is Monday
    at: time
    zone: ZoneInfo

    @classmethod
    def from_settings(cls, settings: Settings) -> DigestConfig:
        return cls(
            channels=_channels(settings.digest_channels),
            weekday=_weekday(settings.digest_day),
            at=_time(settings.digest_time),
            zone=time_zone(settings.digest_timezone),
        )

    @property
    def day(self) -> str:
        """The day as cron writes it: mon ... sun."""
        return _DAY_NAMES[self.weekday - 1][:3]

    def send_time(self, week: Week) -> datetime:
        """When week `week`'s digest is due, in the configured zone."""
        return datetime.combine(week.day(self.weekday), self.at, tzinfo=self.zone)

    def window(self, week: Week) -> tuple[datetime, datetime]:
        """What week `week`'s digest covers: from the previous digest's time up to its own."""
        return self.send_time(week.previous()), self.send_time(week)

    def week_of(self, moment: datetime) -> Week:
        """The week `moment` falls in, in the configured zone."""
        return Week.of(moment.astimezone(self.zone))

    def next_due(self, moment: datetime) -> Week:
        """The week whose digest is due next after `moment`: this week's until its day and time,
        then next week's (so on a Sunday, with a Monday digest, the one due tomorrow)."""
        week = self.week_of(moment)
        return week if self.send_time(week) > moment else week.next()

    def covering(self, now: datetime, week: Week | None = None, since: date | None = None) -> tuple[Week, datetime, datetime]:
        """The week a digest is for and the window it covers: a week's own window (by default the
        current week's, the one `digest --post` sends now), or from the start of day `since` until now."""
        if since is None:
            week = week or self.week_of(now)
            return (week, *self.window(week))
        start = datetime.combine(since, time(0), tzinfo=self.zone)
        if start >= now:
            raise DigestError(f"{since} is not in the past")
        return self.week_of(now), start, now.astimezone(self.zone)

    def describe(self) -> str:
        return f"{self.day.capitalize()} {self.at:%H:%M} {self.zone.key}"


def _channels(raw: str) -> tuple[str, ...]:
    channels = tuple(dict.fromkeys(c.strip() for c in raw.split(",") if c.strip()))
    for channel in channels:
        if not _CHANNEL.fullmatch(channel):
            raise SettingsError(
                "DIGEST_CHANNELS must list Slack channel ids like C0123ABCD (not names), or T0123ABCD:C0123ABCD "
                f"for a channel of a workspace peerbot was installed into, got {quoted(channel)}"
            )
    return channels


def _weekday(raw: str) -> int:
    day = raw.strip().lower()
    if day not in _DAY_NUMBERS:
        raise SettingsError(f"DIGEST_DAY must be a day of the week (mon, tue, wed, thu, fri, sat or sun), got {quoted(raw)}")
    return _DAY_NUMBERS[day]


def _time(raw: str) -> time:
    match = _TIME.fullmatch(raw.strip())
    if not match:
        raise SettingsError(f"DIGEST_TIME must be a 24-hour time like 09:00, got {quoted(raw)}")
    return time(int(match[1]), int(match[2]))


def time_zone(raw: str) -> ZoneInfo:
    """DIGEST_TIMEZONE as a zone: the digest's schedule is in it, and so is the day a date given on
    the command line (`digest --since`, `forget --before`) names."""
    try:
        return ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones ("Europe"), a name too long
        raise SettingsError(f"DIGEST_TIMEZONE must be a time zone name like Europe/London, got {quoted(raw)}") from None
