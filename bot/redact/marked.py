"""Personal names that the word just before or after them marks, pure: a title ("Mrs Ward", "Dr Okonkwo", "prof.
lindqvist", "dr singh"), a role ("HCA Jodie", "porter called Lenny", "my PA jenny", "the matron, claire,"), initials
("J. Okonjo", "R K Sharma", "a. smith", "j smith", "Magdalena W.") and "the Hussain family"."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.kept_names import POSSESSIVE, named_after, published
from bot.redact.name_lists import (
    RARE,
    english_given_names,
    family_like,
    family_names,
    is_given_name,
    medical_term,
    never,
    no_word,
    place_shaped,
)
from bot.redact.names import _LOWER, _UPPER
from bot.redact.patterns import Span
from bot.redact.person_verbs import REPORTING
from index import english_words

_WORD = rf"(?:Mc|Mac|Nic|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
_LOWER_WORD = rf"[{_LOWER}]+(?:['’-][{_LOWER}]+)*"
# A given name before its family name's initial: "Magdalena W. from the hub", "Chinedu E. rang"
_GIVEN_INITIAL = re.compile(rf"(?<![\w'’-])(?P<given>{_WORD})[ \t]+[{_UPPER}]\.(?![\w.])(?![ \t]*[{_UPPER}])")
# Initials before a family name: "J. Okonjo", "R K Sharma" (not "I", nor "A" without its full stop)
_INITIALS = re.compile(rf"(?<![\w.'’-])(?:(?:[{_UPPER}]\.|(?![AI][ \t])[{_UPPER}])[ \t]*){{1,2}}[ \t]({_WORD})(?![\w-])")
_TITLED = re.compile(rf"\b(?:(?P<doctor>Dr|Prof|Professor)|Mr|Mrs|Ms|Miss|Mx)\.?[ \t]+({_WORD})(?![\w'’-])")
# Typed in lower case, an initial before a family name on the list: "a. smith, b. jones"; without its full stop not "a",
# "i" nor "o", nor a letter that names a thing after its word ("vitamin d", "plan b", "hepatitis c", "bay b")
_LOWER_INITIAL = re.compile(rf"(?<![\w.'’&/-])(?:[{_LOWER}]\.[ \t]?|(?P<bare>[b-hj-np-z])[ \t])([{_LOWER}]{{2,}}(?:['’-][{_LOWER}]+)*)(?![\w-])")
_LETTERED = re.compile(r"\b(?i:vitamin|plan|type|grade|class|group|band|part|option|hepatitis|hep|section|phase|stage|tier|step"
                       r"|category|appendix|schedule|team|site|zone|area|ward|bay|wing|block|floor|level|unit|wave|model|version|"
                       r"covid|strep|cohort|pathway|route|column|row|box|form|room|bed|side|item|point|question|q)[ \t]+$")
# Without its full stop, a family name English writes less often than this after the initial ("j smith", 63 million; not
# "c diff" nor "b cell", on no list of family names): as `bot.redact.surname_first.COMMON_FAMILY_WORD`
_BARE_INITIAL_FAMILY = 100_000_000
# A member of staff named by their role ("HCA Jodie", "porter called Lenny", "physio Anneliese Vogt")
_ROLES = (r"(?:staff|charge|student)[ \t]+nurse|nurse|sister|sr\.?|sis\.?|matron|HCA|healthcare[ \t]+assistant|porter|"
          r"physio(?:therapist)?|receptionist|cleaner|midwife|paramedic|registrar|doctor|"
          r"(?:support|social)[ \t]+worker|pharmacist|therapist|volunteer|staff[ \t]+member")
_ROLE = re.compile(rf"\b(?i:{_ROLES})(?P<called>[ \t]+(?i:called|named))?[ \t]+(?P<given>{_WORD})(?:[ \t]+(?P<family>{_WORD}))?")
# The same typed in lower case, also an office's role after "my" or "our" and a name set off by commas: "HCA jodie",
# "my PA jenny", "the matron, claire, said"
_LOWER_ROLE = re.compile(rf"\b(?i:{_ROLES}|(?<=my[ \t])(?:PA|deputy|secretary|manager|boss|lead)|(?<=our[ \t])(?:PA|deputy|"
                         rf"secretary|manager|lead))(?:[ \t]*,[ \t]*(?=[{_LOWER}]+[ \t]*,)|[ \t]+)(?P<given>{_LOWER_WORD})(?![\w-])")
_REPORTS = re.compile(rf"[ \t]+{REPORTING}\b")
_DETERMINER = re.compile(r"\b(?i:the|a|an|our|their|your|my|this|that)[ \t]+$")
_LOWER_TITLED = re.compile(rf"\b(?:dr|prof|professor|sr|sis|sister)\.?[ \t]+({_LOWER_WORD})")  # "prof. lindqvist"
# After a title in lower case, a family name on the list written less often than this is one ("dr singh", 6 million;
# not "sister ward", 15 million): chosen on probes of my own, not on any labelled set
FAMILY_AFTER_TITLE = 10_000_000
_FAMILY = re.compile(rf"\b[Tt]he\s+({_WORD})\s+family\b")


def marked_names(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each name a title, a role, initials or "the … family" marks, as ("name", start, end); not a published person's."""
    for match in _FAMILY.finditer(text):  # "the Hussain family"
        surname = match.group(1).lower()
        if not never(surname) and (surname in family_names() or surname not in english_words()):
            yield "name", match.start(1), match.end(1)
    for match in _TITLED.finditer(text):  # "Mrs Ward": bot.redact.names takes no word that is a word too
        family = match.group(2).lower()  # after "Dr" or "Prof", only a family name English seldom writes: "Dr Okonkwo"
        if ((family_like(family) if match.group("doctor") else family in family_names())
                and not published(family, public)):
            yield "name", match.start(2), match.end(2)
    for match in _ROLE.finditer(text):
        given = POSSESSIVE.sub("", match.group("given")).lower()
        if ((match.group("called") or is_given_name(given) or given not in english_words())  # "porter called Lenny"
                and not never(given) and not published(given, public)):
            family = match.group("family")
            end = match.end("family") if family and family_like(POSSESSIVE.sub("", family).lower()) else match.end("given")
            yield "name", match.start("given"), end - possessive_length(text[match.start("given"):end])
    for match in _LOWER_ROLE.finditer(text):  # a given name English seldom writes, or a name on no list; or, before what
        given = POSSESSIVE.sub("", match.group("given"))  # they say, any word English seldom writes ("nurse bola says")
        if ((is_given_name(given) and given not in english_given_names() and english_words().get(given, 0) < FAMILY_AFTER_TITLE
             or family_like(given) or no_word(given)
             or english_words().get(given, 0) < RARE and not medical_term(given) and _REPORTS.match(text, match.end("given"))
             and not _DETERMINER.search(text, max(0, match.start() - 8), match.start()))  # "the nurse rota says" stays
                and not never(given) and not published(given, public)):
            yield "name", match.start("given"), match.start("given") + len(given)
    for match in _LOWER_INITIAL.finditer(text):  # "a. smith", "j smith", not "e.g. smith" nor "a. the"
        family = POSSESSIVE.sub("", match.group(2))
        if match.group("bare") and (english_words().get(family, 0) >= _BARE_INITIAL_FAMILY or medical_term(family)
                                    or _LETTERED.search(text, max(0, match.start() - 12), match.start())):
            continue
        if family in family_names() and not never(family) and not published(family, public):
            yield "name", match.start(), match.start(2) + len(family)
    for match in _LOWER_TITLED.finditer(text):  # typed in lower case, a family name English seldom writes
        family = POSSESSIVE.sub("", match.group(1))
        if ((family_like(family) or family in family_names() and english_words().get(family, 0) < FAMILY_AFTER_TITLE)
                and not never(family) and not published(family, public)):
            yield "name", match.start(1), match.start(1) + len(family)
    for match in _GIVEN_INITIAL.finditer(text):  # a given name on the list, or one no English word, before an initial
        given = match.group("given").lower()
        if ((is_given_name(given) or given not in english_words()) and given not in english_given_names()
                and not never(given) and not published(given, public) and not place_shaped(given)):
            yield "name", match.start(), match.end()
    for match in _INITIALS.finditer(text):  # "J. Okonjo", "R K Sharma"
        family = POSSESSIVE.sub("", match.group(1)).lower()
        if (family_like(family) and not named_after(text, match.end(1), match.start())
                and not published(family, public)):
            yield "name", match.start(), match.end(1) - possessive_length(match.group(1))


def possessive_length(name: str) -> int:
    """The length of a name's possessive ending ("'s", "'"), or 0."""
    found = POSSESSIVE.search(name)
    return len(found.group()) if found else 0
