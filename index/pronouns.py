"""Pronoun continuations (pure): whether "“…,” she added" or "He goes on to say that “…”" continues
the speaker of the quotation just before, and which pronoun a document itself uses for each person.

A continuation is that speaker's only when the document shows the pronoun is theirs, no one else is
named in between, and every sentence in between names that speaker ("A ward sister disagreed." may
be whom "she" means).

A person's pronoun is known only from the document: an honorific in their name or before it in the
text (Mr, Sir, Lord: "he"; Mrs, Ms, Miss, Dame, Lady: "she"), or a sentence that opens with their
name and names no one else, followed by one opening with "He" or "She" ("Amina Yusuf joined the
trust in 2024. She leads the ward."), or stated after their name ("Sam Okoro (they/them)": the only way
"they" is known), neither holding a quotation mark, the second not holding the
other pronoun ("Ian Fleet came in 2021. She offered him the post.": "She" is someone else), the first
naming no one else "She" could be ("Ian Fleet met the new chair. She was new.": a post, a patient, a
relative, "her"). No
evidence, or evidence both ways, leaves it unknown: a continuation is then no one's. Nothing is
guessed from a first name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from index.attribution_phrases import CONNECTIVE
from index.speakers import Speaker, named_people, only_person
from index.text import bare_name, name_forms, split_sentences, whole_word_spans

_HONORIFICS = {"mr": "he", "sir": "he", "lord": "he", "mrs": "she", "ms": "she", "miss": "she", "dame": "she",
               "lady": "she"}
_NEXT = re.compile(r"(He|She)\b")
_MARKS = re.compile(r"[“”\"‘’]|(?<!\w)'|'(?!\w)")
_ANOTHER = re.compile(  # "Jo met the new chair. She was new.": "She" may be the chair (not "Jo joined as the chair",
    # "Jo became the trust's director of care": a post the sentence gives her)
    r"(?<!\bas\s)(?<!\bbecame\s)(?<!\bbecomes\s)(?<!\bis\s)(?<!\bwas\s)\b(?:the|a|an|one|her|his|their|its|our|my|this|that)\s+"
    r"(?:(?!(?:as|of|and|or|to|for|in|at|with|by)\b)[\w'’-]+\s+){0,2}?"
    r"(?:chair|chairman|chairwoman|nurse|sister|matron|manager|director|officer|consultant|doctor|gp|surgeon|"
    r"physician|midwife|paramedic|therapist|pharmacist|registrar|practitioner|member|governor|volunteer|"
    r"coordinator|secretary|spokesperson|commissioner|deputy|assistant|predecessor|successor|patient|carer|"
    r"mother|father|daughter|son|wife|husband|partner|woman|man|girl|boy|child|friend|colleague|mentor|resident|"
    r"relative|neighbour|student|trainee|executive|lead|head|clinician|worker|representative|president|auditor|"
    r"inspector|minister|journalist|interviewer|nominee|person)\b"
    r"|\b(?:someone|somebody|her|him)\b(?=\s*(?:[.,;:!?]|$|\s(?:on|in|at|for|to|with|from|about|after|before|and)\b))",
    re.I)
_STATED = re.compile(  # a pronoun the text states after the name: "Sam Okoro (they/them)", ", who uses she/her pronouns"
    r"[ \t]*[,(][ \t]*(?:who\s+uses\s+)?(?P<pronoun>he|she|they)/(?:him|his|her|hers|them|their)\b", re.I)
_GROUP = re.compile(  # "met the parents", "with two GPs", "sat on the steering group": whom "they" may mean instead
    r"\b(?:the|their|our|two|three|four|all|both|several|many|some|other|fellow)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:[\w'’-]+s|group|team|board|panel|committee|family|staff|people|children|council|service|network)\b", re.I)
_OTHER = {  # "Jo joined in 2021. She offered him the post.": "She" is someone else, who met "him"
    "He": re.compile(r"\b(?:she|her|hers|herself)\b", re.I), "She": re.compile(r"\b(?:he|him|his|himself)\b", re.I)}


def continues(name: str, pronoun: str, between: str, people: Sequence[Speaker], pronouns: dict[str, str]) -> bool:
    """Whether `pronoun` ("he" or "she"), after the text `between`, continues the speaker `name`."""
    if pronouns.get(speaker_key(name)) != pronoun:
        return False
    named = named_people(between, people)
    if any(speaker_key(n.person.name) != speaker_key(name) for n in named):
        return False
    return not any(re.search(r"\w", s) and not named_people(s, people) for s in split_sentences(between))


def introduced_just_before(before: str, pronoun: str, people: Sequence[Speaker],
                           pronouns: dict[str, str]) -> Speaker | None:
    """The person "“…,” he said" means when the sentence just before it, in its paragraph, opens with
    them and names no one else ("Tom Ashworth, a health visitor, joined the team. “…,” he said."), holds
    no quotation mark, and the document shows no other pronoun for them; None for "A GP was less sure.",
    "Tom met the new chair.", or a paragraph that opens with the quotation."""
    sentences = split_sentences(before.split("\n")[-1]) if before.strip() else []
    if not sentences or re.search(r"[“”\"‘’]", before.split("\n")[-1]):
        return None
    sentence = sentences[-1]
    person = _subject(re.sub(r"^([^,]{2,80}),[^,“”\"]{1,80},", r"\1", sentence), people)  # "Tom, a health visitor, joined"
    if person is None or only_person(named_people(sentence, people)) is not person:
        return None
    if pronoun in ("he", "she") and _OTHER[pronoun.capitalize()].search(sentence):
        return None  # "Jo became a patient herself. “…,” he said.": "he" is not Jo
    if pronoun == "they":  # "they" only for one whose pronoun the document states, and no group before it
        return person if pronouns.get(speaker_key(person.name)) == "they" and not _GROUP.search(sentence) else None
    return person if pronouns.get(speaker_key(person.name), pronoun) == pronoun else None


def introduced_paragraph_before(paragraph: str, pronoun: str, people: Sequence[Speaker],
                                pronouns: dict[str, str]) -> Speaker | None:
    """The person "“…,” she said", opening its paragraph, means when the paragraph just before it in its section is
    about them alone: it opens with them, names no one else, holds no quotation mark, and each later sentence opens with
    the pronoun the document shows is theirs ("Jo Bloggs runs the rota. She joined in 2024." / "“…,” she said.");
    None when the document does not show that pronoun for them, or "She" may be another ("Jo met the new chair.")."""
    sentences = split_sentences(paragraph.strip()) if "\n" not in paragraph.strip() else []
    person = _subject(sentences[0], people) if sentences and pronoun in ("he", "she") else None
    if person is None or pronouns.get(speaker_key(person.name)) != pronoun:
        return None
    if only_person(named_people(paragraph, people)) is not person or _MARKS.search(paragraph):
        return None
    later = sentences[1:]
    return person if all(s.lstrip().startswith(pronoun.capitalize() + " ") and not _ANOTHER.search(s)
                         for s in later) else None


def known_pronouns(texts: Iterable[str], people: Sequence[Speaker]) -> dict[str, str]:
    """"he" or "she" for each person whose pronoun the document shows, keyed by `speaker_key`."""
    seen: dict[str, set[str]] = {}
    texts = list(texts)
    for person in people:
        honorific = _HONORIFICS.get(person.name.split()[0].lower().rstrip(".")) if person.name.split() else None
        if honorific:
            seen.setdefault(speaker_key(person.name), set()).add(honorific)
    for text in texts:
        for person in people:
            for form in name_forms(bare_name(person.name)):
                for start, end in whole_word_spans(text, form, possessive=True):
                    stated = _STATED.match(text, end)  # "Sam Okoro (they/them)"
                    if stated:
                        seen.setdefault(speaker_key(person.name), set()).add(stated.group("pronoun").lower())
                    before = re.search(r"(\w+)\.?\s+$", text[max(0, start - 8):start])
                    if before and before.group(1)[0].isupper() and before.group(1).lower() in _HONORIFICS:
                        seen.setdefault(speaker_key(person.name), set()).add(_HONORIFICS[before.group(1).lower()])
        for paragraph in re.split(r"\n\s*\n", text):
            sentences = split_sentences(paragraph)
            for first, second in zip(sentences, sentences[1:]):
                subject = _subject(first, people)
                follow = _NEXT.match(second.lstrip())
                if subject and follow and not _MARKS.search(second) and not _OTHER[follow.group(1)].search(second):
                    seen.setdefault(speaker_key(subject.name), set()).add(follow.group(1).lower())
    return {key: next(iter(found)) for key, found in seen.items() if len(found) == 1}


def speaker_key(name: str) -> str:
    return bare_name(name).lower()


def _subject(sentence: str, people: Sequence[Speaker]) -> Speaker | None:
    """The one person a sentence without quotation marks opens with ("Amina Yusuf joined …")."""
    if _MARKS.search(sentence):
        return None
    named = named_people(sentence, people)
    person = only_person(named)
    connective = CONNECTIVE.match(sentence.lstrip())
    start = len(sentence) - len(sentence.lstrip()) + (connective.end() if connective else 0)
    if not person or min(n.start for n in named) != start:
        return None
    return None if _ANOTHER.search(sentence[max(n.end for n in named):]) else person
