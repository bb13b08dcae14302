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
    return f"No lesson is published by {body}; its own website has what it publishes. The lessons come from {publishers}:"


def publishers_lead(publishers: str) -> str:
    return f"The lessons come from {publishers}:"


def publisher_count(publisher: str, count: int) -> str:
    return f"{publisher} ({count})"


def joined(parts: list[str]) -> str:
    """"a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def places_lead(count: int) -> str:
    return f"The collaboratives and places the {count} lessons tell of:"


def place_line(region: str, title: str, url: str) -> str:
    """• Region: title (link)"""
    return f"• {region or 'no region recorded'}: {title}" + (f" ({url})" if url else "")


def enablers_lead(count: int) -> str:
    return (f"The {count} key enablers of provider collaboration peerbot knows, with how many lessons speak to each "
            "(`/enabler NAME` for one's lessons):")


def enabler_line(name: str, lessons: int) -> str:
    return f"• {name} ({lessons} lesson{'' if lessons == 1 else 's'})"


def overview_lead(count: int, oldest: str, newest: str, places: str, enablers: str) -> str:
    """What peerbot knows, in a few lines, above its lessons."""
    dates = f", dated {oldest} to {newest}" if oldest and oldest != newest else f", dated {newest}" if newest else ""
    lines = [f"peerbot answers from {count} lessons on provider collaboratives{dates}."]
    if places:
        lines.append(f"They tell of {places}.")
    if enablers:
        lines.append(f"They speak to the key enablers: {enablers}.")
    lines.append("Ask about a subject for the excerpts that answer it. The lessons:")
    return "\n".join(lines)
