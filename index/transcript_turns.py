"""A transcript's turns (pure): a turn under a speaker's full name in capitals ("ESTHER QUAYE: …",
"[00:03:12] SARAH JONES: …"), whose an interview's answers are (its introduction's or its section heading's one
person), and those answers: "A: …" lines, and a paragraph right under a question line of its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from index.quote_shapes import MIN_QUOTE_WORDS, enclosing_marks
from index.speakers import Speaker, named_people, only_person
from index.text import name_forms

_CAPITAL_TURN = re.compile(  # "ESTHER QUAYE: …", "[00:03:12] SARAH JONES: …" (a podcast's timestamp before it)
    r"(?:[\[(]?\d{1,2}(?::\d{2}){1,2}[\])]?[ \t]+)?"
    r"(?P<label>[A-Z][A-Z’'-]+(?: [A-Z][A-Z’'-]+){1,3}):[ \t]+(?P<words>\S[^\n]*)")


def capital_turn(paragraph: str, people: Sequence[Speaker]) -> tuple[Speaker, int] | None:
    """A transcript's turn under a speaker in capitals ("ESTHER QUAYE: The cot goes …", after a timestamp
    or not): the person the label is wholly the full name of, and where their words start; None for a post
    ("CHAIR:"), a first name or surname alone ("WILL:"), words that are short or no sentence, or a
    quotation mark at their start that does not enclose them all (`Jo: “A” is our motto.`)."""
    turn = _CAPITAL_TURN.fullmatch(paragraph.strip())
    if not turn:
        return None
    words = turn.group("words").rstrip()
    enclosed = words[0] in "“\"" and words[-1] in "”\"" and not re.search(r"[“”\"]", words[1:-1])
    if len(words.split()) < 6 or words.rstrip("”\"")[-1:] not in (".", "!", "?") or (
            words[0] in "“\"‘'" and not enclosed):
        return None
    label = turn.group("label").lower()
    matches = [p for p in people if any(" " in form and form.lower() == label for form in name_forms(p.name))]
    if len(matches) != 1:
        return None
    return matches[0], len(paragraph) - len(paragraph.lstrip()) + turn.start("words")


_FIRST_QUESTION = re.compile(r"(?m)^[ \t]*(?:Q|Question|Interviewer)[ \t]*:")
_FIRST_ANSWER = re.compile(r"(?m)^[ \t]*(?:A|Answer)[ \t]*:")
_INTERVIEWER = re.compile(  # the one person the introduction names may be the one asking
    r"\b(?:interview(?:ed|s)?\s+by|asked\s+by|questions?\s+(?:from|by)|editor|reporter|correspondent|journalist|"
    r"host|presenter|interviewer)\b", re.I)


_INTERVIEW = re.compile(  # the introduction says an interview follows (not an FAQ "prepared by Jo Bloggs")
    r"\b(?:interview\w*|(?:spoke|speaks|spoken|talked|talks|chatted)\s+(?:to|with)|we\s+asked|asked\s+(?:him|her|them)|"
    r"in\s+conversation|Q\s*&\s*A|(?:five|ten)\s+minutes\s+with|sat\s+down\s+with|caught\s+up\s+with)\b", re.I)


def interviewee(text: str, people: Sequence[Speaker]) -> Speaker | None:
    """Whose a Q:/A: interview's answers are: the one listed person its introduction (the text before the
    first "Q:" turn) names, when answers ("A:") follow and it says an interview follows ("We spoke to him"),
    names no one else and no interviewer; None otherwise (an FAQ "prepared by Jo Bloggs", two people
    named, "interviewed by Jo Bloggs")."""
    question = _FIRST_QUESTION.search(text)
    if not question or not _FIRST_ANSWER.search(text, question.end()):
        return None
    introduction = text[:question.start()]
    if _INTERVIEWER.search(introduction) or not _INTERVIEW.search(introduction):
        return None
    return only_person(named_people(introduction, people))


_ANSWER = re.compile(r"[ \t]*(?:A|Answer)[ \t]*:[ \t]+")


def answer_turn(paragraph: str, person: Speaker | None) -> tuple[Speaker, int] | None:
    """An interview's answer ("A: …") as `person`'s (the `interviewee`), and where its words start: six
    words or more, a sentence, wholly in marks or with none at their start; None otherwise."""
    answer = _ANSWER.match(paragraph)
    if not person or not answer or "\n" in paragraph.strip():
        return None
    words = paragraph[answer.end():].rstrip()
    lead, trail = enclosing_marks(words)
    if (len(words.split()) < MIN_QUOTE_WORDS or words[:1] in "“\"‘'" and not lead
            or words[:len(words) - trail].rstrip()[-1:] not in (".", "!", "?")):
        return None
    return person, answer.end()


_INTERVIEW_HEADING = re.compile(  # "Interview: ", "In conversation with ", "Q&A with ", "Ten minutes with "
    r"(?:an?\s+)?(?:interview|in\s+conversation|conversation|q\s*&\s*a|(?:five|ten|fifteen|twenty|\d+)\s+minutes)"
    r"(?:\s*:\s*|\s+with\s+)", re.I)


def heading_interviewee(heading: str, people: Sequence[Speaker]) -> Speaker | None:
    """Whose a section's interview answers are when its heading opens by saying it is an interview with one listed
    person, named right after ("In conversation with Jo Bloggs", "Interview: Jo Bloggs, chief nurse", "Q&A with Jo
    Bloggs"); None when it names anyone else or an interviewer ("Jo Bloggs interviews the chair", "Interview tips from
    Jo Bloggs")."""
    opening = _INTERVIEW_HEADING.match(heading.strip())
    if not opening or _INTERVIEWER.search(heading):
        return None
    named = named_people(heading.strip(), people)
    person = only_person(named)
    return person if person and min(n.start for n in named) == opening.end() else None


_QUESTION_LINE = re.compile(  # "**What changed first?**", "Q: Why?": a question line, not a list item's
    r"(?![-*+•]\s|\d+[.)]\s)(?:\*\*|__)?(?:(?:Q|Question)[ \t]*:[ \t]*)?[^“”\"‘’\n*]{3,250}\?(?:\*\*|__)?")


def question_line(line: str) -> bool:
    """Whether a line is a question of its own ("**What changed first?**", "Q: Why?"), as an interview asks it."""
    return _QUESTION_LINE.fullmatch(line.strip()) is not None


class _Passage(Protocol):
    @property
    def section(self) -> str: ...
    @property
    def text(self) -> str: ...


def questions_interviewee(passages: Sequence[_Passage], people: Sequence[Speaker]) -> Speaker | None:
    """Whose an interview's answers are when its questions are sub-headings (a PDF's bold question lines): the one
    listed person the text before the first question names, when it says an interview follows ("We asked her …") and
    names no interviewer; None otherwise."""
    first = next((i for i, p in enumerate(passages) if question_line(p.section)), None)
    if not first:
        return None
    introduction = "\n\n".join(p.text for p in passages[:first])
    if _INTERVIEWER.search(introduction) or not _INTERVIEW.search(introduction):
        return None
    return only_person(named_people(introduction, people))


_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|me|my|we|we['’](?:re|ve|d|ll)|us|our|ours)\b", re.I)
_LABEL = re.compile(r"[^:.!?]{1,80}:\s")  # "Sam Able: …", "Two things: …": a turn label or a list's lead


def interview_answer(paragraph: str, before: str, person: Speaker | None,
                     people: Sequence[Speaker]) -> tuple[Speaker, int] | None:
    """An interview's answer as `person`'s (the interviewee), and where its words start: an "A: …" line
    (`answer_turn`), or a paragraph right under a question line of its own; None when the question before it opens by
    addressing someone else ("Q: Sam Able, what did the porters think?"; not "Q: Sam Able told us … Was it?")."""
    question = re.sub(r"^(?:\*\*|__)?(?:(?:Q|Question)[ \t]*:[ \t]*)?", "", before.strip())
    addressed = [n for n in named_people(question, people) if n.start == 0 and question[n.end:n.end + 1] == ","]
    if person is None or addressed and addressed[0].person.name != person.name:
        return None
    return answer_turn(paragraph, person) or _answer_after_question(paragraph, before, person, people)


def _answer_after_question(paragraph: str, before: str, person: Speaker,
                           people: Sequence[Speaker]) -> tuple[Speaker, int] | None:
    """A paragraph right under a question line ("**What changed first?**" / "We put a nurse at the door."): one line of
    six words or more ending a sentence, wholly in marks or with none, in the first person ("I", "we", "our"), naming no
    listed person and under no label; None otherwise (a list, a question, "Jo Bloggs says the board …")."""
    if not question_line(before) or "\n" in paragraph.strip():
        return None
    words = paragraph.strip()
    lead, trail = enclosing_marks(words)
    inside = words[lead:len(words) - trail]
    if (len(words.split()) < MIN_QUOTE_WORDS or re.search(r"[“”\"]", inside) or not lead and words[:1] in "‘'"
            or inside.rstrip()[-1:] not in (".", "!") or re.match(r"(?:[-*+•]|\d+[.)])\s", words)
            or _LABEL.match(inside) or not _FIRST_PERSON.search(inside) or named_people(words, people)):
        return None
    return person, len(paragraph) - len(paragraph.lstrip())
