"""Names that what stands around them in ward and team chat marks, pure.

A patient's or a relative's (`patient_context`, always redacted): a surname in a bed or bay list ("bed 3
Lindsay", "Bay C: Whitlock, Nakamura, Duffy", "- B4 Ferreira", "the list: Adebayo, Hennessy") or before its
bed ("Pritchard (bed 4)", "Jones - bay 2"), a relative's given name typed in lower case or after "the mum," or
"Mrs Bright's daughter," ("his daughter sophie", "her husband, dave,"), initials after a title ("Mr R.T.",
"Mrs A.B. Collins"), "known as Peggy", and the name after a lower-case title: one word ("mrs doyle want" keeps
"want"; after "mr", "ms" or "miss", which are words too, only a name: "ms fatigue clinic" stays) or a given
and a family name ("mrs joan price").

A colleague's (`colleagues`, with the other names nothing marks as a patient's): a given name, nickname or
short form by department, shift or role ("Tom from estates", "Gaz on nights", "Robbo the porter"; in lower case
"mark from IT", about a patient or a colleague alike), after a
greeting or thanks ("cheers Baz", "Hi Jo"), and the names listed with it ("Sukhi and Jas in the hub", "Shaz,
Kaz and Dom are running it"); dotted initials alone ("re M.P.O."); apostrophe names in lower case ("sister
o'leary", "ivy d'souza", a "d'" only before a family name on the list or one English has not); hyphenated given names
("sarah-jane") and family names ("smith-jones", "lopez-garcia").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.cue_literals import Screened
from bot.redact.chat_words import (
    CHAT_ABBREVIATIONS,
    DEPARTMENT,
    DEPARTMENT_WORD,
    JOB_WORD,
    STAFF_ROLE,
    acronym_like,
    organisation_words,
)
from bot.redact.hyphenated import hyphenated_family, hyphenated_given
from bot.redact.kept_names import POSSESSIVE, named_after, published
from bot.redact.name_lists import (
    MONTH_NAMES,
    PRODUCTS,
    RARE,
    VIRTUE_NAMES,
    closed_compound,
    english_given_names,
    family_like,
    family_names,
    is_given_name,
    medical_term,
    never,
    no_word,
    short_forms,
    word_surnames,
)
from bot.redact.names import _LOWER, _NOT_INITIALS, _PERSON, _RELATIVE, _UPPER, NOT_NAMES
from bot.redact.patterns import Span
from bot.redact.person_verbs import REPORTING
from index import STOPWORDS, english_words

# A capitalised word of up to `NICKNAME_LETTERS` letters written less often than this (`index.english_words`'
# count) is a nickname or short form where a colleague's context stands beside it ("Mags", "Dom", "Abs"),
# not a longer word ("Escalation"); chosen on the tuning half
NICKNAME_RARE = 10_000_000
NICKNAME_LETTERS = 5
_WORD = rf"(?:Mc|Mac|O['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"

# "bed 3 Lindsay", "bay C: Whitlock", "bed 4, Okafor", "side room 4 is Marchetti", "- B4 Ferreira" (a bay's code at a
# line's start)
_BED = re.compile(rf"(?:\b(?i:bed(?:[ \t]+space)?|bay|side[ \t]+room|cubicle|trolley|chair)[ \t]*(?:\d{{1,3}}[A-Za-z]?|[A-Z])\b"
                  rf"|(?m:^)[ \t]*[-•*]?[ \t]*(?:SR|[A-Z])\d{{1,2}}[A-Za-z]?)[ \t]*(?:[-–:=,]|is\b)?[ \t]*(?P<name>{_WORD})(?![\w-])")
# "the list: Adebayo, Hennessy", "escalation beds tonight: Quinn, Rafferty": a list of surnames after a colon
_LIST_OPENS = re.compile(rf"\b(?i:list|beds?|bays?|patients|pts|outliers|stranded|delays|escalation)\b[^\n:.?!]{{0,30}}:"
                         rf"[ \t]*(?P<name>{_WORD})(?=[ \t]*(?:,|and\b|&))")
_NEXT_IN_LIST = re.compile(rf"[ \t]*(?:,|and\b|&)[ \t]*(?:and[ \t]+)?(?P<name>{_WORD})(?![\w-])")
_BEFORE_IN_LIST = re.compile(rf"(?P<name>{_WORD})[ \t]*(?:,|&|and)[ \t]*$")
# "his daughter sophie", "her husband, dave,", "the mum, chantelle", "Mrs Bright's daughter, Poppy"
_RELATIVE_NAME = re.compile(rf"(?P<owner>(?:\b(?i:my|our|her|his|their|your|the)|\w['’]s)[ \t]+(?:[a-z]+[ \t]+)?)?\b(?i:{_RELATIVE})"
                            rf"(?P<comma>[ \t]*,)?[ \t]+(?P<name>[A-Za-z]+(?:-[A-Za-z]+)?)(?![\w-])")
_NOT_AFTER_RELATIVE = frozenset("will may can did does is was has had and or but who said says also".split())
# "Mr R.T.", "Mrs A.B. Collins", "Ms T.W." (a patient's titles, as `bot.redact.names`' "Mrs Patel"; not "Dr")
_TITLE_INITIALS = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?[ \t]+(?P<name>(?:[{_UPPER}]\.[ \t]?){{1,3}}(?:{_WORD})?)")
# "Pritchard (bed 4)", "Jones - bay 2", "Kowalski bed 7", "mcgregor in bed 11": a surname before its bed (not "on
# Nightingale bay 2"), capitalised or not
_LOWER_SURNAME = r"(?:mc|mac|o['’])?[a-z]{3,}"
_BEFORE_BED = re.compile(rf"(?<![\w'’-])(?P<name>{_WORD}|{_LOWER_SURNAME})[ \t]*(?:[(\-–:,]|(?P<in>(?:is[ \t]+)?(?:in|on)(?=[ \t])))?[ \t]*"
                         rf"(?i:bed(?:[ \t]+space)?|bay|side[ \t]+room|cubicle|trolley|chair)[ \t]*(?:\d{{1,3}}[A-Za-z]?|[A-Z])\b")
# "j smith (pt)", "okafor (patient)": a family name in lower case, an initial before it or not, before a bracketed "pt"
_LOWER_BRACKETED_PATIENT = re.compile(rf"(?<![\w.'’-])(?:[a-z]\.?[ \t]?)?(?P<name>{_LOWER_SURNAME}(?:-[a-z]{{3,}})?)[ \t]*[(\[][ \t]*"
                                      rf"(?i:pts?\.?|patient)[ \t]*[)\]]")
_BRACKETED_PATIENT = re.compile(r"[(\[][ \t]*(?i:pts?\.?|patient)[ \t]*[)\]]")
# "mcgregor's dob", "Okafor's NHS number": a surname before its owner's identifier
_OWNERS_IDENTIFIER = re.compile(rf"(?<![\w'’-])(?P<name>{_WORD}|{_LOWER_SURNAME})['’]s[ \t]+(?i:d\.?o\.?b\b|date[ \t]+of[ \t]+birth|"
                                rf"(?:nhs|hospital|hosp)[ \t]*(?:no\b|num|number|#)|mrn\b)")
_PERSON_WORD = re.compile(_PERSON, re.IGNORECASE)
# Where a clause starts ("told jess that steel in side room 3 …"): a surname there "in" its bed is a patient's, though English writes it ("carpenter in bed 9")
_WARD_WORDS = frozenset("fall falls fit fits young".split())  # family names too, said of a bed
_CLAUSE_START = re.compile(r"(?:^|[.?!:;\n,•*(-]|\b(?i:and|also|then|plus|that|but|so|because|while|when|where))[ \t]*$")
# A title typed in lower case before a capitalised name: "mrs Fairweather", "mr McAllister", "mr and mrs Whitworth"
_LOWER_TITLE_CAPITAL = re.compile(rf"\b(?P<title>mr|mrs|ms|miss|mx)\.?(?:[ \t]+(?:and|&)[ \t]+(?:mr|mrs|ms|miss)\.?)?[ \t]+"
                                  rf"(?P<name>{_WORD}(?:[ \t]+{_WORD})?)(?![\w-])")
# What "ms" before a capitalised word may be: Microsoft's ("ms Teams", "ms Forms")
_MICROSOFT = frozenset("teams word excel forms office outlook bookings planner sharepoint onedrive access project visio "
                       "powerpoint edge lists whiteboard stream yammer viva loop copilot dynamics azure windows".split())
_PLACE_BEFORE = re.compile(r"\b(?i:on|in|at|to|onto|into|from|the)[ \t]+$")
# A title typed in lower case and the word after it ("mrs doyle want": doyle; "mr and mrs khan", "mx taylor"). "mr", "ms",
# "mx" and "miss" alone are also words ("mr morphine", "ms fatigue clinic", "we miss sepsis"): after them, only a word on
# the lists of names, or one that is no English word nor a medical term ("ms kowalczyk", not "mr oxycodone"); after "mr",
# also a family name that is an English word ("mr silver")
_LOWER_TITLE = re.compile(r"\b(?P<title>mr|mrs|ms|miss|mx)\.?(?P<joint>\s+(?:and|&)\s+(?:mr|mrs|ms|miss|mx)\.?)?\s+(?P<name>[a-z]+)"
                          r"(?P<joined>-[a-z]+)?")  # "mrs lopez-garcia": the hyphenated half too
_WORD_TITLES = frozenset(("mr", "ms", "miss", "mx"))  # "mx" too: "the mx option"
_KNOWN_AS = re.compile(rf"\b(?i:known[ \t]+as|goes[ \t]+by)[ \t]+(?P<name>{_WORD})(?![\w-])")
_LOWER_TITLE_PAIR = re.compile(r"\b(?:mr|mrs|ms|miss|mx)\.?[ \t]+(?P<given>[a-z]+)[ \t]+(?P<family>[a-z]+(?:['’][a-z]+)?)(?![\w-])")

# A word surname (`word_surnames`) English writes less often than this (`index.english_words`' count) may be a patient's
# before their bed; set from the brief's "steel" (49 million), below "still", "back", "held", "close", "free"
WORD_SURNAME_COMMON = 50_000_000
# In a list of beds ("silver in side room 2, gold in bed 10"), the same below this: set from the brief's "gold" (107
# million), below "still" and "back" (190 and 488 million), which a list of beds may hold as words
WORD_SURNAME_LISTED = 150_000_000
_BED_CODE = r"(?i:bed(?:[ \t]+space)?|bay|side[ \t]+room|cubicle|trolley|chair)[ \t]*(?:\d{1,3}[A-Za-z]?|[A-Z])\b"
# Another "<word> in <bed>" beside one: "silver in side room 2, gold in bed 10" is a list of beds
_BED_LIST_AFTER = re.compile(rf"[ \t]*[,;][ \t]*(?:and[ \t]+)?[a-z]+[ \t]+(?:is[ \t]+)?(?:in|on)[ \t]+{_BED_CODE}")
_BED_LIST_BEFORE = re.compile(rf"{_BED_CODE}[ \t]*[,;][ \t]*(?:and[ \t]+)?$")
# What after a capitalised word says it is a colleague's name: "from estates", "on nights", "the porter"
_COLLEAGUE_AFTER = re.compile(rf"[ \t]+(?:(?:from|in)[ \t]+(?:the[ \t]+)?{DEPARTMENT}|on[ \t]+(?:nights|days|lates|earlies|"
                              rf"the[ \t]+(?:switchboard|desk|rota|[a-z]+[ \t]+(?:team|hub)))|the[ \t]+{STAFF_ROLE}|"
                              rf"(?:are|were)[ \t]+(?:running|leading|covering|chairing|on|off|both|all))\b")
_GREETED = re.compile(rf"\b(?i:cheers|thanks|thank[ \t]+you|ta|hi|hiya|hello|hey|morning|dear)[ \t]+(?P<name>{_WORD})"
                      rf"(?=[ \t]*(?:[,!&\n-]|and\b|for\b|$))")
# A colleague's given name in lower case before what they say or want: "nkechi wants", "kev reckons"
_SAYS = re.compile(rf"[ \t]+{REPORTING}\b")
# A given name in lower case before the department its owner is from: "mark from IT", "will from estates", "jo from HR".
# The rule is the same whether the sentence is about a patient ("mark from IT was admitted") or a colleague ("mark from
# IT says"): both are people named in a question, and the question asks the same without the name. A given name that
# is an English word counts here, since no word but a person's stands before "from <department>" ("help from IT" stays)
_FROM_DEPARTMENT = re.compile(rf"(?<![\w'’-])(?P<name>[a-z]{{2,}})[ \t]+from[ \t]+{DEPARTMENT}\b")
# What before such a word makes it a thing's ("a bill from finance", "no hope from IT")
_DETERMINER_BEFORE = re.compile(r"\b(?i:the|a|an|our|their|your|my|his|her|this|that|no|any|some|more|much|little|of)[ \t]+$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])(?P<name>[a-z]{3,})(?![\w'’-])")
# A name and the role after a comma: "Sandeep, our digital lead", "sandeep, our chief nurse"
_ROLE_AFTER = re.compile(rf"[ \t]*,[ \t]+(?:our|the|my|your|their)[ \t]+(?:[A-Za-z-]+[ \t]+){{0,2}}(?:lead|manager|director|"
                         rf"officer|chair|head|COO|CEO|CFO|CIO|CNO|{STAFF_ROLE})\b")
# "kwame's mum", "april shepherd's son": the one or two words before a relative's possessive are a person's name
_OWNER = re.compile(rf"(?<![\w'’-])(?:(?P<given>[a-z]+)[ \t]+)?(?P<name>[A-Za-z]+)['’]s[ \t]+(?i:{_RELATIVE})\b")
_ARTICLE_BEFORE = re.compile(r"\b(?i:the|a|an|our|their|your|this|that)[ \t]+$")
_RELATIVE_WORD = re.compile(_RELATIVE, re.IGNORECASE)
_LONE_WORD = re.compile(rf"(?<![\w'’-])(?P<name>{_WORD})(?![\w-])(?![ \t]+[{_UPPER}])")
# A capitalised word just before, in the same sentence: "Royal Wolverhampton in the ICB" is no colleague
_CAPITAL_BEFORE = re.compile(rf"(?<![.?!:;\n][ \t])(?<![.?!:;\n])(?<!^)[{_UPPER}][\w'’-]*[ \t]+$")
_DOTTED = re.compile(rf"(?<![\w.])(?P<name>(?:[{_UPPER}]\.){{2,3}})(?![\w])")
_NOT_DOTTED = frozenset("DOB AOB NB PS RIP AM PM EU QI PTO RSVP USA UAE BBC UN WHO".split()) | _NOT_INITIALS
_APOSTROPHE = re.compile(r"(?<![\w'’-])(?:(?P<given>[a-z]{2,})[ \t]+)?(?P<family>[od]['’][a-z]{3,})(?![\w-])")
_NOT_APOSTROPHE = frozenset(("o'clock", "d'you", "d'ya", "d'etre", "d'etat", "d'oeuvre", "d'ivoire", "d'accord", "d'affaires",
                             "d'attente", "d'hote", "d'art"))  # and French English borrows ("raison d'etre")
# "sarah-jane", "Wendy-May", "lily-rose's"
_HYPHENATED = re.compile(rf"(?<![\w'’-])(?P<name>[a-z]{{2,}}-[a-z]{{2,}}|[{_UPPER}][a-z]+-[{_UPPER}][a-z]+)(?=['’]s\b|(?![\w'’-]))")


# each run only on text holding a word every match of it needs ("bed", "mum" …: `bot.cue_literals`)
_IN_BED, _LIST, _RELATIVE_NAMED, _OWNED, _NAMED_BEFORE_BED = (Screened(p) for p in (_BED, _LIST_OPENS, _RELATIVE_NAME, _OWNER,
                                                                                   _BEFORE_BED))


def patient_context(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each name a bed list, a relative, a title or "known as" marks, as ("name", start, end)."""
    for match in _IN_BED.finditer(text):
        if _surname(match.group("name"), public) and not named_after(text, match.end("name"), match.start("name")):
            yield _span(text, match.start("name"), match.end("name"))
            yield from _listed_after(text, match.end("name"), lambda word: _surname(word, public))
    for match in _LIST.finditer(text):  # every word of the list a surname ("escalation: Amber, Red, Black" is none)
        listed = [("name", match.start("name"), match.end("name")), *_listed_after(text, match.end("name"), lambda word: True)]
        if all(_surname(text[start:end], public) for _, start, end in listed):
            yield from (_span(text, start, end) for _, start, end in listed)
    for match in _RELATIVE_NAMED.finditer(text):
        name = match.group("name")
        lower = POSSESSIVE.sub("", name).lower()
        # capitalised, a given name, short form or month is a name even with no "her" before ("brother Bill visited",
        # "his son May rang", "husband, Will, wants")
        capitalised = name[0].isupper() and not name.isupper() and (
            is_given_name(lower) or lower in short_forms() or lower in MONTH_NAMES)
        if ((match.group("owner") or capitalised) and (lower not in _NOT_AFTER_RELATIVE or capitalised)
                and not published(lower, public)
                and (capitalised or is_given_name(lower) and (lower not in english_given_names() or match.group("comma"))
                     or name[0].isupper() and match.group("comma") and english_words().get(lower, 0) < NICKNAME_RARE)):
            yield _span(text, match.start("name"), match.end("name"))
    for match in _OWNED.finditer(text):  # "kwame's mum", "april shepherd's son" (a month may be a given name here)
        given, name = match.group("given"), match.group("name")
        lower = name.lower()
        if published(f"{given} {lower}" if given else lower, public) or never(lower) or lower in _NOT_AFTER_RELATIVE:
            continue
        if given and is_given_name(given) and (lower in family_names() or family_like(lower)):
            yield "name", match.start("given"), match.end("name")
        elif is_given_name(lower) and (lower not in english_given_names() or name[0].isupper()):
            yield "name", match.start("name"), match.end("name")
    for match in _NAMED_BEFORE_BED.finditer(text):
        name = match.group("name")
        at_start = match.group("in") and _CLAUSE_START.search(text, max(0, match.start() - 8), match.start())
        in_list = (_BED_LIST_BEFORE.search(text, max(0, match.start() - 40), match.start())
                   or _BED_LIST_AFTER.match(text, match.end()))
        common = WORD_SURNAME_LISTED if in_list else WORD_SURNAME_COMMON
        if ((_lower_surname(name, public) or at_start and _word_surname(name, public, common) if name.islower()
             else _surname(name, public))
                and not named_after(text, match.end("name"), match.start("name"))
                and not _PLACE_BEFORE.search(text, max(0, match.start() - 8), match.start())):
            yield _span(text, match.start("name"), match.end("name"))
    # a family name on the list or one English has not; the bracket looked for first (most questions have none)
    lower_bracketed = _LOWER_BRACKETED_PATIENT.finditer(text) if _BRACKETED_PATIENT.search(text) else iter(())
    for match in lower_bracketed:
        family = match.group("name")
        if all((half in family_names() or family_like(half)) and not never(half) for half in family.split("-")) and not (
                published(family, public)):
            yield "name", match.start(), match.end("name")
    for match in _OWNERS_IDENTIFIER.finditer(text):
        name = match.group("name")
        if (_lower_surname(name, public) if name.islower() else _surname(name, public)) and not _PERSON_WORD.fullmatch(name):
            yield "name", match.start("name"), match.end("name")
    for match in _LOWER_TITLE_CAPITAL.finditer(text):
        words = list(re.finditer(r"\S+", match.group("name")))
        if words[-1].group().lower() in NOT_NAMES or never(words[-1].group().lower()):
            words = words[:1]
        first = words[0].group().lower()
        common = (medical_term(first) or english_words().get(first, 0) >= RARE
                  and first not in family_names() and not is_given_name(first))  # "ms Fatigue clinic", "mr Scanner"
        if not (first in NOT_NAMES or never(first) or first in _MICROSOFT or published(first, public)
                or common and match.group("title") in _WORD_TITLES):
            yield _span(text, match.start("name"), match.start("name") + words[-1].end())
    for match in _LOWER_TITLE.finditer(text):
        word = match.group("name")
        if word not in NOT_NAMES and (match.group("joint") or match.group("title") not in _WORD_TITLES or _name_like(word)
                                      or match.group("title") == "mr" and word in word_surnames() and word not in STOPWORDS):
            yield "name", match.start("name"), match.end("joined" if match.group("joined") else "name")
    for match in _TITLE_INITIALS.finditer(text):
        yield "name", match.start("name"), match.start("name") + len(match.group("name").rstrip())
    for match in _KNOWN_AS.finditer(text):
        if is_given_name(match.group("name").lower()) and not published(match.group("name").lower(), public):
            yield _span(text, match.start("name"), match.end("name"))
    for match in _LOWER_TITLE_PAIR.finditer(text):  # "mrs joan price"
        family = POSSESSIVE.sub("", match.group("family"))
        if (is_given_name(match.group("given")) and (family in family_names() or family_like(family))
                and not never(family) and not published(f"{match.group('given')} {family}", public)):
            yield "name", match.start("given"), match.start("family") + len(family)


