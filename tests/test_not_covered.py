"""Not covered: the reference NHS topics (`nhs_topics.yaml`) and the lessons compared, and a
lesson added on a topic turning its questions from not covered into answered."""

import pytest
from corpus_helpers import answer_with_lesson

from bot.corpus import open_corpus
from bot.scope import TOPIC_FRAMINGS, ScopeGuard
from bot.scope_files import ScopeError, load_topics

EPR_QUESTION = "How did collaboratives roll out a shared electronic patient record?"
EPR_LESSON = """---
title: One electronic patient record across three trusts
publisher: NHS Providers
---

## Rolling out a shared electronic patient record

Three acute trusts in the collaborative replaced their separate systems with one shared electronic
patient record. They procured it together, agreed a single clinical design authority, and rolled it
out hospital by hospital, training super-users on every ward before each go-live. Clinicians can now
see a patient's record whichever of the three hospitals they are treated in.
"""


def test_the_bundled_topics_load_and_are_generic(corpus_dir):
    topics = load_topics(corpus_dir)
    assert len(topics) >= 80 and len(set(topics)) == len(topics)
    assert all(t == t.strip() and len(t.split()) <= 16 for t in topics)


def test_no_topics_file_means_no_topics(tmp_path):
    assert load_topics(tmp_path) == []


@pytest.mark.parametrize("text, problem", [
    ("nhs_topics: [a, b]\n", "expected `nhs_topics:` mapping"),
    ("nhs_topics:\n  digital: []\n", "expected `nhs_topics:` mapping"),
    ("nhs_topics:\n  digital: [1]\n", "expected `nhs_topics:` mapping"),
    ("nhs_topics: {a: [\n", "malformed YAML"),
])
def test_a_malformed_topics_file_is_one_clear_error(tmp_path, text, problem):
    (tmp_path / "nhs_topics.yaml").write_text(text)
    with pytest.raises(ScopeError, match=problem):
        load_topics(tmp_path)


def test_a_malformed_topics_file_stops_the_corpus_loading_with_that_error(settings, embedder):
    (settings.knowledge_dir / "nhs_topics.yaml").write_text("nhs_topics: nope\n")
    with pytest.raises(ScopeError, match="nhs_topics.yaml"):
        open_corpus(settings, embedder)


def test_the_hashing_embedder_ignores_the_topics(corpus, answerer):
    """It has no semantics: a question is answered when a word matches a passage, as before."""
    assert corpus.scope.topic(corpus.index.prepare(EPR_QUESTION)) == 0.0
    assert answerer.answer("How did the committee in common make decisions?").outcome == "answered"


@pytest.mark.model
def test_topics_are_embedded_once_in_every_framing(real_embedder, corpus_dir):
    topics = load_topics(corpus_dir)
    guard = ScopeGuard(real_embedder, [], topics)
    assert guard._topics.shape == (len(topics) * len(TOPIC_FRAMINGS), real_embedder.dimension)


@pytest.mark.model
def test_a_lesson_added_on_a_topic_turns_not_covered_into_answered(tmp_path, real_embedder, real_answerer,
                                                                     real_settings):
    assert real_answerer.answer(EPR_QUESTION).outcome == "not_covered"  # the bundled corpus, as the session built it
    after = answer_with_lesson(tmp_path, real_embedder, real_settings, "shared-electronic-patient-record.md", EPR_LESSON,
                               EPR_QUESTION)
    assert after.outcome == "answered"
    assert after.snippets[0].document.title == "One electronic patient record across three trusts"


def test_nearest_is_a_passages_own_similarity(corpus):
    passage = next(iter(corpus.index.passages.values()))
    best = corpus.index.nearest(corpus.index.embed([passage.text, "zzqx wvvk"]))
    assert best.shape == (2,) and best[0] == pytest.approx(1.0, abs=1e-3) and best[1] < best[0]


@pytest.mark.model
@pytest.mark.parametrize("question", ["How to set up a lithium battery recycling scheme?"])
def test_a_subject_the_lessons_share_nothing_with_is_not_answered(real_answerer, question):
    """Before: answered with five unrelated excerpts (its best similarity 0.17, under every answerable
    tuning question's), as no reference topic, everyday subject or request was near it either."""
    answer = real_answerer.answer(question)
    assert answer.outcome == "not_covered" and not answer.snippets


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "How were finances shared openly?",  # was nearest "pay, contracts, terms and conditions and pay disputes"
    "How open should we be with partner trusts about our finances?",  # not a topic of a trust's money in general
    "How did collaboratives involve patients in redesign?",  # was nearest "research, clinical trials and innovation"
    "Did the three BSW trusts lend each other equipment?",  # was nearest "joint procurement of medical devices ..."
    "any advice on setting sensible ambitions for a small group of trusts?",  # "meeting financial targets ..."
])
def test_a_question_the_lessons_answer_is_not_declined_by_a_topic_sharing_one_of_its_words(real_answerer, question):
    """Before: declined as not covered, nearer a reference topic that shares one ambiguous word's other
    sense (shared finances as pay disputes, involving patients as clinical trials, lending equipment as
    buying it) than to the passage that answers it; the topics now name the kind of work in words of
    their own sense."""
    answer = real_answerer.answer(question)
    assert answer.outcome == "answered" and answer.snippets


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "What savings have collaboratives made from buying medical supplies jointly?",
    "What hourly rate does the West Yorkshire collaborative staff bank pay nurses?",
    "How did trusts in a provider collaborative cut their deficit together?",
])
def test_questions_on_the_reworded_topics_are_still_not_covered(real_answerer, question):
    """The reworded topics still decline what the lessons do not cover: joint purchasing, pay rates, deficits."""
    assert real_answerer.answer(question).outcome == "not_covered"


class _NoEmbedding:
    """The real model for everything but embedding texts: a guard built from kept vectors embeds none."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def embed(self, texts, *args, **kwargs):
        raise AssertionError(f"embedded {len(texts)} texts again")


@pytest.mark.model
def test_the_scope_texts_vectors_are_kept_and_the_next_process_reads_them(real_corpus, real_settings, real_embedder):
    """The ~2,500 reference texts (requests, topics and subjects in their framings, everyday subjects) were
    embedded at every start: most of a real-model start's CPU (BENCHMARKS.md, "Stop 39: kept scope vectors")."""
    from bot.scope_files import SUBJECTS_FILE, load_everyday, load_out_of_scope

    kept = sorted(p.name.rsplit("-", 1)[0] for p in real_settings.cache_dir.glob("scope-*.npy"))
    assert kept == ["scope-everyday", "scope-requests", "scope-topics"]
    folder = real_settings.knowledge_dir
    kinds = load_out_of_scope(folder)
    again = ScopeGuard(_NoEmbedding(real_embedder), kinds, load_topics(folder), real_corpus.index,
                       load_everyday(folder, kinds), load_topics(folder, SUBJECTS_FILE), real_settings.cache_dir)
    for text in ("How did trusts build trust at board level?", "How did collaboratives set up consultant on-call rotas?",
                 "What's a good recipe for banana bread?", "Should I increase my metformin dose?"):
        query = real_corpus.index.prepare(text)
        hits = real_corpus.index.search(query, 5)
        assert again.judge(query, hits) == real_corpus.scope.judge(query, hits)
