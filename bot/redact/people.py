"""Personal names with nothing around them to say whose they are, pure: "can we fund Jane Bloggs'
pilot?", "Sarah Khan in our MSK team says …", "john smith on ward 5 …", "ask Priya about it".

A name is a given name followed by one or two surname-shaped words. Capitalised, the given name is
one of the list (`given_names.txt`) or a word English does not have ("Chidi Okafor", "Rajesh
Kumar"); a given name that is also an English word ("Grace", "Mark", "Will") counts before a known
family name, at a sentence's start only when a word in lower case follows ("Mark Hughes on 4B",
not "Will Leeds share?"). A surname that names a place in a hospital ("Ward") counts after a given
name that is no word, unless "on", "to" … comes before it ("Lucy Ward", not "on Florence Ward").
Typed in lower case, the given name is on the list and no English word (but `NAMES_FIRST`), or no
word nor a misspelt one ("rajesh patel", not "seperate parts"), the family name on its list or no
English word; "grace adeyemi", "wei zhang" before a family name that is no word; both words on the
lists but English words too, beside a person's context ("can dawn hughes join", "amber stone from
estates wants", `bot.redact.beside`). A word English seldom writes (`RARE`) counts before a family
name ("Wei Zhang"), and a Chinese family name beside such a pinyin syllable ("Hui Wang", "Wang
Fang"); particles too ("van der Berg", "Pádraig Ó Súilleabháin"); given
names are also matched without their accents ("Oisín"). A given name alone counts when it is no English word and no capitalised word but a
sentence's first stands beside it, and one on no list when a person's context does ("send
Oluwaseun the …", "Nkechi wants …") or in a list beside a given name ("Marcus, Oluwaseun and Bogdan");
names a title, a role, initials or "the … family" mark are `bot.redact.marked`'s; also Vietnamese names ("Tran Van Hung") and
lower-case double-barrelled ones ("olu adeyemi-johnson"). The word lists are
`bot.redact.name_lists`'s; what keeps a name, `bot.redact.kept_names`'. Kept: names the corpus
publishes (`public`, its leaders and contacts, also misspelt, and their family names), people NHS
bodies and charities are named after (`EPONYMS`: "Marie Curie", "Sue Ryder"), a name before a word
that makes it an organisation's or a programme's ("the Mary Seacole programme", "Marie Curie
nurses", "Hywel Dda University Health Board") or after "the", UK places (`uk_places.txt`: "Kent
and Medway") and words that are no names (`bot.redact.names.NOT_NAMES`: "West Yorkshire").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.beside import chinese_name, person_beside, reported_after, vietnamese_name, words_beside
from bot.redact.joined_places import place_listed
from bot.redact.kept_names import (
    POSSESSIVE,
    longest_organisation,
    named_after,
    organisation_run,
    public_key,
    published,
    published_organisation,
)
from bot.redact.marked import marked_names, possessive_length
from bot.redact.name_lists import (
    MONTH_NAMES,
    NAMES_FIRST,
    PRODUCTS,
    RARE,
    WORD_SURNAMES,
    english_given_names,
    family_like,
    family_names,
    given_names,
    is_given_name,
    never,
    no_word,
    place_shaped,
    places,
)
from bot.redact.names import _LOWER, _UPPER
from bot.redact.organisations import EPONYMS, organisation_part
from bot.redact.patterns import Span
from bot.redact.surname_first import COMMON_FAMILY_WORD
from index import english_words

# Family names that end a town's name more often than they follow a given name on no list: "hebden bridge"
_TOWN_ENDS = frozenset("bridge green heath cross end hill bay vale moor wells bury ford marsh".split())
_PLACE_BEFORE = frozenset("on in at to onto into from the".split())  # "on Lucy Ward": a ward
# A place's preposition just before a given name makes it a place's: "our hub in Beverley", "staff at Barry"
_IN_PLACE = re.compile(r"\b(?:in|at|near|around|across|outside|within)[ \t]+$")
_ON_WARD = re.compile(r"\bon[ \t]+$")  # a given name that is an English word after "on" is a ward's: "on Rowan"
# A date's word just before a month makes it the month: "in May Hughes said", "by June"
_MONTH_BEFORE = re.compile(r"\b(?i:in|by|since|until|till|from|of|during|early|late|mid|next|last|this|each|every)[ \t]+$")
# Particles inside a name: "van der Berg", "al-Hashimi", "ap Gwynfor", "bin Said"; Irish and Scottish
# Gaelic ones capitalised: "Ó Súilleabháin", "Ní Bhriain", "Mac Giolla Phádraig", "Nic Amhlaoibh"
_PARTICLE = (r"(?:(?:van|von|der|den|de|del|della|da|di|du|dos|le|la|al|el|bin|bint|ibn|ap|ab|ter|ten)(?:[ \t]+|-)"
             r"|(?:Ó|Ní|Nic|Mac|Mhic|Uí|Ua)[ \t]+)")
_WORD = rf"(?:Mc|Mac|Nic|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
# Two or three capitalised words in a row; the last may be possessive ("Bloggs'", "O'Neill's")
_RUN = re.compile(rf"(?<![\w'’-]){_WORD}(?:[ \t]+{_PARTICLE}*{_WORD})+(?![\w-])")  # capitalised words in a row
_TOKEN = re.compile(rf"{_PARTICLE}*\S+")  # one word of a run, with the particles before it
_LOWER_PAIR = re.compile(rf"(?<![\w'’-])(?=(?P<given>[{_LOWER}]{{2,}})[ \t]+"
                         rf"(?P<family>[{_LOWER}]{{2,}}(?:['’][{_LOWER}]+)*(?:-[{_LOWER}]{{2,}})?)(?![\w-]))")
# A capitalised word with no capitalised word either side
_LONE = re.compile(rf"(?<![\w'’-])({_WORD})(?![\w-])(?![ \t]+[{_UPPER}])")
_CAPITAL_BEFORE = re.compile(rf"[{_UPPER}][\w'’-]*[ \t]+$")
_JOINED = re.compile(rf"['’]?s?[ \t]*(?:&|and)[ \t]+[{_UPPER}]")  # "Kent & Medway"
_JOINED_BEFORE = re.compile(rf"[{_UPPER}][\w'’-]*[ \t]+(?:&|and)[ \t]+$")
# A given name joined to the word by "and" or a comma: "Marcus, Oluwaseun and Bogdan" is a list of people
_LISTED_BEFORE = re.compile(rf"({_WORD})(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+)$")
_LISTED_AFTER = re.compile(rf"(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+)({_WORD})")
_LOWER_NEXT = re.compile(rf"(?:['’]s?)?[ \t]+[{_LOWER}]")  # a word in lower case next


def loose_names(text: str, public: Collection[str] = (), organisations: Collection[str] = ()) -> Iterator[Span]:
    """Each personal name in `text` that has no context around it, as ("name", start, end); not the
    ones whose `public_key` is in `public`, nor part of an organisation's name (`organisation_part`), also
    misspelt (`published_organisation`: "Mutal Ventures")."""
    for span in _loose(text, public, organisations):
        name = text[span[1]:span[2]]
        if not organisation_part(name, organisations) and not published_organisation(name, organisations):
            yield span


def _loose(text: str, public: Collection[str], organisations: Collection[str]) -> Iterator[Span]:
    yield from _capitalised(text, public, organisations)
    yield from _lower_case(text, public)
    yield from marked_names(text, public)
    yield from _lone(text, public)


def _lone(text: str, public: Collection[str]) -> Iterator[Span]:
    """A given name on its own ("ask Priya about it"), but not one that is an English word, a published
    person's ("Cathy says"), or one joined to another capitalised word ("Kent and Medway")."""
    for match in _LONE.finditer(text):
        word = POSSESSIVE.sub("", match.group(1))
        lower = word.lower()
        if (lower in english_given_names() or never(lower) or published(lower, public)
                or place_listed(text, match.start(), match.start() + len(word))):  # "Stanley and Consett teams"
            continue
        if not is_given_name(lower) and not _unknown_person(text, match.start(), match.start() + len(word), lower):
            continue
        before = _CAPITAL_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if before and (not _starts_sentence(text, before.start())  # "Ask Priya": a sentence's first word
                       or is_given_name(before.group().strip().lower())  # "Cathy Elliott" is not lone
                       or POSSESSIVE.search(before.group().strip())):  # "King's Lynn": a place's
            continue
        if _IN_PLACE.search(text, max(0, match.start() - 12), match.start()) and not POSSESSIVE.search(match.group(1)):
            continue  # "our hub in Beverley": a place, though a given name
        if _ON_WARD.search(text, max(0, match.start() - 4), match.start()) and lower in english_words():
            continue  # "the sister on Rowan": a ward named after a tree or a flower
        joined = _JOINED.match(text, match.end()) or _JOINED_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if not joined or _listed(text, match.start(), match.start() + len(word)):
            if not named_after(text, match.start() + len(word), match.start()):
                yield "name", match.start(), match.start() + len(word)