def colleagues(text: str, public: Collection[str] = (), organisations: Collection[str] = ()) -> Iterator[Span]:
    """Each colleague's name or nickname that a department, shift, role or greeting marks, the names
    listed with it, dotted initials, apostrophe names in lower case and hyphenated given names."""
    bodies = organisation_words(frozenset(organisations))

    def nickname(word: str) -> bool:
        lower = POSSESSIVE.sub("", word).lower()
        return (not never(lower) and lower not in bodies and not published(lower, public)
                and (is_given_name(lower) or lower in VIRTUE_NAMES or lower in family_names()  # "Precious", "Sunita"
                     or lower not in english_words()
                     or len(lower) <= NICKNAME_LETTERS and english_words().get(lower, 0) < NICKNAME_RARE))

    def lower_name(word: str) -> bool:  # a word in lower case: a given or family name, or no English word
        return (not never(word) and word not in bodies and not published(word, public) and word not in english_given_names()
                and word not in PRODUCTS and not JOB_WORD.fullmatch(word) and word not in _NOT_AFTER_RELATIVE and word.upper() not in _NOT_INITIALS and word not in CHAT_ABBREVIATIONS
                and not DEPARTMENT_WORD.fullmatch(word) and (is_given_name(word) or word in family_names()
                                                             or not acronym_like(word) and word not in english_words()
                                                             and not closed_compound(word)))  # not "staffside says"

    found = [m for m in _LONE_WORD.finditer(text) if (_COLLEAGUE_AFTER.match(text, m.end()) or _ROLE_AFTER.match(text, m.end()))
             and nickname(m.group()) and not _CAPITAL_BEFORE.search(text, max(0, m.start() - 30), m.start())]
    found += [m for m in _LOWER_WORD.finditer(text)  # the cue after first: one regular expression, not the word lists
              if any(cue.match(text, m.end()) for cue in (_COLLEAGUE_AFTER, _ROLE_AFTER, _SAYS))
              and not _ARTICLE_BEFORE.search(text, max(0, m.start() - 8), m.start()) and lower_name(m.group())]
    found += [m for m in _GREETED.finditer(text) if nickname(m.group("name"))]
    found += [m for m in _FROM_DEPARTMENT.finditer(text) if (is_given_name(word := m.group("name")) or word in short_forms()
                                                             or lower_name(word)) and not never(word) and not published(word, public)
              and not _DETERMINER_BEFORE.search(text, max(0, m.start() - 8), m.start())]
    for match in found:
        yield _span(text, match.start("name"), match.end("name"))
        yield from _listed_after(text, match.end("name"), nickname)
        before = _BEFORE_IN_LIST.search(text, max(0, match.start("name") - 60), match.start("name"))
        while before and nickname(before.group("name")):
            yield _span(text, before.start("name"), before.end("name"))
            before = _BEFORE_IN_LIST.search(text, max(0, before.start() - 60), before.start())
    for match in _DOTTED.finditer(text):
        if match.group("name").replace(".", "") not in _NOT_DOTTED:
            yield "name", match.start("name"), match.end("name")
    for match in _APOSTROPHE.finditer(text):
        family, given = match.group("family"), match.group("given")
        if (family.replace("’", "'") not in _NOT_APOSTROPHE and not published(family, public)  # not French "d'attente"
                and (family[0] == "o" or family[2:] in family_names() or family_like(family[2:])  # "d'souza"
                     or given and is_given_name(given) and not never(given))):
            start = match.start("given") if given and is_given_name(given) and not never(given) else match.start("family")
            yield "name", start, match.end("family")
    for match in _HYPHENATED.finditer(text):
        halves = match.group("name").lower().split("-")
        if hyphenated_given(halves, NICKNAME_RARE) or hyphenated_family(halves) and not published(" ".join(halves), public):
            yield "name", match.start("name"), match.end("name")


