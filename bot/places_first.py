"""A place or collaborative a question names puts its lessons' passages first (pure, made once per answerer from the
documents' front matter): "what did the medical directors do in west yorkshire?" opens with West Yorkshire's
lesson, not another region's passage the search ranked above it. `PlacesFirst(documents).ordered(question, hits)`.
A passage of a lesson of several places that turns to the place asked after a paragraph on another is shown from
there (`shown_from`: "in Greater Manchester?" opened with BSW's waiting lists, the paragraph before Greater
Manchester's in the same passage); one that tells of it throughout is shown whole."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index import DocumentInfo, Hit, PhraseFinder, StoredPassage

_PARAGRAPH = re.compile(r"\n\s*\n")


class PlacesFirst:
    """The documents' places: their regions, aliases and organisations, as whole words (an acronym only in capitals);
    with `passages`, which place each paragraph of a lesson of several places tells of (`shown_from`)."""

    def __init__(self, documents: Iterable[DocumentInfo], passages: Iterable[StoredPassage] = ()):
        documents = list(documents)
        self._finder = PhraseFinder((name, (d.id, name), not name.isupper()) for d in documents
                                    for name in (*d.aliases, *d.organisations, *_regions(d.region)))
        several = {d.id for d in documents if len(_regions(d.region)) > 1}  # lessons of several places
        self._before: dict[int, set[str]] = {}  # a passage of one: the places named last before it in its lesson
        self._together: dict[tuple[str, str], set[str]] = {}  # a place and those named with it in a paragraph
        for document in several:
            told: set[str] = set()
            for passage in sorted((p for p in passages if p.document_id == document), key=lambda p: p.position):
                self._before[passage.id] = told
                for named in self._places(passage):
                    for name in named:
                        self._together.setdefault((document, name), set()).update(named)
                told = next((named for named in reversed(self._places(passage)) if named), told)

    def ordered(self, question: str, hits: list[Hit]) -> list[Hit]:
        """`hits` with the passages of the lessons of the places `question` names first, each group in the search's
        order (within a lesson of several places too: its passages on one often name only another, "BSW" for
        Salisbury's); as they are when it names none."""
        named = {document for document, _ in self._finder.found(question)}
        return sorted(hits, key=lambda hit: hit.passage.document_id not in named) if named else hits

    def shown_from(self, question: str, passage: StoredPassage) -> int:
        """Where in `passage` to show it from for `question`: the start of the first paragraph telling of a place the
        question names (or a place named with it: Salisbury with BSW), when its first tells of another (a paragraph
        naming none tells of the place named last before it in the lesson: "As a result, the partnership between
        the three trusts reduced …" is BSW's); 0 otherwise (the whole passage)."""
        if passage.id not in self._before:
            return 0
        asked = {name for document, name in self._finder.found(question) if document == passage.document_id}
        asked |= {n for name in asked for n in self._together.get((passage.document_id, name), ())}  # "BSW": Salisbury
        told, of = self._before[passage.id], []
        for named in self._places(passage):
            told = named or told
            of.append(told)
        starts = [0] + [m.end() for m in _PARAGRAPH.finditer(passage.text)]
        if not asked or not of[0] or of[0] & asked:
            return 0
        return next((start for start, places in zip(starts, of, strict=True) if places & asked), 0)

    def _places(self, passage: StoredPassage) -> list[set[str]]:
        """The places each paragraph of `passage` names."""
        return [{name for document, name in self._finder.found(paragraph) if document == passage.document_id}
                for paragraph in _PARAGRAPH.split(passage.text)]


def _regions(region: str) -> list[str]:
    """A front matter's regions ("North East London; Kent and Medway ICS"), each as written."""
    return [r.strip() for r in re.split(r";", region or "") if r.strip()]