def _unknown_person(text: str, start: int, end: int, lower: str) -> bool:
    """Whether a word on no list of names or places, and no English word nor a system's, is someone's given name by
    what stands beside it: "send Oluwaseun the lessons", "Nkechi wants to know" (not "Frimley", "chase Datix")."""
    if (lower in english_words() or lower in family_names() or lower in PRODUCTS or text[start:end].isupper()
            or place_shaped(lower)):
        return False
    return person_beside(text, start, end) or _listed(text, start, end, given_only=True)


def _listed(text: str, start: int, end: int, given_only: bool = False) -> bool:
    """Whether the word at `start:end` stands in a list beside a given name or a word on no list
    ("Marcus, Oluwaseun and Bogdan"), not a place's, an English word's or a body's ("Kent and Medway",
    "the Christie and Clatterbridge"); `given_only`, beside a given name alone ("St Helens and Knowsley")."""
    before = _LISTED_BEFORE.search(text, max(0, start - 40), start)
    after = _LISTED_AFTER.match(text, end)
    return any(found and (lower := found.group(1).lower()) not in english_given_names() and not never(lower)
               and lower not in EPONYMS and not place_shaped(lower) and (is_given_name(lower) or not given_only and lower not in english_words())
               for found in (before, after))


def _capitalised(text: str, public: Collection[str], organisations: Collection[str]) -> Iterator[Span]:
    for run in _RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start()) for m in _TOKEN.finditer(run.group())]
        reach = longest_organisation(organisations)
        i = 0
        while i < len(words) - 1:
            if skip := organisation_run([text[slice(*word)] for word in words[i:i + reach]], organisations):
                i += skip  # "Mutal Ventures John Smith": the organisation, then the name after it
                continue
            given = text[slice(*words[i])]
            surnames: list[int] = []
            for start, end in words[i + 1:i + 3]:
                bare = POSSESSIVE.sub("", text[start:end]).lower()
                if never(bare) and not (not surnames and (_word_surname(given.lower(), bare, text, words[i][0], end)
                                                           or _place_surname(given.lower(), bare, text, end))
                                        or surnames and vietnamese_name(  # "Nguyen Van An": a given name that is a word
                                            [*(text[slice(*word)].lower() for word in words[i:i + 1 + len(surnames)]), bare])):
                    break
                surnames.append(end)
                if POSSESSIVE.search(text[start:end]):
                    break
            start = words[i][0]
            others = [text[slice(*word)] for word in words[i + 1:i + 1 + len(surnames)]]
            if surnames and _given(given, others, text, start, words[i + 1][1]):
                end = surnames[-1]
                if not named_after(text, end, start) and not published(public_key(text[start:end]), public):
                    yield "name", start, end - possessive_length(text[start:end])
                i += 1 + len(surnames)
            else:
                i += 1


