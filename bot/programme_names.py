"""Names in a question of programmes, schemes, reviews or bodies the corpus never mentions ("the
Carter review", "GIRFT programme", "the Safer Staffing Improvement Plan"): the not-covered rule
(`bot.scope`) needs only a smaller margin for a question about one (pure, over a prepared query and
its hits)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from index import Hit, Query, english_words

# a word, or single letters joined by "&" ("V&A", "A&E"): one acronym, not a name of several words
_WORD = re.compile(r"(?:[A-Za-z]&)+[A-Za-z](?![A-Za-z0-9])|[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"(^|[.?!:;\n])\W*$")
# words that make a name the name of a programme, scheme, review or body (its last word)
NAMED_THINGS = frozenset("""programme program scheme review report inquiry investigation framework plan strategy
    standard standards rule rules act bill fund initiative stocktake audit charter guidance toolkit academy alliance
    pilot project campaign model platform service training approach principles pledge network group
    collaborative partnership""".split())


def unknown_names(query: Query) -> tuple[str, ...]:
    """Names of programmes, schemes or bodies in the question that the corpus never uses: a word, as
    searched (spelling corrected), capitalised other than at a sentence's start or with two or
    more capitals (an acronym), unknown to the corpus, whose name (it and the capitalised words
    after it) is followed by or ends in one of NAMED_THINGS; but not when the name's last word
    before that is an acronym the corpus uses: the unknown word then qualifies a body the corpus
    names ("WY MHLDA partnership": West Yorkshire's MHLDA partnership)."""
    if not query.unknown:
        return ()
    tokens = []  # (word, a name's word?, as typed)
    for match in _WORD.finditer(query.searched):
        word = match.group(0)
        capitals = sum(c.isupper() for c in word)
        starts = _SENTENCE_END.search(query.searched[:match.start()]) is not None
        tokens.append((re.sub(r"['’].*", "", word).lower(), capitals >= 2 or (capitals > 0 and word[0].isupper() and not starts),
                       word))
    unknown, found = set(query.unknown), []
    for i, (word, capital, typed) in enumerate(tokens):
        if capital and word in unknown:
            j = i + 1
            while j < len(tokens) and tokens[j][1] and tokens[j][0] not in NAMED_THINGS:
                j += 1
            if (j < len(tokens) and tokens[j][0] in NAMED_THINGS and not _described(typed, j - i, tokens[j][0])
                    and not _known_acronym(tokens[j - 1][2], unknown)):
                found.append(word)
    return tuple(found)


# a short acronym before one of these says what kind of body or way of working it is ("a new MH
# collaborative", "a PMO approach"), not the name of one the corpus never mentions
_KINDS = frozenset("collaborative collaboratives partnership partnerships service services approach model team network".split())


def _described(typed: str, length: int, thing: str) -> bool:
    """Whether a name of `length` words, `typed` first, before `thing` is a short acronym describing it."""
    return length == 1 and thing in _KINDS and typed.isupper() and len(typed) <= 3


def _known_acronym(typed: str, unknown: set[str]) -> bool:
    """Whether a word, as typed, is an acronym (two capitals or more) the corpus uses."""
    return sum(c.isupper() for c in typed) >= 2 and re.sub(r"['’].*", "", typed).lower() not in unknown


_CONNECTORS = frozenset(("and", "of", "for", "&"))
_NAME_PREFIX = frozenset(("nhs", "national", "the"))


NAME_GAP = 4  # words a passage may write between two of a name's ("Bath and North East Somerset, Swindon")


LAWS = frozenset(("act", "bill"))  # a passage writing a law's other words ("health and care") does not name it


def unseen_names(query: Query, hits: Sequence[Hit]) -> tuple[str, ...]:
    """Names of programmes, schemes or bodies made only of words the corpus uses ("Long Term
    Workforce Plan") that the corpus still never names: two or more capitalised words (other
    than a sentence's first; letters joined by "&", "V&A", are one acronym), joined by "and", "of",
    "for" or "&", followed by or ending in one of NAMED_THINGS, whose words before that (less a
    leading "NHS" or "National", and acronyms) are at least two and appear together
    (`_written_out`; a law's with "Act" or "Bill": `LAWS`) in none of the hits' passages (their document's title, section or text).
    Reads only the hits."""
    tokens = []  # (word, a name's word?, an acronym?)
    for match in re.finditer(rf"{_WORD.pattern}|&", query.searched):
        word = match.group(0)
        starts = _SENTENCE_END.search(query.searched[:match.start()]) is not None
        acronym = sum(c.isupper() for c in word) >= 2
        tokens.append((re.sub(r"['’].*", "", word).lower(), acronym or (word[0].isupper() and not starts), acronym))
    names, i = [], 0
    while i < len(tokens):
        j = i + 1
        while tokens[i][1] and j < len(tokens) and (
                tokens[j][1] or (tokens[j][0] in _CONNECTORS and j + 1 < len(tokens) and tokens[j + 1][1])):
            j += 1
        span = tokens[i:j]
        kind = span[-1][0] if span[-1][0] in NAMED_THINGS else tokens[j][0] if j < len(tokens) else ""
        thing = kind in NAMED_THINGS
        while span and span[-1][0] in NAMED_THINGS:
            span.pop()
        while span and span[0][0] in _NAME_PREFIX:
            span.pop(0)
        span = [t for t in span if not t[2]]  # an acronym is a name of its own (`unknown_names`)
        if tokens[i][1] and thing and len(span) >= 2:  # a law is named by its whole title: "Health and Care Act"
            names.append(" ".join(w for w, _, _ in span) + (f" {kind}" if kind in LAWS else ""))
        i = j
    if not names:
        return ()
    seen = " " + " \n ".join(_plain_passage(h.passage.context, h.passage.text) for h in hits) + " "  # a name within one
    return tuple(name for name in names if not re.search(_written_out(name), seen))


def _written_out(name: str) -> str:
    """A name's words in order in one passage, with at most `NAME_GAP` words between two of them:
    "Bath Swindon Wiltshire" is the corpus's "Bath and North East Somerset, Swindon and Wiltshire"."""
    return " " + f"(?: [a-z0-9]+){{0,{NAME_GAP}}} ".join(re.escape(w) for w in _plain(name).split()) + " "


@functools.lru_cache(maxsize=4096)
def _plain_passage(context: str, text: str) -> str:
    """`_plain` of a passage's context and text, made once per passage (the same ones come up again and again)."""
    return _plain(f"{context} {text}")


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", "")))


COMMON = 20_000_000  # an English word written more often than this is a word ("Act", "Fund", "King"), not a name
# where a question names an organisation or a place: after a word that asks what it did or where ("What did
# Northumbira learn", "at Northumbira"), or before a word naming what kind of body it is ("Northumbria Healthcare")
_NAMING_BEFORE = frozenset("at in from for with by did does do has have had is was were about across".split())
_BODIES = frozenset("""trust trusts healthcare hospital hospitals nhs foundation icb ics council university partnership
    group collaborative alliance health care""".split())


def unmentioned_names(query: Query) -> tuple[str, ...]:
    """Names of organisations or places in the question the corpus never mentions ("What did Northumbira
    learn about working with other trusts?": "Northumbira"): a word with one capital, its first, other than
    at a sentence's start (not an acronym: "CEOs", "SECAmb"), as asked, unknown to the corpus, no common English word (`COMMON`; place names are rarer:
    Newcastle 9 million), after a word asking what it did or where (`_NAMING_BEFORE`) or before one naming a
    kind of body (`_BODIES`), so neither "Hi" opening a pasted email nor "Thursday's board" counts. An
    answer's excerpts are then about others, which its lead says (`bot.messages.unmentioned_lead`)."""
    if not query.unknown:
        return ()
    english, unknown, found = english_words(), set(query.unknown), []
    words = list(_WORD.finditer(query.text))
    for i, match in enumerate(words):
        word = match.group(0)
        bare = re.sub(r"['’].*", "", word)
        if not (word[:1].isupper() and sum(c.isupper() for c in word) == 1 and bare.lower() in unknown
                and english.get(bare.lower(), 0) < COMMON and _SENTENCE_END.search(query.text[:match.start()]) is None):
            continue
        before = words[i - 1].group(0).lower() if i else ""
        after = words[i + 1].group(0).lower() if i + 1 < len(words) else ""
        if before in _NAMING_BEFORE or after in _BODIES:
            found.append(bare)
    return tuple(dict.fromkeys(found))


_NAME_JOINS = frozenset(("and", "of", "for", "&", "the"))


def named_phrase(question: str, word: str) -> str:
    """The whole name `word` is part of in `question`, as typed, with the word saying what it names and a
    year or "the" before it ("the 2022 Health and Care Act", "the King's Fund"); "" when no such word
    (`NAMED_THINGS`) ends the capitalised words around it."""
    tokens = list(re.finditer(rf"{_WORD.pattern}|&", question))
    at = next((i for i, t in enumerate(tokens) if _bare(t) == word.lower()), None)
    if at is None or not tokens[at].group(0)[:1].isupper():
        return ""
    last = at
    while last + 1 < len(tokens) and _in_name(tokens, last + 1) and _bare(tokens[last]) not in NAMED_THINGS:
        last += 1
    if _bare(tokens[last]) not in NAMED_THINGS and last + 1 < len(tokens) and _bare(tokens[last + 1]) in NAMED_THINGS:
        last += 1  # "the Carter review"
    if _bare(tokens[last]) not in NAMED_THINGS:
        return ""
    first = at
    while first > 0 and (_in_name(tokens, first - 1) or re.fullmatch(r"(?:19|20)\d\d", tokens[first - 1].group(0))):
        first -= 1
    if first > 0 and tokens[first - 1].group(0).lower() == "the":
        first -= 1
    while tokens[first].group(0).lower() in _NAME_JOINS - {"the"}:
        first += 1
    return question[tokens[first].start(): tokens[last].start() + len(re.sub(r"['’]s$", "", tokens[last].group(0)))]


def _bare(token: re.Match) -> str:
    """A token's word, lower case, without a possessive ("Fund's": "fund")."""
    return re.sub(r"['’].*", "", token.group(0)).lower()


def _in_name(tokens: list[re.Match], i: int) -> bool:
    """Whether token i is a name's: capitalised, or a joining word between two that are."""
    word = tokens[i].group(0)
    if word[:1].isupper():
        return True
    return (word.lower() in _NAME_JOINS - {"the"} and 0 < i < len(tokens) - 1
            and tokens[i - 1].group(0)[:1].isupper() and tokens[i + 1].group(0)[:1].isupper())
