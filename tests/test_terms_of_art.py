"""Terms of art (bot/terms_of_art.py): a question naming one of `MEANINGS` as its subject, however misspelt, is
searched in the plain words of its meaning; the terms it names that no passage uses, longest first. `_close`
rules words out by difflib's cheap upper bounds before its ratio: it must accept exactly the words the
ratio alone accepts."""

from __future__ import annotations

from difflib import SequenceMatcher

from conftest import KNOWLEDGE

from bot.terms_of_art import _CLOSE, MEANINGS, TermsOfArt, _close
from index.spelling import corpus_words
from index.spelling_forms import single_edits


def plain_rule(word: str, wanted: str) -> bool:
    return word in (wanted, wanted + "s") or (len(wanted) >= 5 and SequenceMatcher(None, word, wanted).ratio() >= _CLOSE)


def test_the_prechecks_never_turn_away_a_word_the_ratio_accepts():
    vocabulary = corpus_words(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md"))
    wanted_words = {w for term in MEANINGS for w in term.split()} | {"provider", "commissioning"}
    accepted = 0
    for wanted in wanted_words:
        slips = {e for e in single_edits(wanted)} | {e2 for e in list(single_edits(wanted))[::9] for e2 in single_edits(e)}
        for word in [*vocabulary, *slips, "", "e", wanted[:3], wanted * 2]:
            assert _close(word, wanted) == plain_rule(word, wanted), (word, wanted)
            accepted += _close(word, wanted)
    assert accepted > 1000  # slips of each term's words are accepted, not only ruled out


def test_a_misspelt_term_as_the_subject_is_read_in_plain_words():
    terms = TermsOfArt(["a lesson on waiting lists"])
    plain, term = terms.plain_reading("How did trusts tackle elective recvery?")
    assert (plain, term) == (f"How did trusts tackle {MEANINGS['elective recovery']}?", "elective recovery")
    assert terms.plain_reading("Any lessons on the Elective Backlogs across trusts?")[1] == "elective backlog"


def test_a_term_naming_another_subject_or_used_by_a_passage_stays():
    question = "What is the elective recovery fund?"
    assert TermsOfArt(["a lesson on waiting lists"]).plain_reading(question) == (question, "")
    used = TermsOfArt(["our elective recovery programme cut waits"])
    assert used.plain_reading("How did trusts tackle elective recovery?") == ("How did trusts tackle elective recovery?", "")


def test_the_unused_terms_named_are_the_longest_first_and_none_inside_another():
    terms = TermsOfArt(["a lesson on waiting lists"])
    assert terms.unused_in("Was there a risk and gain share with a lead provider?") == ("risk and gain share", "lead provider")
