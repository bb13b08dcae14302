"""A question asking what came of the work puts the passages that say so first (pure): "how do we know if the
collaborative is actually working?" opened with West Yorkshire's next steps, not "The impact of the collaborative so
far"; "how did the west yorkshire trusts reduce out of area placements?" never showed the passage stating the
reductions. `results_first(question, hits)`: the passages of a lesson's results section ("The impact of …",
"Outcome achieved") and those stating a result first, each group in the search's order; for a reduction asked
("reduce", "cut"), only those of a results section telling of one. Any other question's hits are as they were: one
about people's outcomes ("improve mental health outcomes", "outcomes for local people") or a reduction aimed at ("aim
to reduce the life expectancy gap") asks for no result of the work (BENCHMARKS.md, "Stop 50")."""

from __future__ import annotations

import re

from index import Hit

_RESULTS_ASKED = re.compile(
    r"\b(?:results?|impact|outcomes?|achievements?)\b(?!\s+(?:data|framework|measures?|metrics?|reports?)\b)"
    r"|\b(?:has|have|had|did)\s+(?:[\w'’-]+\s+){0,4}?(?:achieved?|delivered?)\b"  # "what has it achieved so far?"
    r"|\bmeasured?\s+(?:its\s+|their\s+)?success\b|\bevidence\s+(?:that|of)\b"
    r"|\b(?:is|are)\s+(?:[\w'’-]+\s+){0,3}?(?:actually|really)\s+working\b", re.IGNORECASE)
# "cut off" (from other sectors) asks for no reduction
_REDUCTION_ASKED = re.compile(r"\b(?:reduce[sd]?|reducing|cut(?!\s+off\b)|lower(?:ed)?)\b", re.IGNORECASE)
# words asking for no result of the work: the outcomes of people's health ("improving outcomes for local people",
# "population outcomes"), a reduction aimed at ("pledge to reduce early deaths")
_NO_RESULT_ASKED = re.compile(
    r"\b(?:improv\w*|better|worse|health|population|local|our|patients?['’]?|people['’]?s?|clinical)\s+"
    r"(?:[\w'’-]+\s+){0,2}?outcomes?\b|\boutcomes?\s+(?:for|are|were)\b"
    r"|\b(?:aim(?:s|ing)?|plan(?:s|ning)?|pledge[sd]?|pledging|targets?|wants?|hopes?|ambitions?|commit(?:s|ted)?|intends?)"
    r"\s+to\s+(?:reduce|cut|lower)\b", re.IGNORECASE)
_REDUCTION_TOLD = re.compile(r"\breduc(?:ed|tions?)\b|\bfell\b|\bcut\b", re.IGNORECASE)
# a result stated: a reduction, a multiple or a share ("As a result, they face challenges" states none)
_RESULT_TOLD = re.compile(r"\breduc(?:ed|tions?)\b|\b(?:doubled|halved|trebled)\b|\bper\s?cent\b|\d\s?%", re.IGNORECASE)
_RESULTS_SECTION = re.compile(r"\b(?:impact|outcomes?|results?|achieve\w*|achievements?)\b", re.IGNORECASE)


def results_first(question: str, hits: list[Hit]) -> list[Hit]:
    """`hits` with the passages saying what came of the work first, when `question` asks (`_RESULTS_ASKED`): those of
    a results section stating a result ("demonstrate reductions", "doubled", "47 per cent"), then
    those either of a results section or stating one; for a reduction asked (`_REDUCTION_ASKED`), those of a results
    section telling of one. Each group in the search's order; `hits` as they are for any other question."""
    question = _NO_RESULT_ASKED.sub(" ", question)
    general = bool(_RESULTS_ASKED.search(question))
    if not general and not _REDUCTION_ASKED.search(question):
        return hits

    def told(hit: Hit) -> int:
        section = bool(_RESULTS_SECTION.search(hit.passage.section))
        if not general:
            return int(section and bool(_REDUCTION_TOLD.search(hit.passage.text)))
        return section + bool(_RESULT_TOLD.search(hit.passage.text))

    return sorted(hits, key=lambda hit: -told(hit))
