"""The speller's tables (SymSpell's deletions, English's pairs, words by their consonants, the names'
and acronyms' deletions ...) are built the first time a question needs them, not when the index
opens: a question of known words builds none but the corpus's words by their one-letter deletions, the
cheapest (English's pairs are read only when a corpus word could replace an English word the corpus
lacks), and a correction is the same whether its tables were
built before, for it, or by other threads at the same moment."""

from __future__ import annotations

import threading

import pytest
from conftest import KNOWLEDGE

from index.spelling import LAZY_TABLES, Speller, corpus_words

KNOWN = "How can trusts build trust at board level?"
TYPOS = ["How did trsuts shrae staf acros the colaborative?", "wht r the lessons on govrnance", "mntl helth collab",
         "heelthtransforrmation in Deon Partnership Trust", "focused on patience", "how 2 build trust w/ MHDA",
         "collab orative working", "yorks partnership", "any1 done a joint comittee?", "the wader system"]


@pytest.fixture(scope="module")
def corpus():
    vocabulary = corpus_words(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md"))
    names = ["Devon Partnership Trust", "West Yorkshire Mental Health Collaborative", "Sir Richard Leese"]
    return vocabulary, names


def built(speller: Speller) -> set[str]:
    return {name for name in LAZY_TABLES if name in vars(speller)}


def test_a_question_of_known_words_builds_no_table_but_the_corpus_words_by_their_deletions(corpus):
    speller = Speller(*corpus[:1], names=corpus[1])
    assert built(speller) == set()
    assert speller.correct(KNOWN) == KNOWN
    assert built(speller) == {"_one_edit_table"}  # the corpus words one edit from each of its words, looked up
    speller.correct("How did trsuts share staff?")  # an unknown word: its look-ups built
    assert "_symspell" in built(speller)


def test_an_english_word_the_corpus_lacks_reads_englishs_pairs_only_when_a_corpus_word_could_replace_it(corpus):
    speller = Speller(corpus[0])
    assert speller.correct("How did trusts handle the zeppelin?") == "How did trusts handle the zeppelin?"
    assert "_pairs" not in built(speller)  # no corpus word one edit away or sounding alike
    assert speller.correct("the wader system") == "the wider system"  # one: English's pairs say which
    assert "_pairs" in built(speller)


def test_tables_built_on_need_correct_as_tables_built_first(corpus):
    vocabulary, names = corpus
    ready = Speller(vocabulary, names=names)
    for name in LAZY_TABLES:  # every table built before any question
        getattr(ready, name)
    assert built(ready) == set(LAZY_TABLES)
    expected = [ready.correct(text) for text in TYPOS]
    assert expected != TYPOS
    assert [Speller(vocabulary, names=names).correct(text) for text in TYPOS] == expected  # each its own speller
    shared = Speller(vocabulary, names=names)
    assert [shared.correct(text) for text in TYPOS] == expected


def test_threads_that_need_a_table_at_once_each_find_it_whole(corpus):
    vocabulary, names = corpus
    expected = [Speller(vocabulary, names=names).correct(text) for text in TYPOS]
    speller = Speller(vocabulary, names=names)
    start = threading.Barrier(len(TYPOS))
    found: dict[int, str] = {}

    def correct(i: int) -> None:
        start.wait()
        found[i] = speller.correct(TYPOS[i])

    threads = [threading.Thread(target=correct, args=(i,)) for i in range(len(TYPOS))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [found[i] for i in range(len(TYPOS))] == expected


def test_an_attribute_the_speller_has_not_is_still_an_attribute_error(corpus):
    speller = Speller(corpus[0])
    with pytest.raises(AttributeError, match="_no_such_table"):
        speller._no_such_table  # noqa: B018
    assert not hasattr(speller, "spelled")
