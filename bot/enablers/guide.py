"""Enabler summaries and the list of enablers, built from the served index (platform-neutral).

`EnablerGuide` is what the CLI and the chat adapters call: `listing()`, `resolve(name)` and
`summarise(enabler_id)`. A summary never invents text: apart from the enabler's own description
from `enablers.yaml`, every sentence in it is a verbatim excerpt or quotation of a cited passage.

Evidence for an enabler is the passages linked to it at index time plus the passages its own
words find; an excerpt's relevance is its similarity to the enabler (its name, description and
synonyms), with a bonus when its passage is linked. Excerpts of unlinked passages must clear
RELATED_FLOOR, so a summary only widens to passages that are plainly about the enabler.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from bot import messages
from bot.answer import DocumentRef, EnablerRef, Snippet
from bot.contacts.suggest import suggest_contacts
from bot.corpus import Corpus
from bot.enablers.deeds import kind_of
from bot.enablers.excerpts import Excerpt, excerpts, told_by_another
from bot.enablers.names import resolve_enabler
from bot.enablers.reported import Reporting
from bot.enablers.selection import Candidate, choose_diverse
from bot.enablers.subjects import passage_subjects
from bot.quoting import segments
from bot.summary import EnablerListing, EnablerSummary, Example, Quote, Resolution
from index import Enabler, EnablerLink, PeerbotError, Quotation, person_key

log = logging.getLogger(__name__)
LINK_BONUS = 0.10  # relevance added to excerpts of passages linked to the enabler...
HEADING_BONUS = 0.10  # ...and again when the link is the passage's section heading
RELATED_FLOOR = 0.45  # similarity an excerpt of an unlinked passage needs to be used
QUOTE_FLOOR = 0.25  # similarity a quotation outside the enabler's own section needs (anecdotes score low)
SEARCH_LIMIT = 20  # passages found by the enabler's own words, besides its linked ones
CITED_CHARGE = 0.05  # an example from a passage the practices already cite ranks this much lower
MAX_PRACTICES = 5
PRACTICES_PER_PASSAGE = 2
MAX_EXAMPLES = 3
MAX_QUOTES = 3
MAX_CONTACTS = 3
MAX_RELATED = 3


class UnknownEnabler(PeerbotError):
    """No enabler has this id."""


@dataclass(frozen=True)
class _Parts:
    quotes: tuple[Quotation, ...]  # found at index time, attributed or not
    excerpts: tuple[Excerpt, ...]  # the document's own sentences, clear of every quotation


class EnablerGuide:
    """Built once per process around the corpus; cheap to construct (work is lazy)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.index = corpus.index
        self.directory = corpus.directory
        self.enablers = list(corpus.enablers)
        self._lock = threading.Lock()
        self._centroids: dict[str, np.ndarray] = {}
        self._parts: dict[int, _Parts] = {}
        self._vectors: dict[tuple[int, int, int], np.ndarray] = {}
        self._subjects: dict[int, str] | None = None
        self._summaries: dict[str, EnablerSummary] = {}  # the index does not change under a guide
        self._reporting = Reporting(p.name for p in self.directory.people.values())

    def on_directory(self, corpus: Corpus) -> EnablerGuide:
        """The guide of `corpus`, this one's index with another contacts directory: what this one worked
        out from the index (vectors, excerpts, subjects) is kept, only the summaries are made again."""
        guide = EnablerGuide(corpus)
        guide._lock, guide._centroids, guide._parts, guide._vectors, guide._subjects = (
            self._lock, self._centroids, self._parts, self._vectors, self._subjects)
        return guide

    def listing(self) -> list[EnablerListing]:
        """Every enabler with its one-liner and how many lessons speak to it, in taxonomy order: its
        summary's count (the documents linked to it or cited in its summary), so "N lessons" means the
        same in the list as in the summary (servers summarise every enabler as they start)."""
        return [EnablerListing(EnablerRef.of(e), e.description, self.summarise(e.id).lesson_count)
                for e in self.enablers]

    def resolve(self, name: str) -> Resolution:
        return resolve_enabler(name, self.enablers)

    def summarise(self, enabler_id: str) -> EnablerSummary:
        enabler = self.corpus.enabler(enabler_id)
        if enabler is None:
            raise UnknownEnabler(f"no enabler has the id {enabler_id!r}; `peerbot enabler` lists them")
        if enabler_id not in self._summaries:
            self._summaries[enabler_id] = self._summary(enabler)
        return self._summaries[enabler_id]

    def warm(self) -> None:
        """Summarise every enabler now (servers call it at start, so no user waits for it); with none,
        tell the admin in the log how to add them (chat users are told only that there are none)."""
        if not self.enablers:
            log.warning("%s", messages.NO_ENABLERS_ADMIN)
        for enabler in self.enablers:
            self.summarise(enabler.id)

    def _summary(self, enabler: Enabler) -> EnablerSummary:
        links = dict(self.index.enabler_passages.get(enabler.id, {}))
        if not links:
            return EnablerSummary(EnablerRef.of(enabler), enabler.description, 0)
        excerpt_pool, quote_pool = self._evidence(enabler, links)
        practices = sorted(choose_diverse(excerpt_pool, MAX_PRACTICES, PRACTICES_PER_PASSAGE), key=lambda c: -c.relevance)
        examples = self._examples(excerpt_pool, practices)
        quotes = _distinct_speakers(quote_pool)[:MAX_QUOTES]
        cited = sorted([*practices, *(c for _, c in examples), *(c for c, _ in quotes)], key=lambda c: -c.relevance)
        query = " ".join((enabler.name, *enabler.synonyms))
        return EnablerSummary(
            enabler=EnablerRef.of(enabler),
            description=enabler.description,
            lesson_count=len({self.index.passages[pid].document_id for pid in links} | {c.document_id for c in cited}),
            practices=tuple(self._snippet(c) for c in practices),
            examples=tuple(Example(label, self._snippet(c)) for label, c in examples),
            quotes=tuple(self._quote(c, q) for c, q in quotes),
            contacts=tuple(suggest_contacts(query, [self._snippet(c) for c in cited], self.directory, MAX_CONTACTS)),
            related=tuple(self._related(enabler, links)),
        )

    # --- evidence ---------------------------------------------------------------------------

    def _evidence(
        self, enabler: Enabler, links: dict[int, EnablerLink]
    ) -> tuple[list[Candidate], list[tuple[Candidate, Quotation]]]:
        """Scored excerpts and quotations of the linked passages and those the enabler's words find."""
        found = [hit.passage.id for hit in self.index.search(enabler.profile, SEARCH_LIMIT)]
        passage_ids = list(dict.fromkeys([*sorted(links, key=lambda pid: -links[pid].score), *found]))
        pieces: list[tuple[int, int, int, str, str, Quotation | None]] = []  # (passage, start, end, shown, judged, quote)
        for pid in passage_ids:
            parts = self._passage_parts(pid)
            pieces += [(pid, e.start, e.end, e.text, e.sentence, None) for e in parts.excerpts]
            pieces += [(pid, q.start, q.end, q.text, q.text, q) for q in parts.quotes if q.name and q.text]
        vectors = self._embed([(pid, start, end, judged) for pid, start, end, _, judged, _ in pieces])
        centroid = self._centroid(enabler)
        excerpt_pool: list[Candidate] = []
        quote_pool: list[tuple[Candidate, Quotation]] = []
        for (pid, start, end, text, _, quote), vector in zip(pieces, vectors):
            similarity, link = float(vector @ centroid), links.get(pid)
            if not _eligible(similarity, link, quote is not None) or (quote is None and self._reporting.reports(text)):
                continue  # a leader's words retold by the lesson ("Cathy and Keir stress that…"): their quotation shows them
            by_heading = link is not None and link.source == "heading"
            relevance = similarity + (LINK_BONUS if link else 0.0) + (HEADING_BONUS if by_heading else 0.0)
            candidate = Candidate(pid, self.index.passages[pid].document_id, start, end, text, relevance, vector)
            if quote:
                quote_pool.append((candidate, quote))
            else:
                excerpt_pool.append(candidate)
        quote_pool.sort(key=lambda pair: -pair[0].relevance)
        return excerpt_pool, quote_pool

    def _passage_parts(self, passage_id: int) -> _Parts:
        if passage_id not in self._parts:
            text = self.index.passages[passage_id].text
            quotes = self.index.passage_quotes.get(passage_id, ())
            spans = tuple((q.span_start, q.span_end) for q in quotes)
            self._parts[passage_id] = _Parts(quotes, tuple(excerpts(text, spans)))
        return self._parts[passage_id]

    def _embed(self, pieces: list[tuple[int, int, int, str]]) -> list[np.ndarray]:
        """Vectors of passage pieces, each embedded once per process."""
        with self._lock:
            missing = [p for p in pieces if p[:3] not in self._vectors]
            if missing:
                vectors = self.index.embed([text for *_, text in missing])
                self._vectors.update({p[:3]: v for p, v in zip(missing, vectors)})
            return [self._vectors[p[:3]] for p in pieces]

    def _centroid(self, enabler: Enabler) -> np.ndarray:
        with self._lock:
            if not self._centroids:
                vectors = self.index.centroids(self.enablers)
                self._centroids = {e.id: v for e, v in zip(self.enablers, vectors)}
            return self._centroids[enabler.id]

    # --- composing ----------------------------------------------------------------------------

    def _examples(self, pool: list[Candidate], practices: list[Candidate]) -> list[tuple[str, Candidate]]:
        """One excerpt per named organisation, saying what it did (`kind_of`: a deed, else a neutral account;
        never a view or a general claim made in its section, "Shared purpose is a galvanising force…"),
        preferring passages the practices do not cite; never one in its publisher's first person labelled
        with another organisation (a consultancy's "our team led…" in its case study of a trust is not the
        trust's example)."""
        subjects = self._passage_subjects()
        cited = {c.passage_id for c in practices}
        by_label: dict[str, list[Candidate]] = defaultdict(list)
        deeds: set[str] = set()
        for c in pool:
            label = subjects.get(c.passage_id)
            publisher = self.index.documents[c.document_id].publisher
            kind = kind_of(c.text)
            if label and c not in practices and not told_by_another(c.text, label, publisher) and kind != "view":
                charge = CITED_CHARGE if c.passage_id in cited else 0.0
                by_label[label].append(replace(c, relevance=c.relevance - charge))
                if kind == "deed":
                    deeds.add(label)
        for label in deeds:  # an organisation's deed before any neutral account of it
            by_label[label] = [c for c in by_label[label] if kind_of(c.text) == "deed"]
        chosen: list[tuple[str, Candidate]] = []
        for label in sorted(by_label, key=lambda label: -max(c.relevance for c in by_label[label])):
            picked = choose_diverse(by_label[label], 1, 1, chosen=(*practices, *(c for _, c in chosen)))
            if picked:
                chosen.append((label, picked[0]))
            if len(chosen) == MAX_EXAMPLES:
                break
        return sorted(chosen, key=lambda pair: -pair[1].relevance)

    def _passage_subjects(self) -> dict[int, str]:
        """Passage id -> the organisation it is an example of (documents naming one)."""
        if self._subjects is None:
            subjects: dict[int, str] = {}
            by_document: dict[str, list] = defaultdict(list)
            for passage in sorted(self.index.passages.values(), key=lambda p: p.position):
                by_document[passage.document_id].append(passage)
            for doc_id, passages in by_document.items():
                prose = [(p.id, _without_blockquotes(p.text, self._passage_parts(p.id).quotes)) for p in passages]
                organisations = [(o.name, (o.name, *o.aliases)) for o in self.directory.organisations_of(doc_id)]
                subjects.update(passage_subjects(prose, organisations))
            self._subjects = subjects
        return self._subjects

    def _related(self, enabler: Enabler, links: dict[int, EnablerLink]) -> list[EnablerRef]:
        """The enablers most often linked to the same passages."""
        weights: dict[str, float] = defaultdict(float)
        refs: dict[str, EnablerRef] = {}
        for pid in links:
            for link in self.index.passage_enablers.get(pid, []):
                other = self.corpus.enabler(link.enabler_id)
                if other is not None and other.id != enabler.id:
                    weights[other.id] += link.score
                    refs[other.id] = EnablerRef.of(other)
        ranked = sorted(weights, key=lambda e: (-weights[e], e))[:MAX_RELATED]
        return [refs[e] for e in ranked]

    def _snippet(self, candidate: Candidate) -> Snippet:
        passage = self.index.passages[candidate.passage_id]
        parts = segments(candidate.text, self._passage_parts(candidate.passage_id).quotes, candidate.start)
        return Snippet(candidate.text, candidate.relevance, passage.section, self._document(passage.document_id),
                       candidate.passage_id, parts)

    def _quote(self, candidate: Candidate, quote: Quotation) -> Quote:
        document = self._document(self.index.passages[candidate.passage_id].document_id)
        return Quote(quote.text, quote.name, quote.role, quote.organisation, document, candidate.passage_id)

    def _document(self, document_id: str) -> DocumentRef:
        return DocumentRef.of(self.index.documents[document_id])


def _eligible(similarity: float, link: EnablerLink | None, is_quote: bool) -> bool:
    """Excerpts of linked passages always count, others only when plainly about the enabler.
    Quotations come only from linked passages: under the enabler's own heading, or close enough."""
    if is_quote:
        return link is not None and (link.source == "heading" or similarity >= QUOTE_FLOOR)
    return link is not None or similarity >= RELATED_FLOOR


def _distinct_speakers(pool: list[tuple[Candidate, Quotation]]) -> list[tuple[Candidate, Quotation]]:
    seen, kept = set(), []
    for candidate, quote in pool:
        if person_key(quote.name) not in seen:
            seen.add(person_key(quote.name))
            kept.append((candidate, quote))
    return kept


def _without_blockquotes(text: str, quotes: tuple[Quotation, ...]) -> str:
    """The passage with its blockquotes blanked out: their attributions name other organisations."""
    for q in quotes:
        if q.block:
            text = text[: q.span_start] + " " * (q.span_end - q.span_start) + text[q.span_end:]
    return text
