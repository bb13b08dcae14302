"""Which documents answer a question about the lessons as documents, and the reply listing them (pure, over
the index's `DocumentInfo`): `library_reply`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from bot.library import messages
from bot.library.asks import OF_THE_LIBRARY, LibraryAsk
from bot.library.whole import whole_reply
from index import DocumentInfo

MAX_LISTED = 10  # documents one reply lists; the rest are counted
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RANGE = re.compile(r"\b((?:19|20)\d\d)\b[^0-9]{1,20}?(?:–|—|-|\bto\b|\buntil\b)[^0-9]{0,20}?\b((?:19|20)\d\d)\b")


def library_reply(question: str, ask: LibraryAsk, documents: Sequence[DocumentInfo], named: Sequence[str],
                  nearest: Sequence[str], enabler_names: Mapping[str, str]) -> str:
    """The reply to `ask`, what `question` asks: the documents it asks for, one line each (title, publisher, date, link). `named`:
    the ids of the documents the question names (a trust, an alias); `nearest`: those of its search's best
    passages, in order (what "the full report" means when it names none); `enabler_names`: each enabler's id ->
    its name. "" when the lessons' dates do not answer it (a period asked of a lesson dated by its publication
    only), or for a body's work when the body is one the lessons tell of, not a publisher ("NELFT's work")."""
    by_id = {d.id: d for d in documents}
    newest = sorted(documents, key=_recency, reverse=True)
    if ask.kind in OF_THE_LIBRARY:
        return whole_reply(ask, documents, newest, enabler_names)
    if ask.kind == "span":  # the dates of the work a named lesson tells of, when its date is a period; "" else
        spanned = [d for d in newest if d.id in named and _RANGE.search(d.published)]
        return _listed(messages.span_of(spanned[0].published if len(spanned) == 1 else ""), spanned) if spanned else ""
    if ask.kind == "link":
        chosen = [by_id[i] for i in dict.fromkeys(named or nearest) if i in by_id]
        if not chosen:
            return _listed(messages.which_document(len(documents)), newest)
        return _listed(messages.links_lead(len(chosen), bool(named)), chosen)
    if ask.kind == "date":
        if ask.year:
            dated = [d for d in newest if ask.year in years(d.published)]
            if dated:
                return _listed(messages.of_year(ask.year, len(dated), len(documents)), dated)
            return _listed(messages.none_of_year(ask.year), newest)
        if named:
            return _listed(messages.dates_of(len(named)), [d for d in newest if d.id in named])
        return _listed(messages.by_date(len(documents)), newest)
    counts = Counter(d.publisher for d in documents if d.publisher)
    publishers = messages.joined([messages.publisher_count(p, n) for p, n in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]) or "no named publisher"
    asked = named_publisher(question, documents) or _publisher(ask.body, counts)
    if asked:
        return _listed(messages.by_publisher(asked, counts[asked]), [d for d in newest if d.publisher == asked])
    if ask.work and _told_of(ask.body, documents):
        return ""
    if ask.body:
        return _listed(messages.none_by(ask.body, publishers), newest)
    return _listed(messages.publishers_lead(publishers), newest)


def named_publisher(question: str, documents: Sequence[DocumentInfo]) -> str:
    """The lessons' publisher `question` names, as the lessons write it ("" when it names none)."""
    return next((p for p in sorted({d.publisher for d in documents if d.publisher}, key=len, reverse=True)
                 if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", question, re.IGNORECASE)), "")


def years(published: str) -> set[str]:
    """The years a document's date gives, a range's years between included ("June 2022 – March 2024")."""
    found = set(_YEAR.findall(published or ""))
    for start, end in _RANGE.findall(published or ""):
        found |= {str(y) for y in range(int(start), int(end) + 1)} if int(end) - int(start) <= 20 else set()
    return found


def _recency(document: DocumentInfo) -> tuple[str, str]:
    return max(years(document.published), default=""), document.published


def _told_of(body: str, documents: Sequence[DocumentInfo]) -> bool:
    """Whether a document's front matter names `body` (an organisation, alias or region, as whole words)."""
    name = re.escape(re.sub(r"^the\s+", "", body, flags=re.IGNORECASE))
    plain = re.compile(rf"(?<!\w){name}(?!\w)", re.IGNORECASE)
    return any(plain.search(name) for d in documents for name in (*d.organisations, *d.aliases, d.region))


def _publisher(body: str, counts: Counter) -> str:
    plain = re.sub(r"^the\s+", "", body, flags=re.IGNORECASE).lower()
    return next((p for p in counts if plain and p.lower() == plain), "")


def _listed(lead: str, documents: Sequence[DocumentInfo]) -> str:
    lines = [messages.document_line(d.title, d.publisher, d.published, d.url) for d in documents[:MAX_LISTED]]
    if len(documents) > MAX_LISTED:
        lines.append(messages.MORE.format(len(documents) - MAX_LISTED))
    return "\n".join([lead, *lines])
