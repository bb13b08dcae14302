"""Redacting identifiers from text before it is stored or logged: the one front door is `redact`.

What goes: emails, phone numbers, NHS numbers, UK postcodes, dates (of birth or otherwise; a day alone beside a stay,
`bot.redact.stay_dates`: "admitted 12/03"),
hospital / MRN-style record numbers, street addresses, flats, homes on a named street, care homes lived in and
children's schools (`bot.redact.dwellings`), ages over 89 (`bot.redact.patterns`), personal names
in a patient context or just before a phone number or email (`bot.redact.names`), names that ward and team
chat or a sentence's shape mark (`bot.redact.chat_names`, `bot.redact.addressed`: "jess said", "ask jess
whether", "sent chloe the", "faith and joy from pharmacy asked"), and personal names with no context at all
(`bot.redact.people`, `bot.redact.marked`: a title's, a role's, initials'), names written surname first
(`bot.redact.surname_first`: "Smith, John"), pinyin given names where a person stands (`bot.redact.pinyin`: "spoke to wei ling"), names after a title misspelt
(`bot.redact.misspellings`: "docter Williams"), in brackets after whom they name (`bot.redact.bracketed`: "his wife
(Funke)"), nicknames in quotes (`bot.redact.nicknames`: 'Robert "Bobby" Moore', 'known as "Smudge"') and chat handles made of names (`bot.redact.handles`: "@sarah.jones"), but places listed with places (`bot.redact.joined_places`: "Stanley and Chester-le-Street") and
those the corpus publishes, which whoever opens the corpus gives once (`publish`), people and
organisations also misspelt (`bot.redact.kept_names`: "Mutal Ventures"). Each becomes a placeholder such as `[name]`. Measured on
labelled sets by `benchmarks/redaction.py` (see BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable

from bot.redact.addressed import addressed_names
from bot.redact.bracketed import bracketed_names
from bot.redact.chat_names import colleagues, patient_context
from bot.redact.described import described
from bot.redact.details_apart import apart_from_details
from bot.redact.details_apart import message_parts as message_parts  # for bot.introductions
from bot.redact.dwellings import dwellings
from bot.redact.handles import handles
from bot.redact.kept_names import in_organisation, public_key, published
from bot.redact.misspellings import titled_names
from bot.redact.names import contact_names, patient_names
from bot.redact.nicknames import nicknames
from bot.redact.organisations import organisation_key
from bot.redact.other_scripts import other_script_names
from bot.redact.patterns import Span, age_after, structured
from bot.redact.people import loose_names
from bot.redact.pinyin import pinyin_names
from bot.redact.stay_dates import stay_dates
from bot.redact.surname_first import surname_first
from bot.redact.unmarked import unmarked
from bot.typed_words import folded

# When spans of two kinds overlap, the merged span takes the first of these kinds.
_PRIORITY = ("email", "nhs-number", "phone", "date", "postcode", "record-number", "registration", "address", "location",
             "name", "age")
PLACEHOLDER = re.compile(r"\[(?:" + "|".join(_PRIORITY) + r")\]")  # what `redact` puts for an identifier


def removed(redacted: str) -> set[str]:
    """The kinds of identifier `redact` took out of this text (its placeholders' kinds)."""
    return {found[1:-1] for found in PLACEHOLDER.findall(redacted)}


def identifying(redacted: str) -> bool:
    """Whether `redact` took out of this text something that could identify someone: any identifier
    but a date alone ("since 12 March 2023" identifies no one)."""
    return bool(removed(redacted) - {"date"})


def find(text: str, any_name: bool = True) -> list[Span]:
    """Every identifier in `text` as (kind, start, end), overlaps merged, in order; without `any_name`,
    not the names that nothing around them marks as a patient's or a contact's. Looked for in the text as
    typed plainly (`bot.typed_words`: an NHS number of fullwidth or Arabic-Indic digits, or separated by
    no-break or zero-width spaces, is found as one typed plainly; a number with O for 0 or l for 1, "9OO123", as
    digits) and as read without Slack's markup, runs of spaces or digits typed one by one (`bot.redact.unmarked`:
    "*Mrs Patel*", "LS6   2AB"), each span then where it is in `text`."""
    plain, origin = folded(text)
    read, at = unmarked(plain)
    spans = _found(_LETTER_DIGITS.sub(_as_digits, read), any_name)
    if read == text:
        return spans
    # a span ends after its last character as typed, or where the next begins when it was read from a word ("nine")
    return [(kind, origin[at[start]], max(origin[at[end - 1]] + 1, origin[at[end]])) for kind, start, end in spans]


# A number typed with letters for digits: "9OO123", "59l9" (O for 0, l or I for 1), three digits or more and one or two
# such letters; read as digits (the lengths kept) while identifiers are looked for
_LETTER_DIGITS = re.compile(r"(?<![\w])(?=(?:[OoIl]*\d){3})(?=[\d]*[OoIl][\d]*(?:[OoIl][\d]*)?(?![\w]))[\dOoIl]+(?![\w])")
_DIGITS = str.maketrans("OoIl", "0011")


def _as_digits(match: re.Match[str]) -> str:
    return match.group().translate(_DIGITS)


def _found(text: str, any_name: bool) -> list[Span]:
    found = [*structured(text), *described(text), *stay_dates(text), *dwellings(text)]
    contacts = [span for span in found if span[0] in ("phone", "email")]
    unmarked = [*loose_names(text, _public, _organisations), *colleagues(text, _public, _organisations),
                *addressed_names(text, _public, _organisations), *titled_names(text, _public),
                 *surname_first(text, _public), *pinyin_names(text, _public)] if any_name else []
    names = [*patient_names(text, _organisations), *contact_names(text, contacts, _organisations),
             *patient_context(text, _public), *bracketed_names(text, _public), *handles(text, _public), *other_script_names(text),
             *nicknames(text, _public),
             *(span for span in unmarked if not in_organisation(text, span[1], span[2], _organisations))]
    ages = [age for span in names if (age := age_after(text, span[2]))]  # "Mrs O'Brian, 91,"
    spans = sorted([*found, *names, *ages], key=lambda s: (s[1], -s[2]))
    merged: list[Span] = []
    for kind, start, end in spans:
        if merged and start < merged[-1][2]:
            last_kind, last_start, last_end = merged[-1]
            winner = min(last_kind, kind, key=_PRIORITY.index)
            merged[-1] = (winner, last_start, max(last_end, end))
        else:
            merged.append((kind, start, end))
    return merged


REMEMBERED = 256  # texts whose redaction is kept in memory (never stored)


class _Remembered:
    """The last `REMEMBERED` results, each under a digest of its text: the memory holds no text
    with an identifier still in it."""

    def __init__(self) -> None:
        self.results: OrderedDict[bytes, str] = OrderedDict()
        self.hits = self.misses = 0
        self._lock = threading.Lock()

    def get(self, key: bytes) -> str | None:
        with self._lock:
            result = self.results.get(key)
            if result is None:
                self.misses += 1
            else:
                self.hits += 1
                self.results.move_to_end(key)
            return result

    def clear(self) -> None:
        with self._lock:
            self.results.clear()

    def put(self, key: bytes, result: str) -> None:
        with self._lock:
            self.results[key] = result
            if len(self.results) > REMEMBERED:
                self.results.popitem(last=False)


remembered = _Remembered()


_public: frozenset[str] = frozenset()  # the names the corpus publishes, as `public_key` writes them
_organisations: frozenset[str] = frozenset()  # the organisations it publishes, as `organisation_key` writes them


def publish(names: Iterable[str], organisations: Iterable[str] = ()) -> None:
    """The names of the people the corpus publishes (its leaders and contacts: "Dr Nick Jackson"),
    kept wherever a question writes them so that it can still find their words, and of its
    organisations (with their aliases, publishers and regions; also misspelt), whose names stay even
    where they read as a person's. Given by whoever opens the corpus (`bot.corpus.open_corpus`;
    `peerbot serve` first, the people alone, by `bot.corpus.publish_names`, before it takes a
    request); until then every name goes but those of the NHS bodies `bot.redact.organisations` lists."""
    global _public, _organisations
    keys = frozenset(key for name in names for key in _and_given_name(public_key(name))) - {""}
    bodies = frozenset(organisation_key(name) for name in organisations) - {""}
    if (keys, bodies) != (_public, _organisations):
        _public, _organisations = keys, bodies
        remembered.clear()


def published_person(name: str) -> bool:
    """Whether `name` is one of the people the corpus publishes (`publish`), also misspelt: a name a
    reply may show."""
    return published(public_key(name), _public)


def _and_given_name(key: str) -> tuple[str, str]:
    """A published name and its given name ("cathy"), which stands for them in their own words."""
    return key, key.split(" ")[0] if " " in key else ""


def redact(text: str, any_name: bool = True) -> str:
    """`text` with every identifier replaced by its kind in brackets, e.g. "[postcode]". `any_name`
    False keeps the names that nothing around them marks as a patient's: for a field that is a name
    its owner agreed to give (a lesson's contact).

    The last few texts' results are remembered: a question is redacted up to four times on its way
    (the inbox, the log, the thread, the answer's Share button), and each takes the regular
    expressions a fraction of a millisecond under the interpreter lock."""
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16, person=b"%d" % any_name).digest()
    result = remembered.get(key)
    if result is None:
        out, position = [], 0
        for kind, start, end in find(text, any_name):
            out += [text[position:start], f"[{kind}]"]
            position = end
        result = "".join(out) + text[position:]
        remembered.put(key, result)
    return result


