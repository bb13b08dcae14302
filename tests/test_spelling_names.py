"""A corpus name misspelt into a real word (index/spelling.py with the served corpus's names,
index/snapshot.py `names`): corrected when a question is prepared, so it does not make the
question look as if it names something the corpus does not cover."""

from bot.programme_names import unknown_names

TYPED = "How did Deon Partnership Trust suggest starting out: big bang or small?"


def test_the_corpus_s_names_come_from_its_front_matter(corpus):
    names = corpus.index.names()
    assert "Devon Partnership NHS Trust" in names and "Melanie Walker" in names
    assert "Kent and Medway ICS" in names  # a region's parts apart


def test_a_name_misspelt_into_a_real_word_is_corrected_and_not_taken_for_an_unknown_name(corpus):
    query = corpus.index.prepare(TYPED)
    assert query.searched == TYPED.replace("Deon", "Devon")
    assert "deon" not in query.unknown and unknown_names(query) == ()


def test_a_misspelt_name_is_answered_as_the_spelled_one_is(answerer):
    spelled = answerer.answer(TYPED.replace("Deon", "Devon"))
    typed = answerer.answer(TYPED)
    assert typed.outcome == spelled.outcome == "answered"
    assert [s.passage_id for s in typed.snippets] == [s.passage_id for s in spelled.snippets]
