"""The Answerer: a question answered from the corpus (search, the outcome, the snippets, the
contacts and related enablers), as one platform-neutral `Answer`."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

import numpy as np

from bot import messages
from bot.answer import Answer, DocumentRef, EnablerRef, Snippet
from bot.asked_paragraph import asked_from
from bot.asked_text import normalise_question, respelt
from bot.asking_clause import without_sign_off, without_thanks_first
from bot.contacts.asked_at import no_one_at
from bot.contacts.suggest import CREDITING_SNIPPETS, credited_organisations, suggest_contacts
from bot.corpus import Corpus
from bot.leads import answer_lead_line
from bot.library.asks import OF_THE_LIBRARY, library_ask
from bot.library.reply import library_reply
from bot.named_in_corpus import document_names, quoting
from bot.not_covered_topic import not_covered_topic
from bot.places_first import PlacesFirst
from bot.programme_names import unknown_names, unseen_names
from bot.quoting import segments
from bot.redact import without_identifiers
from bot.scope import Verdict, as_question
from bot.small_talk import HELP
from bot.snippet_choice import MAX_SNIPPETS, chosen_hits
from bot.spelled_out import spelled_out
from bot.terms_of_art import TermsOfArt
from bot.what_they_said import quoted_passages, unquoted_person
from index import Definition, Hit, Query, acronym_definitions

MAX_CLOSEST = 2  # nearest passages shown (as such) when the lessons do not cover a question
MAX_ENABLERS = 3


class Answerer:
    """Built once per process around the corpus; `answer(question) -> Answer`."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.index = corpus.index
        self._named = document_names(self.index.documents.values())
        self._places = PlacesFirst(self.index.documents.values(), self.index.passages.values())
        self._terms = TermsOfArt(p.text for p in self.index.passages.values())
        self._about = messages.about_lessons(list(self.index.documents.values()))  # a kind's reply's {lessons}
        self._definitions = acronym_definitions((p.id, p.text) for p in self.index.passages.values())
        self._quoting = quoting(self.index.passage_quotes)
        enablers = corpus.enablers
        self._enabler_vectors = (
            self.index.embed([e.profile for e in enablers]) if enablers else np.zeros((0, 1), np.float32)
        )

    def answer(self, question: str) -> Answer:
        """The answer to what `question` asks, read ending in one "?" however it ends (`as_question`: its
        ending must not decide its outcome); a patient's details in it (`without_identifiers`) and an email's
        sign-off after it (`without_sign_off`) are left out of the search, so the answer is the one the
        question gets without them."""
        question = normalise_question(question)
        if unquoted := unquoted_person(without_sign_off(question), self._quoting, self.index):
            return Answer(question, False, suggestions=self._default_suggestions(), topic=messages.said_by(unquoted))
        asked = without_identifiers(without_thanks_first(without_sign_off(question)))
        if not re.search(r"\w", asked):  # punctuation or emoji alone: no question (bot/scope.py)
            return Answer(question, False, suggestions=self._default_suggestions(), off_topic=True, pointer=HELP.reply,
                          asked_nothing=True)
        plain, term = self._terms.plain_reading(asked)  # "elective recovery": searched as what the lessons say
        query = self.index.prepare(as_question(plain))  # one encode, of the question ending in one "?"
        hits = self.index.search(query, limit=20)
        if definition := spelled_out(asked, self._definitions):  # "What does MHLDA stand for?": the lessons say
            return self._spelling_out(question, asked, query, hits, definition)
        verdict = self.corpus.scope.judge(query, hits)
        if library := self._library(asked, hits, verdict):  # of the lessons as documents: from their metadata
            return Answer(question, True, lead=library)
        suggestions = self._suggest(query.vector)
        if verdict.outcome == "out_of_scope":
            pointer = verdict.kind.reply.replace("{lessons}", self._about) if verdict.kind else ""
            return Answer(question, False, suggestions=suggestions, off_topic=True, pointer=pointer,
                          asked_nothing=bool(verdict.kind and verdict.kind.asks_nothing),
                          about_peerbot=bool(verdict.kind and verdict.kind.about_peerbot))
        if verdict.outcome == "not_covered":
            closest = tuple(self._snippet(hit) for hit in hits[:MAX_CLOSEST])
            return Answer(question, False, suggestions=suggestions, closest=closest,
                          topic=not_covered_topic(respelt(asked, query.searched), query.unknown, asking_only=not query.known,
                                                  names=unknown_names(query) + unseen_names(query, hits),
                                                  passages=[hit.passage.text for hit in hits]))
        said = self._said_by(asked, hits)  # the person asked about's own words: the name is known, however spelt
        snippets = said or self._choose_snippets(asked, hits)
        contacts = tuple(suggest_contacts(asked, snippets, self.corpus.directory, searched=query.searched,
                                          crediting=CREDITING_SNIPPETS))
        place = no_one_at(asked, self.corpus.directory)  # "Who at NELFT should I speak to?", no one named there
        return Answer(
            question=question,
            answered=True,
            snippets=tuple(snippets),
            contacts=contacts,
            enablers=tuple(self._related_enablers(snippets)),
            lead=(messages.no_one_at_lead(place, bool(contacts), len(snippets), len({s.document.id for s in snippets}))
                  if place else "" if said
                  else answer_lead_line(asked, query, snippets,
                                        self._terms.unused_in(query.searched) or ((term,) if term else ()))),
        )

    def _library(self, asked: str, hits: list[Hit], verdict: Verdict) -> str:
        """The reply to a question about the lessons as documents (`bot.library`: a link, dates, publishers),
        "" for any other: the documents it names, else those of the excerpts its subject gets when it has
        one ("where can I read the full report on board development?", declined when they are). A reply a
        cue asks for ("is this information up to date?", "board papers") or to small talk stays."""
        library = library_ask(asked)
        kind = verdict.kind  # a kind its cue names ("board papers", "this attached PDF"), small talk, another language
        if library is None or (library.kind not in OF_THE_LIBRARY and kind
                               and (kind.cued(asked) or (kind.asks_nothing and not kind.cues))):
            return ""
        named = [d for d in self.index.documents if d in self._named.found(asked)]
        subject = library.kind == "link" and library.about and not named
        if subject and verdict.outcome != "answered":
            return ""
        nearest = [s.document.id for s in self._choose_snippets(asked, hits)] if subject else []
        return library_reply(asked, library, list(self.index.documents.values()), named, nearest,
                             {e.id: e.name for e in self.corpus.enablers})

    def _spelling_out(self, question: str, asked: str, query: Query, hits: list[Hit], definition: Definition) -> Answer:
        """What an acronym stands for, as the lessons spell it out: the passage that does first, under a
        line that says it, then the search's other passages."""
        passage = self.index.passages[definition.passage_id]
        found = next((hit for hit in hits if hit.passage.id == passage.id), None)
        first = self._snippet(found or Hit(passage, 0.0, 0.0, 0.0))
        others = self._choose_snippets(asked, [h for h in hits if h.passage.id != passage.id]) if hits else []
        snippets = [first, *others][:MAX_SNIPPETS]
        return Answer(
            question=question, answered=True, snippets=tuple(snippets),
            contacts=tuple(suggest_contacts(asked, snippets, self.corpus.directory, searched=query.searched,
                                            crediting=CREDITING_SNIPPETS)),
            enablers=tuple(self._related_enablers(snippets)),
            lead=messages.spelled_out(definition.short, definition.long),
        )

    def more_on(self, question: str, n: int) -> Answer:
        """More on excerpt `n` (from 1; -1 the last) of the answer to `question` (a thread's "more detail on
        the second one"): its passage with those either side of it in its lesson, in the lesson's order,
        under a line that says so; the answer to `question` itself when it has no such excerpt."""
        answer = self.answer(question)
        if not answer.answered or not 1 <= (n if n > 0 else len(answer.snippets) + 1 + n) <= len(answer.snippets):
            return answer
        number = n if n > 0 else len(answer.snippets) + 1 + n
        passage = self.index.passages[answer.snippets[number - 1].passage_id]
        around = sorted((p for p in self.index.passages.values()
                         if p.document_id == passage.document_id and abs(p.position - passage.position) <= 1),
                        key=lambda p: p.position)
        snippets = [self._snippet(Hit(p, 0.0, 0.0, 0.0)) for p in around]
        title = self.index.documents[passage.document_id].title or passage.document_id
        return replace(answer, snippets=tuple(snippets), lead=messages.more_on(number, title),
                       contacts=tuple(suggest_contacts(question, snippets, self.corpus.directory,
                                                       crediting=CREDITING_SNIPPETS)),
                       enablers=tuple(self._related_enablers(snippets)))

    def behind(self, question: str) -> Answer:
        """Who was behind the answer to `question` (a thread's "who led that?"): the people it suggests
        with the excerpts that name them, and the organisations its lessons credit; when the lessons
        name no one, that said above the answer's excerpts. Declined as `question` is, if it is."""
        answer = self.answer(question)
        if not answer.answered:
            return answer
        directory = self.corpus.directory
        people = [c for c in answer.contacts if c.is_person]
        names = {c.name for c in people}
        naming = [s for s in answer.snippets
                  if any(p.name in names and d == 0 for p, d in directory.people_in_passage(s.passage_id))]
        organisations = [c for c in answer.contacts if not c.is_person]
        organisations += credited_organisations(answer.snippets, directory, {c.name for c in answer.contacts})
        return replace(answer, snippets=tuple(naming or answer.snippets), contacts=(*people, *organisations),
                       lead=messages.behind_lead(bool(people), bool(organisations)))

    def to_talk_to(self, question: str) -> Answer:
        """Whom to talk to about the answer to `question` (a thread's "who should I talk to?"): its people
        and the organisations its lessons credit, each with why and their own words, and no excerpts
        again; when the lessons name no one, `behind`'s answer, which says so above the excerpts."""
        answer = self.behind(question)
        if not answer.answered or not answer.contacts:
            return answer
        return replace(answer, snippets=(), enablers=(), lead=messages.TALK_TO_LEAD)

    def _choose_snippets(self, question: str, hits: list[Hit]) -> list[Snippet]:
        return [self._snippet(hit, self._places.shown_from(question, hit.passage) or asked_from(question, hit.passage.text))
                for hit in chosen_hits(question, hits, self._named.found(question), self._places)]

    def _said_by(self, question: str, hits: list[Hit]) -> list[Snippet]:
        """For "What did Cathy Elliott say?": the passages quoting that person (`quoted_passages`), those
        the search found first, in its order; [] for any other question."""
        quoting = quoted_passages(question, self._quoting)
        if not quoting:
            return []
        found = [h for h in hits if h.passage.id in quoting]
        rest = [Hit(self.index.passages[pid], 0.0, 0.0, 0.0) for pid in sorted(quoting - {h.passage.id for h in found})]
        return [self._snippet(hit) for hit in (found + rest)[:MAX_SNIPPETS]]

    def _snippet(self, hit: Hit, start: int = 0) -> Snippet:
        return Snippet(
            text=hit.passage.text[start:],
            score=hit.dense,
            section=hit.passage.section,
            document=DocumentRef.of(self.index.documents[hit.passage.document_id]),
            passage_id=hit.passage.id,
            segments=segments(hit.passage.text[start:], self.index.passage_quotes.get(hit.passage.id, ()), start),
        )

    def _related_enablers(self, snippets: list[Snippet]) -> list[EnablerRef]:
        weights: dict[EnablerRef, float] = defaultdict(float)
        for rank, snippet in enumerate(snippets):
            for link in self.index.passage_enablers.get(snippet.passage_id, []):
                if enabler := self.corpus.enabler(link.enabler_id):
                    weights[EnablerRef.of(enabler)] += link.score / (1 + rank)
        return sorted(weights, key=lambda e: -weights[e])[:MAX_ENABLERS]

    def _suggest(self, vector: np.ndarray) -> tuple[EnablerRef, ...]:
        if not self.corpus.enablers:
            return ()
        order = np.argsort(-(self._enabler_vectors @ vector))[:MAX_ENABLERS]
        return tuple(EnablerRef.of(self.corpus.enablers[i]) for i in order)

    def _default_suggestions(self) -> tuple[EnablerRef, ...]:
        return tuple(EnablerRef.of(e) for e in self.corpus.enablers[:MAX_ENABLERS])

