"""Screen candidate signals for declining on-topic-but-not-covered questions (issue 9, part 3).

Loads the Answerer once, runs every tuning question (never the held-out or check files) and writes one
row of signals per question to a JSON file; `benchmarks/nc_signals_score.py` scores rules on it.
Run: OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/nc_signals.py /tmp/nc_rows.json

Round 8 (answerability signals) adds, per question:
- `ex` / `ex3`: its best (mean of best three) cosine similarity to the example questions
  (`knowledge/example_questions.yaml`, questions attached to the passages that answer them), leaving out
  the examples written from the question's own file (they were written from `questions_tune_more*.jsonl`,
  so a question there would otherwise find itself);
- `f_sent` / `f_topic`: the question's focus (framing words dropped) against the best single sentence
  (or passage) of its top five hits, and against the nearest bare reference topic (covered ones left out);
- `keep` / `abl_sim`: the cosine similarity of the question to itself with the words the corpus never
  uses dropped (1 when it has none), and that ablated question's best passage/sentence similarity;
- `terms`: its focus terms, each with its English count, whether the corpus uses it, and whether its
  top one / five hits hold it (by stem), and, for a term the corpus never uses, the cosine similarity of
  its nearest corpus word (each embedded alone: `synonym`; 1 for a term the corpus uses).
"""
import json
import sys
from pathlib import Path

import numpy as np

from bot.answerer import Answerer, normalise_question
from bot.corpus import open_corpus
from bot.scope import TOPIC_FRAMINGS
from bot.scope_files import load_topics
from bot.settings import Settings
from index.english import english_words
from index.examples import load_examples
from index.lexical import content_terms, stem, words

DATA = Path("tests/data")
FILES = ["questions_tune", "questions_tune_extra", "questions_tune_scope", "questions_tune_scope2",
         "questions_tune_scope3", "questions_tune_scope4", "questions_tune_more", "questions_tune_more2",
         "questions_tune_more3", "dev_questions", "probe_questions", "questions_tune_typos"]
# the collaboration framing every question and topic shares (dropped for the "stripped" similarity)
FRAMING = set("""nhs trust trusts collaborative collaboratives provider providers hospital hospitals organisation
    organisations partner partners partnership partnerships together joint jointly work working worked collaborate
    collaborating collaboration across lessons learned learn did do does how what have has handle handled
    system systems group groups acute mental health""".split())


def stripped(text: str) -> str:
    kept = [w for w in words(text) if w.lower() not in FRAMING]
    return " ".join(kept) or text


def example_sources() -> dict[str, str]:
    """Each example question's text -> the tuning file it was written from."""
    source = {}
    for name in ("questions_tune_more", "questions_tune_more2"):
        for line in open(DATA / f"{name}.jsonl"):
            source.setdefault(json.loads(line)["q"].strip(), name)
    return source


def main(out: str) -> None:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    index, scope = answerer.index, answerer.corpus.scope
    searcher = index.searcher
    topics = load_topics(Path("knowledge"))
    topic_vecs = index.embed(topics)
    framed = index.embed([f.format(t) for f in TOPIC_FRAMINGS for t in topics])
    covered = index.nearest(framed).reshape(len(TOPIC_FRAMINGS), len(topics)).max(axis=0) >= 0.75
    topic_vecs = topic_vecs[~covered]  # as ScopeGuard: topics the lessons cover are left out
    examples = [e.question for e in load_examples(Path("knowledge"))]
    sources = example_sources()
    example_file = np.array([sources.get(e, "") for e in examples])
    example_vecs = index.embed(examples)
    english = english_words()
    # the corpus's words, each embedded alone: an unknown term's nearest corpus word (a synonym the lessons use?)
    vocabulary = sorted({w for p in index.passages.values() for w in content_terms(p.context + " " + p.text)})
    vocabulary_vecs = index.embed(vocabulary)
    rows = []
    for name in FILES:
        for line in open(DATA / f"{name}.jsonl"):
            q = json.loads(line)
            text = normalise_question(q["q"])
            query = index.prepare(text)
            hits = index.search(query, limit=20)
            v = scope.judge(query, hits)
            terms = [t for t in dict.fromkeys(content_terms(query.searched)) if t not in FRAMING]
            absent = [t for t in terms if t in query.unknown]
            synonym = dict(zip(absent, (vocabulary_vecs @ index.embed(absent).T).max(axis=0).tolist())) if absent else {}
            sv = index.embed([stripped(query.searched)])[0]
            unknown = {u.lower() for u in query.unknown}
            ablated = " ".join(w for w in words(query.searched) if w.lower() not in unknown) or query.searched
            av = searcher.embedder.embed_query([ablated])[0] if unknown else query.vector
            own = example_file != name
            ex_sims = np.sort(example_vecs[own] @ query.vector)[::-1]
            nearest_ex = int(np.flatnonzero(own)[int(np.argmax(example_vecs[own] @ query.vector))])
            top = hits[:5]
            if top:
                units = searcher._layout.units_of(np.array([h.passage.id for h in top], dtype=np.int64))
                ids = np.concatenate([units.passage, units.sentences.ravel()])
                ids = np.unique(ids[ids >= 0])
                f_sent = float((searcher._vectors.vectors(ids) @ sv).max())
            else:
                f_sent = 0.0
            stems1 = {stem(w) for w in content_terms(hits[0].passage.context + " " + hits[0].passage.text)} if hits else set()
            stems5 = {stem(w) for h in top for w in content_terms(h.passage.context + " " + h.passage.text)}
            rows.append(dict(
                file=name, id=q["id"], cat=q.get("category", "in_domain"), outcome=v.outcome, q=q["q"],
                margin=v.topic - v.similarity, sim=v.similarity, topic=v.topic,
                strip_sim=float(index.nearest(sv[None])[0]), strip_topic=float((topic_vecs @ sv).max()),
                ex=float(ex_sims[0]), ex3=float(ex_sims[:3].mean()), nearest_example=examples[nearest_ex],
                f_sent=f_sent, f_topic=float((topic_vecs @ sv).max()), focus=stripped(query.searched),
                terms=[dict(t=t, en=english.get(t.lower(), 0), corpus=t not in query.unknown,
                            top1=stem(t) in stems1, top5=stem(t) in stems5,
                            synonym=synonym.get(t, 1.0)) for t in terms],
                keep=float(av @ query.vector), abl_sim=float(index.nearest(av[None])[0]),
                score=max((h.score for h in hits), default=-20.0), unknown=list(query.unknown)))
    json.dump(rows, open(out, "w"))


if __name__ == "__main__":
    main(sys.argv[1])
