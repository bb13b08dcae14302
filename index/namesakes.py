"""Namesakes (pure): where a listed person's first name or surname alone is part of someone else's
name ("Okonkwo" in "Mark Okonkwo", for Grace Okonkwo, the one in `people:`), a word before a post
("Ward sister Amy Chen", for Hope Ward), or a newcomer's introduction ("Will, a patient", "Hope, 34,"),
so it does not name them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.lexical import STOPWORDS
from index.quotation import Speaker
from index.text import HONORIFICS, POST_NOMINALS, name_forms, whole_word_spans

JOB_WORDS = {  # "— Chief Executive, Vale Hospitals", "— Ward Sister", "— Lay Member": a post, not a person's name
    "chief", "executive", "director", "chair", "chairman", "chairwoman", "chairperson", "nurse", "sister", "matron",
    "officer", "manager", "lead", "head", "consultant", "clinician", "physician", "surgeon", "doctor", "midwife",
    "paramedic", "therapist", "pharmacist", "registrar", "practitioner", "member", "representative", "governor",
    "respondent", "volunteer", "coordinator", "co-ordinator", "president", "secretary", "spokesperson", "spokesman",
    "spokeswoman", "commissioner", "deputy", "assistant", "associate", "interim", "acting", "senior", "junior",
    "clinical", "medical", "nursing", "operating", "programme", "project", "staff", "worker", "partner", "gp",
}
_NEWCOMER = re.compile(r",\s+(?:a|an|aged|one|whose)\s|,\s+\d{1,3}\b")  # "Will, a patient,", "Hope, 34,", "Hope, whose son"
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@dataclass(frozen=True)
class Listed:
    """A front-matter person as one document's quotations see them: `shared` are their first name or
    surname alone where the document also uses it inside someone else's name ("Okonkwo" beside
    "Mark Okonkwo" for Grace Okonkwo), so that alone it names no one."""

    name: str
    role: str
    organisation: str
    shared: frozenset[str] = frozenset()
    initials: frozenset[str] = frozenset()  # what the document calls them after "Dr Elin Thorsen (ET)", as minutes do


def listed(people: Sequence[Speaker], texts: Sequence[str]) -> list[Listed]:
    """`people` as `Listed`, each with the one-word forms of their name `texts` also use in another's, and the
    initials `texts` define for them ("Dr Elin Thorsen (ET)"; none that they define for two people, or that stand in
    brackets after anything else too: "Isaac Marlow (IM)", "the Isle of Man (IM)")."""
    defined = {person.name: _initials(person.name, texts) for person in people}
    twice = {i for initials in defined.values() for i in initials
             if sum(i in theirs for theirs in defined.values()) > 1
             or sum(text.count(f"({i})") for text in texts) > sum(i in theirs for theirs in defined.values())}
    found = []
    for person in people:
        forms = name_forms(person.name)
        shared = set()
        for form in (f for f in forms if " " not in f):
            for text in texts:
                own = [span for full in forms if " " in full for span in whole_word_spans(text, full)]
                if any(part_of_another_name(text, start, end, False) for start, end in whole_word_spans(text, form)
                       if not any(s <= start < e for s, e in own)):
                    shared.add(form)
                    break
        found.append(Listed(person.name, person.role, person.organisation, frozenset(shared),
                            frozenset(defined[person.name] - twice)))
    return found


def forms_of(person: Speaker) -> tuple[str, ...]:
    """The forms of a person's name a document may use (`name_forms`), and the initials it defines for them."""
    return (*name_forms(person.name), *(person.initials if isinstance(person, Listed) else ()))


def _initials(name: str, texts: Sequence[str]) -> set[str]:
    """The initials `texts` define for the person right after their full name: "Dr Elin Thorsen (ET)"."""
    forms = [form for form in name_forms(name) if " " in form]
    return {m.group(1) for text in texts for form in forms
            for m in re.finditer(rf"(?<![\w’'-]){re.escape(form)}\s*\(([A-Z]{{2,4}})\)", text)}


def names_someone_else(text: str, start: int, end: int, full: bool) -> bool:
    """Whether the form at text[start:end] is not the listed person: part of another name, or, for a
    first name or surname alone, a word before a post ("Ward sister Amy Chen", "Ward staff") or a
    newcomer introduced ("said Will, a patient", "Hope, 34, said")."""
    if part_of_another_name(text, start, end, full):
        return True
    after = re.match(r" ([a-z-]+)\b", text[end:end + 30])
    return not full and (bool(after and after.group(1) in JOB_WORDS) or bool(_NEWCOMER.match(text[end:end + 12])))


def part_of_another_name(text: str, start: int, end: int, full: bool) -> bool:
    """Whether the form at text[start:end] is part of someone else's name: joined by a hyphen
    ("Grace Okonkwo-Baines"), or, for a first name or surname alone (not `full`), beside another
    capitalised name word ("Mark Okonkwo" for Grace Okonkwo, "Grace Smith"), which is not an
    honorific, a post-nominal, a month or day, or a common word ("Then Okonkwo said")."""
    if re.match(r"-\w", text[end:end + 2]) or re.search(r"\w-$", text[max(start - 2, 0):start]):
        return True
    if full:
        return False
    before = re.search(r"(?<![\w’'-])([A-Z][\w’'-]*) $", text[max(start - 40, 0):start])
    after = re.match(r" ([A-Z][\w’'-]*)(?![\w’'-])", text[end:end + 40])
    return any(m and _name_word(m.group(1)) for m in (before, after))


def _name_word(word: str) -> bool:
    """Whether a capitalised word beside a surname or first name could be another part of a name."""
    lower = word.lower().strip(".")
    return not (lower in STOPWORDS or lower in HONORIFICS or word in POST_NOMINALS or lower in _CALENDAR
                or word.isupper())
