"""Replies about the library as a whole (pure, over the index's `DocumentInfo` and the enablers' names): the
collaboratives and places its lessons tell of, the key enablers they speak to, and everything at once
(`whole_reply`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from bot.library import messages
from bot.library.asks import LibraryAsk
from index import DocumentInfo


def whole_reply(ask: LibraryAsk, documents: Sequence[DocumentInfo], newest: Sequence[DocumentInfo],
                enabler_names: Mapping[str, str]) -> str:
    """The reply to a question of the library as a whole (`OF_THE_LIBRARY`); `newest`: `documents` newest first;
    `enabler_names`: each enabler's id -> its name, in the taxonomy's order."""
    if ask.kind == "collaboratives":
        return "\n".join([messages.places_lead(len(documents)), *_places(newest)])
    if ask.kind == "dates":
        return "\n".join([messages.by_date(len(documents)),
                          *(messages.document_line(d.title, d.publisher, d.published, d.url) for d in newest)])
    if ask.kind == "enablers":
        return "\n".join([messages.enablers_lead(len(enabler_names)), *_enablers(documents, enabler_names)])
    years = sorted(y for d in documents for y in re.findall(r"\b(?:19|20)\d\d\b", d.published or ""))
    places = list(dict.fromkeys(r.strip() for d in newest for r in d.region.split(";") if r.strip()))
    lead = messages.overview_lead(len(documents), years[0] if years else "", years[-1] if years else "",
                                  messages.joined(places) if places else "",
                                  messages.joined(list(enabler_names.values())) if enabler_names else "")
    lines = [messages.document_line(d.title, d.publisher, d.published, d.url) for d in newest]
    return "\n".join([lead, *lines])


def _places(newest: Sequence[DocumentInfo]) -> list[str]:
    return [messages.place_line(d.region, d.title, d.url) for d in newest]


def _enablers(documents: Sequence[DocumentInfo], enabler_names: Mapping[str, str]) -> list[str]:
    counts = Counter(e for d in documents for e in set(d.enablers))
    return [messages.enabler_line(name, counts[enabler_id]) for enabler_id, name in enabler_names.items()]
