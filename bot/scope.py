"""Deciding what kind of reply a question gets: answered, not covered, or out of scope.

Signals that cost nothing extra per question:

0. out of scope, for want of a question: a message with no content word, only stopwords and
   small-talk words (greetings, thanks, acknowledgements, asking for help: "hi", "thanks", "ok",
   "hmm", "help", "what can you do?", "what is it?", "how?": `small_talk`), or no word to go on at
   all ("x", "42", "asdf", an emoji: `index.search.has_words`), is greeted and told what peerbot
   does, with an example question (GREETING, THANKS, HELP), whatever the model makes of it. The
   reply stands alone (`RequestKind.asks_nothing`), not a decline; in a thread, one that asks
   something of no subject of its own ("what is it?", "and who?") is read with the thread's
   question (`bot.follow_up.asks_of_the_thread`); a message in another language is told, in one
   line, that peerbot reads English only (`another_language`), a reply of the same standing; a
   question about something it does not name ("who led it?", "what did they do?", "tell me more
   about that": `bot.follow_up.needs_context`) is asked which collaborative, lesson or topic it
   means, never served passages for its few words (in a thread, it is read with the thread's
   question instead). It is out of scope, not not covered: it asks nothing the lessons could lack,
   so it is no knowledge gap in the digest;
1. out of scope (a kind of request peerbot is not for: `knowledge/out_of_scope.yaml`): its
   wording, as asked or as searched (spelling corrected: "phone numbr"), or with a word typed without
   its vowels read as English words ("opening tms": `texting_readings`), matches one of the kind's
   cues ("phone number", "my son", "opening times", "who is the chief executive of"), or it is
   much closer to those requests (best cosine similarity to their examples) than to the corpus
   (best passage or sentence similarity); either only when neither wording has the file's
   `lesson_questions` wording ("how did trusts ...", "which trusts shared ...": a question for
   the lessons);
2. not covered (on topic, but the lessons do not answer it): a null model. `knowledge/nhs_topics.yaml`
   lists what NHS organisations work on in general (none of it a lesson); each topic is embedded
   once, at load time, in a few question framings ("How did trusts in a provider collaborative
   work together on ..."). A question much nearer to one of those than to any passage or sentence
   of the corpus asks about something the lessons do not cover. A topic the lessons already cover
   (one of its framings is at least COVERED similar to a passage, sentence or window: one FAISS
   search at load time) is left out, so a lesson added on a topic makes its questions answered
   without editing the list. A question none of whose words the corpus uses (though English
   does: "sourdough starters") is not covered either, nor one no passage or sentence is even
   SIMILARITY_FLOOR similar to (its words are the corpus's, its subject is not), nor one asking for lessons
   from, on or about something none of whose words the corpus uses ("how do collaboratives share learning
   from falls?": `bot.asking_clause.unknown_subject`), nor one asking how something was handled, managed or
   run, or shared, merged or outsourced, whose head word the corpus never uses ("how do collaboratives handle
   shared procurement?", "who handled the merger of their pathology services?", "what did trusts learn from
   outsourcing their laundry services?": `bot.asking_clause.unknown_handled`), nor one whose
   nearest entry in a fuller map (the topics with `knowledge/nhs_subjects.yaml`) names a word of it the
   corpus never uses and is SUBJECT_MARGIN nearer it than the corpus ("consultant on-call rotas":
   `bot.subject_map`). The margin, the thing handled and the map judge a topic, so only a question that names
   one: one whose words only ask what went wrong, was hard or failed, complain, or name working together
   ("what went wrong when trusts tried to work together?": `bot.asking_words.asks_about_collaborating`) asks about
   collaboration itself, and its framing words alone bring it near every framed topic;
3. not covered, by name: a question about a named programme, scheme, review or body the corpus
   never mentions ("the Carter review", "Martha's Rule", "GIRFT programme": a capitalised word other
   than a sentence's first, or an acronym, that the corpus's words and its documents' organisations lack
   (the passages never say "York" of "Leeds and York Partnership", a lesson's organisation), followed within
   its name by a word such as programme, review, rule or scheme) needs only a smaller margin over the corpus,
   NC_NAMED_MARGIN, to be not covered. A lesson that mentions the name adds it to the corpus's
   words, and its questions are answered again;
4. out of scope, by subject: `knowledge/everyday_topics.yaml` lists everyday subjects (sport,
   films, cooking, pets, money, health, careers, words, trivia, weather ...) as short generic
   descriptions, each area naming the `out_of_scope.yaml` kind whose reply it gets. Each is
   embedded once, at load time. A question nearer to an everyday subject (by EVERYDAY_MARGIN) than
   to both the corpus and the nearest framed NHS topic is about
   everyday life, not NHS collaboration, whatever its wording: this covers requests no cue or
   example names. One fixed-size product per question. So is a question naming only words neither the corpus
   nor the NHS map uses, besides those that ask ("What went wrong with the Titanic?", "Why did Concorde
   fail?": `bot.unheard_subjects`), whatever the margin: its asking words alone bring it near the lessons;
   it gets its nearest everyday area's reply. So is one naming something by a capitalised name neither uses,
   with no word of working together, of an NHS or care body, or of the lessons' people, and no acronym ("What
   went wrong at Manchester United after Ferguson?", "the Enron executives": `named_outsider`).

A question of one content word ("finance?", "what about finance?") is never out of scope by
similarity (1 and 4), only by a cue: one word cannot tell the NHS subject from the everyday one
(finance, estates, budgets, pensions are both), and to peerbot, which answers about NHS
collaboration, it is a terse question on topic, at most not covered, with the closest passages (in
a thread it is read with the thread's question first: `Peerbot.ask`).

The constants were chosen by cross-validation on our tuning questions
(`benchmarks/tune_retrieval.py`, BENCHMARKS.md "Retrieval"); they are for all-MiniLM-L6-v2.
The hashing embedder (tests) has no semantics, so there a question is answered when any of its
words matches a passage and declined as not covered otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer import Outcome
from bot.asking_clause import unknown_handled, unknown_subject
from bot.asking_words import asks_about_collaborating
from bot.enabler_subjects import names_subject
from bot.follow_up import needs_context
from bot.programme_names import unknown_names, unseen_names
from bot.scope_files import RequestKind
from bot.small_talk import ANOTHER_LANGUAGE, HELP, another_language, needing_context, small_talk
from bot.subject_map import SubjectMap
from bot.unheard_subjects import NhsWords, name_words, named_outsider, unheard_subject
from index import Embedder, Hit, Index, Query, content_terms, kept_vectors, vowelless_readings

# out of scope when the closest request is at least this similar, and this much more than the corpus
# (the margin re-chosen by cross-validation on 541 tuning questions: BENCHMARKS.md "Honest declines, round 6")
REQUEST_FLOOR = 0.40
REQUEST_MARGIN = 0.12
# out of scope when the nearest everyday subject is at least this much more similar than both the
# corpus and the nearest framed NHS topic (cross-validation chose 0.00-0.04; the cautious middle)
EVERYDAY_MARGIN = 0.02
# not covered when the nearest framed NHS topic is at least this much more similar than the corpus (the
# most cautious margin declining as many not-covered tuning questions as 0.09 did, chosen by
# cross-validation: benchmarks/tune_not_covered.py, BENCHMARKS.md "Honest declines, round 5")
NC_MARGIN = 0.10
# ... or at least this much more, when the question names something the corpus never uses
NC_NAMED_MARGIN = -0.30
# not covered, whatever else, when no passage or sentence is even this similar: a subject the lessons share
# nothing with ("a lithium battery recycling scheme", 0.17) that no topic, subject or request is near either.
# No answerable tuning question is below 0.25 (the lowest 0.252; off-topic questions' median is 0.21);
# 0.22 keeps a margin under them (BENCHMARKS.md "Honest declines: a similarity floor")
SIMILARITY_FLOOR = 0.22
# a reference topic any of whose framings is this similar to some passage, sentence or window is
# covered by the lessons, and left out (so a lesson added on a topic turns its questions answered)
COVERED = 0.75
# each reference topic is embedded in every one of these framings (written before measuring, all kept)
TOPIC_FRAMINGS = (
    "How did NHS trusts work together on {}",
    "How did trusts in a provider collaborative work together on {}",
    "Lessons from NHS providers working together on {}",
    "What have NHS organisations learned about {}",
    "How did collaboratives handle {}",
    "Trusts collaborating on {}",
)


def as_question(text: str) -> str:
    """`text` ending in one "?" whatever it ended with ("…complaints", "…complaints.", "…complaints?!"),
    the wording a question is embedded in, once, for the search and the scope alike: the model reads a final
    "?" as meaning, enough to move a question across the margins above (answered without it, not covered
    with it), and how a question ends must not decide its outcome. Most tuning questions end in "?", so the
    constants were chosen on this wording (BENCHMARKS.md "A question's ending, with one encode")."""
    bare = _ENDING.sub("", text)
    return f"{bare}?" if bare else text


_ENDING = re.compile(r"[\s?.!…]+$")


def texting_readings(query: Query) -> tuple[str, ...]:
    """The question, as asked and as searched, with one word the speller left typed without its vowels
    ("opening tms", "eml address", "fixed rt") read as the commonest English word it could be
    (`vowelless_readings`), as the speller reads a longer one: a cue reads texting as its words ("opening
    times"), which the speller does not restore without a neighbour it knows. (Every English word it could
    be, not the commonest, made "Ds a shared purpose matter" a medicine's "dose".)"""
    readings = []
    for typed in dict.fromkeys(re.findall(r"[A-Za-z]+", query.text)):
        for word in vowelless_readings(typed):
            for wording in (query.text, query.searched):
                readings.append(re.sub(rf"\b{typed}\b", word, wording))
    return tuple(readings)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    relevance: float  # the best passage's log-odds of answering
    similarity: float  # the best passage or sentence cosine similarity
    request: float  # the closest out-of-scope request's cosine similarity
    topic: float = 0.0  # the closest framed NHS topic's cosine similarity (0 without a topics file)
    kind: RequestKind | None = None  # out of scope: the closest kind of request

    @property
    def answered(self) -> bool:
        return self.outcome == "answered"


class ScopeGuard:
    def __init__(self, embedder: Embedder, kinds: list[RequestKind], topics: Sequence[str] = (), index: Index | None = None,
                 everyday: Sequence[tuple[str, RequestKind]] = (), subjects: Sequence[str] = (), cache: Path | None = None,
                 enabler_subjects: tuple[str, ...] = ()):
        """The guard over `kinds`, `topics`, `everyday` and `subjects`, their texts embedded once (kept in the
        data folder's `cache` when given, so the next process reads them: `index.vector_cache`); a question naming
        one of `enabler_subjects` (`bot.enabler_subjects`) is never declined as not covered."""
        self._enabler_subjects = enabler_subjects
        self._semantic = embedder.semantic
        self._embedder = embedder
        self._index = index
        self.kinds = kinds
        self._kind_of = [kind for kind in kinds for _ in kind.examples]
        examples = [e for kind in kinds for e in kind.examples]
        self._vectors = kept_vectors(examples, embedder, cache, "scope-requests")
        entries = [*topics, *subjects] if self._semantic else []  # the fuller map: the topics, then the subjects
        framed = [f.format(t) for f in TOPIC_FRAMINGS for t in entries]
        vectors = kept_vectors(framed, embedder, cache, "scope-topics")
        kept = np.ones(len(vectors), bool)
        if len(vectors) and index is not None:  # leave out the entries the lessons cover
            covered = index.nearest(vectors).reshape(len(TOPIC_FRAMINGS), len(entries)).max(axis=0) >= COVERED
            kept = np.tile(~covered, len(TOPIC_FRAMINGS))
        owner = np.tile(np.arange(len(entries)), len(TOPIC_FRAMINGS))
        self._topics = vectors[kept & (owner < len(topics))]
        self.subjects = SubjectMap(entries, vectors[kept], owner[kept])
        self._nhs_words = NhsWords.of(entries)  # the words of the whole map, covered entries too
        self._people = name_words(p.name for p in index.people.values()) if index is not None else frozenset()
        self._organisations = name_words(name for d in index.documents.values() for name in (*d.organisations, *d.aliases)
                                         ) if index is not None else frozenset()  # "Leeds and York Partnership": "york"
        self._everyday_kind = [kind for _, kind in everyday] if self._semantic else []
        self._everyday = kept_vectors([subject for subject, _ in everyday] if self._everyday_kind else [],
                                      embedder, cache, "scope-everyday")

    def signals(self, query: Query, hits: list[Hit]) -> tuple[float, float, float, RequestKind | None]:
        """(best log-odds, best similarity, closest request's similarity, its kind)."""
        relevance = max((h.score for h in hits), default=-20.0)
        similarity = max((h.dense for h in hits), default=0.0)
        if not len(self._vectors):
            return relevance, similarity, 0.0, None
        closeness = self._vectors @ query.vector
        nearest = int(np.argmax(closeness))
        return relevance, similarity, float(closeness[nearest]), self._kind_of[nearest]

    def topic(self, query: Query) -> float:
        """The closest framed reference topic's cosine similarity (a fixed-size product)."""
        return float((self._topics @ query.vector).max()) if len(self._topics) else 0.0

    def everyday(self, query: Query) -> tuple[float, RequestKind | None]:
        """The closest everyday subject's cosine similarity and its kind (a fixed-size product)."""
        if not len(self._everyday):
            return 0.0, None
        closeness = self._everyday @ query.vector
        nearest = int(np.argmax(closeness))
        return float(closeness[nearest]), self._everyday_kind[nearest]

    def _handled_uncovered(self, query: Query) -> bool:
        """Whether the thing a question asks was handled (or shared, merged, outsourced) is one the lessons never
        mention: its head word is not the corpus's (`unknown_handled`), and asked about alone ("How did
        collaboratives handle shared procurement?") it is nearer a framed NHS topic than the corpus by the scope's
        own NC_MARGIN. A second encode, for the few questions whose thing handled has an unknown head
        (BENCHMARKS.md "A chief executive's sixth trial", "Stop 52")."""
        thing = unknown_handled(query)
        if not thing or self._index is None or not len(self._topics):
            return False
        vector = self._embedder.embed([as_question(TOPIC_FRAMINGS[4].format(thing))])
        return float((self._topics @ vector[0]).max()) - float(self._index.nearest(vector)[0]) > NC_MARGIN

    def _unnamed(self, query: Query, hits: list[Hit]) -> bool:
        """Whether the question names a programme, scheme or body the corpus never mentions (`unknown_names`,
        `unseen_names`) in words not all of one of the lessons' organisations ("Leeds and York Partnership")."""
        names = [*unknown_names(query), *unseen_names(query, hits)]
        return any(not set(name.split()) <= self._organisations for name in names)

    def judge(self, query: Query, hits: list[Hit]) -> Verdict:
        relevance, similarity, request, kind = self.signals(query, hits)
        topic = self.topic(query)
        if pointing := needs_context(query.text):  # "who led it?" alone: of what? (in a thread: `Peerbot.ask`)
            return Verdict("out_of_scope", relevance, similarity, request, topic, needing_context(pointing))
        chat = small_talk(query.text)
        if chat is not None:
            return Verdict("out_of_scope", relevance, similarity, request, topic, chat)
        if another_language(query.text):
            return Verdict("out_of_scope", relevance, similarity, request, topic, ANOTHER_LANGUAGE)
        cued = next((k for k in self.kinds if k.cued(query.text, query.searched)), None)
        if cued is None and (readings := texting_readings(query)):
            cued = next((k for k in self.kinds if k.cued(query.text, query.searched, *readings)), None)
        if cued is not None:
            return Verdict("out_of_scope", relevance, similarity, request, topic, cued)
        if not query.worded:
            return Verdict("out_of_scope", relevance, similarity, request, topic, HELP)
        if not self._semantic:  # the hashing embedder has no semantics: any word match answers
            matched = any(h.lexical > 0 for h in hits)
            return Verdict("answered" if matched else "not_covered", relevance, similarity, request)
        terse = len(content_terms(query.searched)) == 1  # "finance?", "what about finance?": no cue, no context
        if (kind is not None and request >= REQUEST_FLOOR and request - similarity >= REQUEST_MARGIN
                and not kind.asks_lessons(query.text, query.searched) and not terse):
            return Verdict("out_of_scope", relevance, similarity, request, topic, kind)
        everyday, area = self.everyday(query)
        if area is not None and not terse and (everyday - max(similarity, topic) >= EVERYDAY_MARGIN
                                               or unheard_subject(query, self._nhs_words)
                                               or named_outsider(query, self._nhs_words, self._people)):
            return Verdict("out_of_scope", relevance, similarity, request, topic, area)
        if hits and names_subject(query.text, self._enabler_subjects):  # "how did they tackle health inequalities?"
            return Verdict("answered", relevance, similarity, request, topic)
        margin = NC_NAMED_MARGIN if self._unnamed(query, hits) else NC_MARGIN
        topical = not asks_about_collaborating(query.searched)  # not "what went wrong when trusts tried to work together?"
        if (not hits or not query.known or similarity < SIMILARITY_FLOOR or unknown_subject(query)
                or topical and ((len(self._topics) and topic - similarity > margin) or self._handled_uncovered(query)
                                or self.subjects.uncovered(query, similarity))):
            return Verdict("not_covered", relevance, similarity, request, topic)
        return Verdict("answered", relevance, similarity, request, topic)
