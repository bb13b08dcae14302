"""The line before an answer's excerpts when it is not the usual one (pure): `answer_lead_line`."""

from __future__ import annotations

from bot import messages
from bot.answer import Snippet
from bot.failures import asks_what_went_wrong, tells_of_difficulty, tells_of_failure
from bot.figures import figure_asked, gives_figure
from bot.programme_names import unmentioned_names
from bot.yes_no import asks_yes_or_no
from index import Query


def answer_lead_line(asked: str, query: Query, snippets: list[Snippet], terms: tuple[str, ...] = ()) -> str:
    """That the lessons never mention a name the question gives (`unmentioned_names`: the excerpts are about
    others), that they never use the `terms` of art it names (`bot.terms_of_art`), that they give no figure for a question asking for one (`bot.figures`), that none of the
    excerpts tells of anything going wrong when the question asks what did (`bot.failures`: at most of
    difficulties met), or that peerbot
    gives no yes or no (`bot.yes_no`); "" otherwise."""
    passages, documents = len(snippets), len({s.document.id for s in snippets})
    if names := unmentioned_names(query):
        return messages.unmentioned_lead(names, passages, documents)
    if terms:
        return messages.unused_terms_lead(terms, passages, documents)
    figure = figure_asked(asked)
    if figure and not any(gives_figure(s.text, figure) for s in snippets):
        return messages.no_figure(figure)
    if asks_yes_or_no(asked):  # "is it a mistake to …?", "did anything go wrong?": no verdict either way
        return messages.yes_no_lead(passages, documents)
    if asks_what_went_wrong(asked) and not any(tells_of_failure(s.text) for s in snippets):
        return messages.no_failure_lead(any(tells_of_difficulty(s.text) for s in snippets), passages, documents)
    return ""
