"""Given names that where they stand in a sentence mark as someone's, pure, also typed in lower case and also
English words or short forms: the subject of what someone says or wants ("jess said", "Faith said", "as becca
said", "May rang"), whom a message is for ("ask jess whether …", "tell priya the …", "spoke to gemma earlier",
"ask Precious at …") and who is to do something ("can Hope join", "did Mercy get", "has darren seen").

Kept: a department or a body ("ask pharmacy about …", "tell estates", "the ICB said"), a word with a
determiner before it ("the guidance said", "a man said"), a month or a word where no verb of a person's stands
beside it ("in May", "we hope to", "ask frank questions"), a body's acronym in lower case ("does nlft cover"), names the
corpus publishes ("what did Julian say").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.chat_words import (
    CHAT_ABBREVIATIONS,
    COMMAND_LEVELS,
    DEPARTMENT_WORD,
    acronym_like,
    organisation_words,
    unwritten,
)
from bot.redact.hyphenated import described, time_range
from bot.redact.joined_places import place_listed
from bot.redact.kept_names import published
from bot.redact.name_lists import (
    MONTH_NAMES,
    PRODUCTS,
    RARE,
    VIRTUE_NAMES,
    english_given_names,
    is_given_name,
    never,
    no_word,
    place_shaped,
    short_forms,
)
from bot.redact.names import _NOT_INITIALS, _RELATIVE
from bot.redact.patterns import Span
from bot.redact.person_verbs import ADDRESSING, ADDRESSING_WITH, AUXILIARIES, ENLISTING, REPORTING
from index import english_words

# Words on the lists of names or short forms that stand where a name would and are none
_NOT_HERE = frozenset("man love god all ops doc bro sis boss mate guv hun babe nan nana gran mum dad".split()) | PRODUCTS
_REPORTS = rf"(?:{REPORTING}|(?:is|was)[ \t]+(?:asking|saying|wondering))"
_LETTERS = r"[^\W\d_]+"  # a word's letters, accented or not: "siân", "Søren", "małgorzata"
_NAME = rf"{_LETTERS}(?:-{_LETTERS})?"
# Who may stand between a subject and what they say: their role, team or place
_BETWEEN = r"(?:[ \t]*\([^()\n]{1,30}\)|[ \t]+(?:in|at|from|on)(?:[ \t]+[\w'’&-]+){1,3})?"
# "jess said", "Wendy-May (HCA) asked", "jess in Hebden Bridge asked", "jess from comms wants": a subject, with
# their role, team or place
_SUBJECT = re.compile(rf"(?<![\w'’-])(?=(?P<name>{_NAME}){_BETWEEN}[ \t]+{_REPORTS}\b)")  # looked for at every word:
# "heard from yetunde and ruby said" holds "ruby said"
# "faith and joy from pharmacy asked", "Patience, Mercy and Gift are covering": subjects listed together, up to seven
# (bounded, so that a long list costs linear time)
_SUBJECTS = re.compile(rf"(?<![\w'’-])(?P<names>{_NAME}(?:[ \t]*,[ \t]*{_NAME}){{0,5}}[ \t]*,?[ \t]*(?:and|&)[ \t]+{_NAME})"
                       rf"{_BETWEEN}[ \t]+(?:{_REPORTS}|(?:are|were)[ \t]+(?:covering|running|leading|chairing|doing|on|off|"
                       rf"both|all))\b")
_LISTED_NAME = re.compile(rf"(?<![\w'’-])(?!and\b){_NAME}(?![\w'’-])")  # each name of such a list
# What may stand before a subject: a sentence's start, a comma, a bracket, "and", "as", "but" …
_SUBJECT_BEFORE = re.compile(r"(?:^|[.?!:;\n,(•*-]|\b(?i:and|as|but|so|cos|coz|because|think|that|ok|also|btw|fyi))[ \t]*$")
# "cc: kemi, tunde", "cc @sunita and gareth": a colon after the verb, an "@" before the name
_ADDRESSED = re.compile(rf"\b(?i:(?P<enlisting>{ENLISTING})|{ADDRESSING_WITH}|{ADDRESSING})(?:[ \t]*:[ \t]*|[ \t]+)@?"
                        rf"(?P<name>{_NAME})(?![\w'’-])")
# What ends the name of who is got to do something: "to" and a verb ("got funmi to chase"; not "get buy-in from"), or
# the next name ("got femi and dayo to")
_AFTER_ENLISTED = re.compile(r"[ \t]+to[ \t]+(?!the\b|a\b|an\b)[a-z]|[ \t]*(?:,|and\b|&)")
# "told priyanka and amara that": the names joined to the first of whom a message is for
_AND_ADDRESSED = re.compile(rf"[ \t]*(?:,|and|&)[ \t]+@?(?P<name>{_NAME})(?![\w'’-])")
# "gave rhys the notes", "showed shona the …", "pass tanvi the link": whom something is given or shown
_GIVEN_TO = re.compile(rf"\b(?i:give|gave|giving|show|showed|shown|forward|forwarded|pass|passed|hand|handed)[ \t]+"
                       rf"(?P<name>{_NAME})[ \t]+(?i:the|a|an|that|this|these|those|our|my|your|his|her|their|some)\b")
# "ring faith on 07700 900123", "call Hope at 0113 …": whom to ring, before their number
_RUNG = re.compile(rf"\b(?i:ring|rang|call|called|phone|phoned|text|texted|bleep|bleeped)[ \t]+(?P<name>{_NAME})[ \t]+"
                   rf"(?i:on|at)[ \t]*(?:\+|\(?0|\d)")
# What ends the name of whom a message is for: "ask jess whether …", "tell priya the …", "ask dom in Mansfield"
_AFTER_ADDRESSED = re.compile(r"[ \t]*(?:[.?!,;:)\n]|$)|[ \t]+(?i:about|abt|re|if|whether|the|a|to|for|at|in|on|from|what|"
                              r"how|when|why|who|and|or|&|earlier|later|after|before|yesterday|today|tomorrow|this|that|again|already|too|"
                              r"pls|please|know|asap|(?:we|i|you|they|she|he)(?:['’][a-z]+)?)\b")
# "can Hope join", "did Mercy get", "has darren seen": who is to do something
_AUXILIARY = re.compile(rf"\b(?i:{AUXILIARIES})[ \t]+(?P<name>{_LETTERS})[ \t]+"
                        r"(?:join|get|got|see|seen|have|had|help|send|sent|share|shared|come|know|do|done|make|take|run|"
                        r"lead|chair|present|cover|look|check|sign|agree|review|update|want|need|reply|read|start|"
                        r"finish|go|speak|talk|email|ring|call|attend|bring)\b")
_RELATIVE_WORD = re.compile(_RELATIVE, re.IGNORECASE)


def addressed_names(text: str, public: Collection[str] = (), organisations: Collection[str] = ()) -> Iterator[Span]:
    """Each given name that its place in a sentence marks as someone's, as ("name", start, end)."""
    bodies = organisation_words(frozenset(organisations))

    def kept(word: str) -> bool:
        lower = word.lower()
        return (lower in _NOT_HERE or lower in COMMAND_LEVELS or lower in bodies or lower in CHAT_ABBREVIATIONS or published(lower, public)
                or word.upper() in _NOT_INITIALS or word.isupper() or word.islower() and len(word) <= 5 and acronym_like(lower) or bool(DEPARTMENT_WORD.fullmatch(word) or _RELATIVE_WORD.fullmatch(word))
                or never(lower) and lower not in MONTH_NAMES or place_shaped(lower))

    def listed(word: str) -> bool:  # a given name or its short form, also an English word ("faith", "rob"), or
        halves = word.lower().split("-")  # capitalised, no English word ("Tamsin"); hyphenated, one half a given name,
        if len(halves) > 1 and (time_range(halves) or described(halves)):  # not a range of times ("dawn-dusk"), nor
            # what describes ("ivy-clad")
            return False
        return (all(is_given_name(half) or half in short_forms() or half in VIRTUE_NAMES or word[0].isupper() and no_word(half)
                    for half in halves)
                or len(halves) > 1 and any(is_given_name(half) or half in MONTH_NAMES for half in halves))

    def unlisted(word: str) -> bool:  # in lower case, a name on no list: "told shreya that", "pinged seyi re"
        return no_word(word) or unwritten(word)

    for match in _SUBJECT.finditer(text):
        word = match.group("name")
        if (_SUBJECT_BEFORE.search(text, max(0, match.start() - 12), match.start()) and not kept(word)
                and (listed(word) or word.lower() in MONTH_NAMES)
                and not (word[0].isupper() and place_listed(text, match.start("name"), match.end("name")))):  # "staff in
            yield "name", match.start("name"), match.end("name")  # Clare and Haverhill asked": places
    for match in _SUBJECTS.finditer(text):  # every one a given name, short form or virtue name ("charity and verity")
        listed_names = list(_LISTED_NAME.finditer(match.group("names")))
        if (_SUBJECT_BEFORE.search(text, max(0, match.start() - 12), match.start())
                and all(found.group().lower() in VIRTUE_NAMES or not kept(found.group()) and listed(found.group())
                        for found in listed_names)):
            yield from (("name", match.start() + found.start(), match.start() + found.end()) for found in listed_names)
    for match in _GIVEN_TO.finditer(text):  # also a word English seldom writes ("gave raj the"); in lower case, not
        word = match.group("name")  # a word that is a name too ("give hope a chance")
        rare = word.islower() and len(word) >= 3 and english_words().get(word, 0) < RARE
        if not kept(word) and (listed(word) or rare) and not (word.islower() and word in VIRTUE_NAMES | english_given_names()):
            yield "name", match.start("name"), match.end("name")
    for match in _RUNG.finditer(text):  # also, in lower case, no English word ("ring shreyasi on …")
        word = match.group("name")
        if not kept(word) and (listed(word) or word[0].isupper() and not word.isupper() or word.islower() and unlisted(word)):
            yield "name", match.start("name"), match.end("name")
    for match in _ADDRESSED.finditer(text):  # and the names joined to it ("told priyanka and amara that")
        found: re.Match[str] | None = match
        after = _AFTER_ENLISTED if match.group("enlisting") else _AFTER_ADDRESSED
        while found and found.group("name").lower() not in ("and", "or"):
            word = found.group("name")  # "ask Precious at …": a capital mid-sentence; "told shreya that": no English word
            if kept(word) or word.lower() in MONTH_NAMES or not (
                    listed(word) or word[0].isupper() and not word.isupper() or word.islower() and unlisted(word)):
                break
            if after.match(text, found.end()):
                yield "name", found.start("name"), found.end("name")
            found = _AND_ADDRESSED.match(text, found.end())
    for match in _AUXILIARY.finditer(text):
        word = match.group("name")
        lower = word.lower()
        if kept(word) or lower in MONTH_NAMES:
            continue
        on_lists = is_given_name(lower) or lower in short_forms() or lower in VIRTUE_NAMES  # "can Hope join": a capital mid-sentence, or in lower
        if on_lists and (word[0].isupper() or lower not in english_given_names() and (  # "has darren seen", not "has mark"
                is_given_name(lower) or english_words().get(lower, 0) < RARE)):
            yield "name", match.start("name"), match.end("name")
