"""A name in brackets just after whom it names, pure: "his wife (Funke) rang", "a carer (joan) told us", "the
patient (Margaret Ellis)", "our lead nurse (Dr Bukola Adeyemi)"; not what the brackets say of them ("the patient
(elderly, frail)", "our lead (Band 8a)", "the trust (NELFT)")."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.cue_literals import Screened
from bot.redact.chat_words import STAFF_ROLE
from bot.redact.kept_names import published
from bot.redact.name_lists import VIRTUE_NAMES, family_names, is_given_name, never, no_word, short_forms
from bot.redact.names import _LOWER, _PATIENT, _PERSON, _RELATIVE, _UPPER
from bot.redact.patterns import Span
from index import english_words

# Whom a name in brackets names: a patient, a relative, a person, a member of staff or a colleague
_WHOM = (rf"(?:{_PATIENT}|{_RELATIVE}s?|{_PERSON}s?|{STAFF_ROLE}s?|colleague|manager|lead|director|doctor|consultant|"
         r"gp|boss|deputy|chair|head|officer|secretary|pa|coordinator|administrator|clerk|worker|rep)")
_NAME_WORD = rf"[{_UPPER}{_LOWER}]+(?:['’-][{_UPPER}{_LOWER}]+)*"
_BRACKETED = re.compile(rf"\b(?i:{_WHOM})[ \t]*\([ \t]*(?:(?i:dr|mr|mrs|ms|miss|mx|prof)\.?[ \t]+)?"
                        rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})[ \t]*\)")


_SCREENED = Screened(_BRACKETED)  # run only on text holding a word for a person ("wife", "patient": `bot.cue_literals`)


def bracketed_names(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each name in brackets after a word for a person, as ("name", start, end): every word in the brackets a
    name on the lists or no English word (in lower case, nor one misspelt), none an acronym, a place's or a
    published person's."""
    for match in _SCREENED.finditer(text):
        name = match.group("name")
        if not published(name.lower(), public) and all(_name_word(word) for word in re.split(r"[ \t]+", name)):
            yield "name", match.start("name"), match.end("name")


def _name_word(word: str) -> bool:
    lower = word.lower()
    if word.isupper() and len(word) > 1 or never(lower):  # "(NELFT)", "(Kent)"
        return False
    return (is_given_name(lower) or lower in family_names() or lower in short_forms() or lower in VIRTUE_NAMES
            or lower not in english_words() and (word[0].isupper() or no_word(lower)))  # not "(eldery)"