# What introduces an identifier, just before it: "NHS number", "MRN:", "DOB", "Mrs", "patient" or "Pt" (before a name).
_LABEL = re.compile(
    r"(?:\b(?:nhs|hospital|patient|record|case|unit|mrn)\s*(?:number|no\.?|num|#)|\bnhs|\bmrn|\bd\.?o\.?b\.?"
    r"|\bdate\s+of\s+birth|\bborn(?:\s+on)?|\btel(?:ephone)?|\bphone|\bmobile|\be-?mail|\bpostcode|\baddress"
    r"|\blives\s+at|\bpatient|\bpt|\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame)\.?)\s*[:#=-]?\s*(?:is\s+)?$",
    re.IGNORECASE,
)
_LABEL_REACH = 80  # characters a label and the spaces after it can take ("date of birth is ")
_BIRTH = re.compile(r"\b(?:d\.?o\.?b|birth|born)", re.IGNORECASE)
_EMPTY_BRACKETS = re.compile(r"[(\[]\s*[,;:]?\s*[)\]]")


def without_identifiers(text: str) -> str:
    """What `text` asks without whom it is about: each identifier (or a placeholder `redact` put for
    one) taken out with the label that introduces it ("NHS number 943 476 5919", "Mrs Patel",
    "(DOB 12/03/1950)"), so that a patient's details never change the answer to a question. A date is
    kept ("since March 2023" identifies no one) unless it is a date of birth. A part holding details that asks
    nothing, before or after the question, is left out whole (`apart_from_details`: "Patient A B, MRN 1234567 - ")."""
    return _without(apart_from_details(text, lambda part: _without(part) != part))


def _without(text: str) -> str:
    spans = sorted([*find(text), *((m.group()[1:-1], m.start(), m.end()) for m in PLACEHOLDER.finditer(text))],
                   key=lambda s: s[1])
    out, position = [], 0
    for kind, start, end in spans:
        if start < position:
            continue
        label = _LABEL.search(text, max(position, start - _LABEL_REACH), start)  # near the identifier only: linear
        if kind == "date" and not (label and _BIRTH.search(label.group())):
            continue
        out.append(text[position: label.start() if label else start])
        position = end
    kept = "".join(out) + text[position:]
    return re.sub(r"\s+", " ", _EMPTY_BRACKETS.sub(" ", kept)).strip() if position else text