def _given(word: str, surnames: list[str], text: str, start: int, end: int) -> bool:
    """Whether `word`, before `surnames` (the first ends at `end`), is a given name where it stands."""
    lower, surname = word.lower(), surnames[0]
    if lower in MONTH_NAMES:
        return _month_given(POSSESSIVE.sub("", surname).lower(), text, start, end)
    if never(lower) or POSSESSIVE.search(lower):  # "King's Lynn": a given name is never possessive
        return False
    if POSSESSIVE.sub("", surnames[-1]).lower() in _TOWN_ENDS and not is_given_name(lower):  # "Hebden Bridge": a town
        return False
    if lower in english_given_names() or lower == "will":  # "Grace O'Connor" but not "Will Leeds", "Mark Trusts" or "Mark the dates"
        family = POSSESSIVE.sub("", surname).lower()
        if family not in family_names() and (family in english_words() or family in places()):
            return False
        # at a sentence's start, only as the subject of what follows: "Mark Hughes on ward 7 …", "Will Baker is …"
        return not _starts_sentence(text, start) or bool(_LOWER_NEXT.match(text, end))
    bare = [POSSESSIVE.sub("", s).lower() for s in surnames]
    if is_given_name(lower) or chinese_name(lower, bare[0], RARE) or vietnamese_name([lower, *bare]):
        return True
    # "Chidi Okafor", "Tendai Moyo"; a word written rarely before a family name that is no common word: "Wei Zhang"
    rare = english_words().get(lower, 0) < RARE and any(family_like(POSSESSIVE.sub("", s).lower()) for s in surnames)
    return (lower not in english_words() or rare) and not word[1:].isupper()


