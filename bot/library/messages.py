"""The words of a reply about the lessons as documents (`bot.library.reply`)."""

from __future__ import annotations

MORE = "… and {} more"


def document_line(title: str, publisher: str, published: str, url: str) -> str:
    """• Title · publisher · date: link"""
    parts = " · ".join(p for p in (title, publisher, published or "undated") if p)
    return f"• {parts}" + (f": {url}" if url else " (no link recorded)")


def links_lead(count: int, named: bool) -> str:
    if named:
        return "The lesson you name, in full:" if count == 1 else f"The {count} lessons you name, in full:"
    return ("The lesson that answers it, in full:" if count == 1
            else f"The {count} lessons that answer it, in full:")


def which_document(count: int) -> str:
    return f"Which one? The {count} lessons peerbot answers from, newest first:"


def of_year(year: str, count: int, total: int) -> str:
    return f"Lessons dated {year} ({count} of {total}):"


def none_of_year(year: str) -> str:
    return f"No lesson is dated {year}. The lessons, newest first:"


def by_date(count: int) -> str:
    return f"The {count} lessons peerbot answers from, newest first:"


def dates_of(count: int) -> str:
    return "The lesson you name, with its date:" if count == 1 else f"The {count} lessons you name, with their dates:"


def span_of(period: str) -> str:
    """The lead of the dates of a named lesson's work, when its date is a period ("" when several are named)."""
    return (f"The lesson you name dates its work {period}:" if period
            else "The lessons you name date their work as follows:")


def by_publisher(body: str, count: int) -> str:
    return f"Lessons published by {body} ({count}):"


def none_by(body: str, publishers: str) -> str:
    return f"No lesson is published by {body}. The lessons come from {publishers}:"


def publishers_lead(publishers: str) -> str:
    return f"The lessons come from {publishers}:"


def publisher_count(publisher: str, count: int) -> str:
    return f"{publisher} ({count})"


def joined(parts: list[str]) -> str:
    """"a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
