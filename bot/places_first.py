"""A place or collaborative a question names puts its lessons' passages first (pure, made once per answerer from the
documents' front matter): "what did the medical directors do in west yorkshire?" opens with West Yorkshire's
lesson, not another region's passage the search ranked above it. `PlacesFirst(documents).ordered(question, hits)`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index import DocumentInfo, Hit, PhraseFinder


class PlacesFirst:
    """The documents' places: their regions, aliases and organisations, as whole words (an acronym only in capitals)."""

    def __init__(self, documents: Iterable[DocumentInfo]):
        self._finder = PhraseFinder((name, d.id, not name.isupper()) for d in documents
                                    for name in (*d.aliases, *d.organisations, *_regions(d.region)))

    def ordered(self, question: str, hits: list[Hit]) -> list[Hit]:
        """`hits` with the passages of the lessons of the places `question` names first, each group in the search's
        order (within a lesson of several places too: its passages on one often name only another, "BSW" for
        Salisbury's); as they are when it names none."""
        named = self._finder.found(question)
        return sorted(hits, key=lambda hit: hit.passage.document_id not in named) if named else hits


def _regions(region: str) -> list[str]:
    """A front matter's regions ("North East London; Kent and Medway ICS"), each as written."""
    return [r.strip() for r in re.split(r";", region or "") if r.strip()]
