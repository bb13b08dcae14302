"""Screen candidate signals for declining on-topic-but-not-covered questions (issue 9, part 3).

Loads the Answerer once, runs every tuning question (never the held-out or check files) and writes one
row of signals per question to a JSON file; `benchmarks/nc_signals_score.py` scores rules on it.
Run: OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/nc_signals.py /tmp/nc_rows.json
"""
import json
import sys
from pathlib import Path

from bot.answerer import Answerer, normalise_question
from bot.corpus import open_corpus
from bot.scope import load_topics
from bot.settings import Settings
from index.english import english_words
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


def main(out: str) -> None:
    answerer = Answerer(open_corpus(Settings())[0])
    index, scope = answerer.index, answerer.corpus.scope
    topics = load_topics(Path("knowledge"))
    topic_vecs = index.embed(topics)
    covered = index.nearest(topic_vecs) >= 0.75  # as ScopeGuard: topics the lessons cover are left out
    topic_vecs = topic_vecs[~covered]
    english = english_words()
    rows = []
    for name in FILES:
        for line in open(DATA / f"{name}.jsonl"):
            q = json.loads(line)
            text = normalise_question(q["q"])
            query = index.prepare(text)
            hits = index.search(query, limit=20)
            v = scope.judge(query, hits)
            terms = {stem(t) for t in content_terms(query.searched)} - {stem(w) for w in FRAMING}
            dense = sorted((h.dense for h in hits), reverse=True)
            best_dense = max(hits, key=lambda h: h.dense) if hits else None
            best_lex = max(hits, key=lambda h: h.lexical) if hits else None

            def coverage(hit):
                if hit is None or not terms:
                    return 1.0
                have = {stem(w) for w in content_terms(hit.passage.context + " " + hit.passage.text)}
                return len(terms & have) / len(terms)

            sv = index.embed([stripped(query.searched)])
            rare = [u for u in query.unknown if english.get(u.lower(), 0) < 5_000_000]
            rows.append(dict(
                file=name, id=q["id"], cat=q.get("category", "in_domain"), outcome=v.outcome, q=q["q"],
                margin=v.topic - v.similarity, sim=v.similarity, topic=v.topic,
                strip_sim=float(index.nearest(sv)[0]), strip_topic=float((topic_vecs @ sv[0]).max()),
                cov_top=coverage(hits[0] if hits else None), cov_dense=coverage(best_dense),
                cov_any=max((coverage(h) for h in hits[:5]), default=1.0),
                gap5=(dense[0] - dense[4]) if len(dense) >= 5 else 0.0,
                agree=bool(best_dense and best_lex and best_lex.lexical > 0
                           and best_dense.passage.id == best_lex.passage.id),
                top_lex=hits[0].lexical if hits else 0.0, score=max((h.score for h in hits), default=-20.0),
                unknown=list(query.unknown), rare=rare,
                rare_min=min((english.get(u.lower(), 0) for u in query.unknown), default=10**12)))
    json.dump(rows, open(out, "w"))


if __name__ == "__main__":
    main(sys.argv[1])