def _lower_case(text: str, public: Collection[str]) -> Iterator[Span]:
    for match in _LOWER_PAIR.finditer(text):
        given, family = match.group("given"), POSSESSIVE.sub("", match.group("family"))
        if not (family in family_names() or (family not in english_words() and len(family) > 2)) or never(given):
            continue  # what every name below needs, first: most word pairs are two English words
        if reported_after(text, match.end("given")):  # "mcgrath said": a verb, though "Said" is a family name
            continue
        known = given in given_names() and (given not in english_given_names() or given in NAMES_FIRST)
        family_only = family in family_names() and family not in english_words()  # "adeyemi", "zhang"
        if "-" in family:  # "olu adeyemi-johnson": double-barrelled, one half a family name that is no word
            halves = family.split("-")
            if (not any(half in family_names() and half not in english_words() or no_word(half) for half in halves)
                    or not any(half in family_names() for half in halves)):  # not "construisent-ils"
                continue
            family_only = all(half in family_names() or half not in english_words() for half in halves)
        # "grace adeyemi", "wei zhang": a given name that is a word, or a rare one, before such a family name
        known = known or family_only and (given in english_given_names() or english_words().get(given, 0) < RARE)
        # "can dawn hughes join …", "amber stone from estates wants …": both on the lists, a person's context beside
        known = known or is_given_name(given) and family in family_names() and words_beside(text, match.start(),
                                                                                              match.start("family") + len(family))
        if ((known or (family in family_names() and family not in _TOWN_ENDS and no_word(given)))  # "rajesh patel",
                # not "seperate parts" nor "hebden bridge"
                and (not never(family) or _word_surname(given, family, text, match.start(), match.end("family")))):
            end = match.start("family") + len(family)
            if not named_after(text, end, match.start()) and not published(f"{given} {family}", public):
                yield "name", match.start("given"), end


def _month_given(family: str, text: str, start: int, end: int) -> bool:
    """Whether a month that is a given name too ("May", "June") is one before `family`: a family name English seldom
    writes, the month no date's ("in May", "by June"), at a sentence's start only before a word in lower case: "May
    Robinson was readmitted", not "May Day", "in May Hughes said"."""
    return (family in family_names() and english_words().get(family, 0) < COMMON_FAMILY_WORD
            and not _MONTH_BEFORE.search(text, max(0, start - 8), start)
            and (not _starts_sentence(text, start) or bool(_LOWER_NEXT.match(text, end))))


def _place_surname(given: str, family: str, text: str, end: int) -> bool:
    """Whether a place that is a family name too ("Kent") is one after a given name, before what a person does: "Bill
    Kent says", not "Kent says" nor "Will Kent and Medway"."""
    return is_given_name(given) and family in family_names() and reported_after(text, end)


def _word_surname(given: str, family: str, text: str, start: int, end: int) -> bool:
    """Whether a word that names a place in a hospital ("ward") is a surname here: after a given name
    that is no English word's, not after "on", "to", "the" …, nor before a word such as "ward":
    "Lucy Ward asked", not "on Florence Ward" or "Bevan ward"."""
    if family not in WORD_SURNAMES or given in english_given_names() or given not in given_names() and given in english_words():
        return False
    before = text[max(0, start - 6):start].lower().split()
    return not (before and before[-1] in _PLACE_BEFORE) and not named_after(text, end, start)


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` is a sentence's first (only spaces, quotes or brackets before it
    since the text's start or a full stop, question mark, colon …)."""
    while start > 0 and text[start - 1] in " \t\"'“‘([*_>-":
        start -= 1
    return start == 0 or text[start - 1] in ".?!:;•\n"