def _surname(word: str, public: Collection[str]) -> bool:
    """Whether a capitalised word in a bed list is a surname: on the lists or no English word, never a place's."""
    lower = POSSESSIVE.sub("", word).lower()
    return (not never(lower) and not published(lower, public)
            and (lower in family_names() or is_given_name(lower) or lower not in english_words()))


def _lower_surname(word: str, public: Collection[str]) -> bool:
    """Whether a word in lower case before a bed or an identifier is a surname or a nickname: a family name English
    seldom writes, a given name, or no English word ("mcgregor", "patel", "baz"); not a person's word, a body's
    acronym of up to five letters, ward shorthand or a medical term ("the man", "mrsa", "noro", "sepsis")."""
    return (not never(word) and word not in CHAT_ABBREVIATIONS and not (len(word) <= 5 and acronym_like(word))
            and word.upper() not in _NOT_INITIALS
            and not _PERSON_WORD.fullmatch(word) and not _RELATIVE_WORD.fullmatch(word) and not published(word, public)
            and word not in _NOT_AFTER_RELATIVE and word not in english_given_names()
            and (family_like(word) or is_given_name(word) and english_words().get(word, 0) < RARE
                 or word not in english_words() and not medical_term(word)))


def _word_surname(word: str, public: Collection[str], common: int) -> bool:
    """Whether a word in lower case, at a clause's start before "in" its bed, is a family name though English
    writes it ("carpenter", "brown", "hunter", "steel"); not a person's or a job's word, ward shorthand or a medical
    term ("gent", "lad", "porter", "noro", "sepsis"); a word on `word_surnames` only if written less than `common`."""
    common_word = word in word_surnames() and english_words().get(word, 0) < common  # "steel", "swan"
    return ((word in family_names() or common_word) and not never(word) and word not in CHAT_ABBREVIATIONS
            and word not in _WARD_WORDS and word not in STOPWORDS and not JOB_WORD.fullmatch(word)
            and not _PERSON_WORD.fullmatch(word) and not _RELATIVE_WORD.fullmatch(word) and not medical_term(word)
            and word not in _NOT_AFTER_RELATIVE and not published(word, public))


def _name_like(word: str) -> bool:
    """Whether a word in lower case after "mr", "ms" or "miss" is a name: on the lists, or no English word, nor
    one misspelt or inflected by a letter, nor a medical term ("doyle", "kowalczyk"; not "fatigue", "tablets",
    "deteriorations", "oxycodone", "anything")."""
    return not never(word) and (word in family_names() or is_given_name(word) or no_word(word))


def _listed_after(text: str, end: int, member) -> Iterator[Span]:
    """The names listed after the one ending at `end` ("Whitlock, Nakamura and Duffy"), while `member` holds."""
    following = _NEXT_IN_LIST.match(text, end)
    while following and member(following.group("name")):
        yield _span(text, following.start("name"), following.end("name"))
        following = _NEXT_IN_LIST.match(text, following.end("name"))


def _span(text: str, start: int, end: int) -> Span:
    """A name's span without a possessive "'s"."""
    found = POSSESSIVE.search(text, start, end)
    return "name", start, found.start() if found and found.end() == end else end
