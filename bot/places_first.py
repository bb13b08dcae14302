"""A place or collaborative a question names puts its lessons' passages first (pure, made once per answerer from the
documents' front matter): "what did the medical directors do in west yorkshire?" opens with West Yorkshire's
lesson, not another region's passage the search ranked above it. `PlacesFirst(documents).ordered(question, hits)`.
A passage of a lesson of several places that turns to the place asked after a paragraph on another is shown from
there (`shown_from`: "in Greater Manchester?" opened with BSW's waiting lists, the paragraph before Greater
Manchester's in the same passage)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index import DocumentInfo, Hit, PhraseFinder, StoredPassage

_PARAGRAPH = re.compile(r"\n\s*\n")


class PlacesFirst:
    """The documents' places: their regions, aliases and organisations, as whole words (an acronym only in capitals)."""

    def __init__(self, documents: Iterable[DocumentInfo]):
        documents = list(documents)
        self._finder = PhraseFinder((name, (d.id, name), not name.isupper()) for d in documents
                                    for name in (*d.aliases, *d.organisations, *_regions(d.region)))
        self._several = {d.id for d in documents if len(_regions(d.region)) > 1}  # lessons of several places

    def ordered(self, question: str, hits: list[Hit]) -> list[Hit]:
        """`hits` with the passages of the lessons of the places `question` names first, each group in the search's
        order (within a lesson of several places too: its passages on one often name only another, "BSW" for
        Salisbury's); as they are when it names none."""
        named = {document for document, _ in self._finder.found(question)}
        return sorted(hits, key=lambda hit: hit.passage.document_id not in named) if named else hits

    def shown_from(self, question: str, passage: StoredPassage) -> int:
        """Where in `passage` to show it from for `question`: the start of its first paragraph naming a place the
        question names, when its lesson tells of several places and its first paragraph names none the question
        does; 0 otherwise (the whole passage)."""
        if passage.document_id not in self._several:
            return 0
        asked = {name for document, name in self._finder.found(question) if document == passage.document_id}
        starts = [0] + [m.end() for m in _PARAGRAPH.finditer(passage.text)]
        naming = [start for start in starts if asked & {name for _, name in self._finder.found(
            passage.text[start:next((s for s in starts if s > start), len(passage.text))])}]
        return naming[0] if asked and naming else 0


def _regions(region: str) -> list[str]:
    """A front matter's regions ("North East London; Kent and Medway ICS"), each as written."""
    return [r.strip() for r in re.split(r";", region or "") if r.strip()]
