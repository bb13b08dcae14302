"""Out of scope by subject: everyday subjects (`everyday_topics.yaml`) against the lessons and the NHS
topics, declining requests of kinds that no cue or example names, with their kind's pointer."""

import pytest
from conftest import KNOWLEDGE

from bot.corpus import open_corpus
from bot.scope import ScopeGuard
from bot.scope_files import ScopeError, load_everyday, load_out_of_scope, load_topics


def test_the_bundled_subjects_load_each_with_an_existing_kind(corpus_dir):
    kinds = load_out_of_scope(corpus_dir)
    subjects = load_everyday(corpus_dir, kinds)
    assert len(subjects) >= 60 and len({s for s, _ in subjects}) == len(subjects)
    assert {k.name for _, k in subjects} <= {k.name for k in kinds}
    assert {"care of a patient", "general knowledge and chat", "IT help"} <= {k.name for _, k in subjects}


def test_no_subjects_file_or_no_kinds_means_no_subjects(tmp_path, corpus_dir):
    assert load_everyday(tmp_path, load_out_of_scope(corpus_dir)) == []
    assert load_everyday(corpus_dir, []) == []


@pytest.mark.parametrize("text, problem", [
    ("everyday_topics: [a, b]\n", "expected `everyday_topics:` mapping"),
    ("everyday_topics: {}\n", "expected `everyday_topics:` mapping"),
    ("everyday_topics:\n  sport: [football]\n", "`sport` needs `kind:`"),
    ("everyday_topics:\n  sport:\n    topics: [football]\n", "`sport` needs `kind:`"),
    ("everyday_topics:\n  sport:\n    kind: small talk\n    topics: []\n", "`sport` needs `kind:`"),
    ("everyday_topics:\n  sport:\n    kind: small talk\n    topics: [football, {a: 1}]\n", "`sport` needs `kind:`"),
    ("everyday_topics:\n  sport:\n    kind: sport talk\n    topics: [football]\n",
     "names kind `sport talk`, which out_of_scope.yaml does not have"),
    ("everyday_topics: {a: [\n", "malformed YAML"),
])
def test_a_malformed_subjects_file_is_one_clear_error(corpus_dir, text, problem):
    (corpus_dir / "everyday_topics.yaml").write_text(text)
    with pytest.raises(ScopeError, match=problem) as raised:
        load_everyday(corpus_dir, load_out_of_scope(corpus_dir))
    assert "everyday_topics.yaml" in str(raised.value) and "\n" not in str(raised.value)


def test_a_malformed_subjects_file_stops_the_corpus_loading_with_that_error(settings, embedder):
    (settings.knowledge_dir / "everyday_topics.yaml").write_text("everyday_topics:\n  sport:\n    kind: nope\n    topics: [a]\n")
    with pytest.raises(ScopeError, match="everyday_topics.yaml"):
        open_corpus(settings, embedder)


def test_the_hashing_embedder_ignores_the_subjects(corpus):
    """It has no semantics: nothing is embedded and no question is near a subject."""
    assert corpus.scope.everyday(corpus.index.prepare("Who won the football?")) == (0.0, None)


# everyday requests no cue or example of out_of_scope.yaml names, each with the kind whose pointer it gets
EVERYDAY = [
    ("What colour is a flamingo?", "general knowledge and chat"),
    ("Who painted the Mona Lisa?", "general knowledge and chat"),
    ("Best way to clean suede shoes?", "general knowledge and chat"),
    ("What is a healthy resting heart rate?", "care of a patient"),
]


@pytest.fixture(scope="module")
def guard_without_subjects(real_corpus) -> ScopeGuard:
    """The real corpus's scope guard but for the everyday subjects (made once: it embeds every
    example and topic)."""
    index = real_corpus.index
    return ScopeGuard(index.embedder, load_out_of_scope(KNOWLEDGE), load_topics(KNOWLEDGE), index)


@pytest.mark.model
@pytest.mark.parametrize("question, kind", EVERYDAY)
def test_an_everyday_request_no_cue_names_is_declined_with_its_kinds_pointer(real_answerer, real_corpus,
                                                                              guard_without_subjects, question, kind):
    kinds = load_out_of_scope(KNOWLEDGE)
    assert not any(k.cued(question) for k in kinds)
    answer = real_answerer.answer(question)
    assert answer.outcome == "out_of_scope" and not answer.snippets and not answer.contacts
    assert answer.pointer == next(k.reply for k in kinds if k.name == kind)
    # the subjects decide it: the same guard without them answers it (or calls it not covered)
    index = real_corpus.index
    without = guard_without_subjects
    query = index.prepare(question)
    assert without.judge(query, index.search(query, 20)).outcome != "out_of_scope"


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "How did trusts support staff wellbeing during the merger?",
    "Did the collaborative help people get their operations quicker?",
    "What did the West Yorkshire trusts do about kids' mental health beds?",
    "What did they learn about getting people to work as a team?",
])
def test_an_on_topic_question_in_everyday_words_is_answered(real_answerer, question):
    answer = real_answerer.answer(question)
    assert answer.outcome == "answered" and answer.snippets
