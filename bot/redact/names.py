"""Personal names in a patient context, pure: "patient John Smith", "Mrs Patel, 82", "J Smith (pt)",
"my dad Peter Jones (DOB …)", "a lady called Jane", a patient's initials ("patient JB, 82", "AW (78)", "patient jb, 83"). A name with no such context is kept, so the
public names of leaders the corpus quotes ("Cathy Elliott", "Dr Nick Jackson") survive.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.cue_literals import Screened
from bot.redact.organisations import organisation_part
from bot.redact.patterns import Span
from index import english_words

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOWER = "a-zß-öø-ÿā-žƀ-ɏḀ-ỿ"  # with Vietnamese letters ("Trần", "Hương")
# One capitalised name word: Smith, O'Brien, McDonald, Smith-Jones, Zoë
_WORD = rf"(?:(?:Mc|Mac|Nic|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*)"
_INITIAL = rf"[{_UPPER}]\.?"
# Up to three name words (an initial may stand for a first or middle name)
_NAME = rf"(?:{_WORD}|{_INITIAL}(?=\s+{_WORD}))(?:\s+(?:{_WORD}|{_INITIAL}(?=\s+{_WORD}))){{0,2}}"

# Capitalised words that follow "patient", "Mr" and the like without being names
NOT_NAMES = frozenset("""
    a an and the of for in on at to with by from or but as is was are were be been has had have who whom whose which
    that this these those what when where why how if then than so not no yes my our your his her their its we you they
    he she it i me us them him also only just all any some each every other another one two three four five first
    second last next new old same such about after before during under over into onto out up down off again very
    safety experience experiences flow care records record transport services service participation panel panels
    forum forums group groups voice voices council advice liaison engagement leaders leader partners partner access
    pathway pathways outcome outcomes reported initiated level levels tracking portal app apps choice choices
    charter information info data list lists lists journey journeys feedback story stories survey surveys
    satisfaction involvement representative representatives reps rep education leaflet leaflets letter letters
    notes note administration admin system systems safety-net council councils champion champions director
    directors lead leads network networks team teams ward wards unit units hub hubs centre center clinic clinics
    hospital hospitals trust trusts board boards committee committees nhs ics icb icbs pcn pcns gp gps a&e ae ed
    cohort cohorts population populations numbers number count counts demand capacity waiting lists waits wait
    discharge discharges admission admissions transfer transfers referral referrals mental health physical
    acute community primary secondary tertiary specialist social local national regional health-care healthcare
    day days week weeks month months year years today tomorrow yesterday monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november december
    please thanks thank hi hello dear re fw fwd question questions help
    healthwatch covid covid-19 flu england scotland wales ireland uk britain london leeds yorkshire manchester
    association associations index indices doctor doctors men women nurse nurses staff first society alliance
    north south east west mid central greater upper lower great royal st saint university foundation city county
    patient patients user users people person family families carer carers relatives
    staffside workstream workstreams teamlead frontline workforce caseload handover helpdesk
""".split())

_PATIENT = r"(?:patients?|pts?\.?|service\s+users?|inpatients?|outpatients?|residents?|clients?|client\s+name|patient\s+name)"
_RELATIVE = (
    r"(?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|grandmother|grandma|gran|granny|"
    r"nan|nana|nanna|grandfather|grandad|granddad|grandpa|grandson|granddaughter|aunt|auntie|uncle|nephew|niece|"
    r"cousin|neighbour|neighbor|friend|carer|relative|child|baby|boy|girl|stepmother|stepfather|stepson|stepdaughter)"
)
_PERSON = (r"(?:man|woman|lady|gentleman|gent|boy|girl|child|baby|person|someone|patient|chap|fellow|resident|client|"
           r"lad|lass|bloke|fella|feller|geezer)")
_POSSESSIVE = r"(?:my|our|her|his|their|your|the\s+patient['’]s|patient['’]s)"
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?"
_NAMED = r"(?:called|named|name\s+is|name\s*:|known\s+as)"
_AGE = r"(?:\d{1,3}\s*(?:y/?o|yo|yrs?|years?(?:\s+old)?)\b|\d{1,3}(?!\d)(?!\s*(?:%|per\b|am\b|pm\b|:)))"
# What after a name says it is a patient's: a date of birth, an age, an NHS or hospital number
_IDENTIFYING = (
    rf"(?:\s*[,(\[-]\s*|\s+)(?:d\.?o\.?b\.?|date\s+of\s+birth|born|aged?|age\s*:|{_AGE}\s*[,)\]]|"
    rf"nhs\s*(?:no|num|number)|mrn|hospital\s+(?:no|num|number))"
)

# Words that may open a capitalised run before a name: "Patient John Smith, DOB …"
_LEADING = re.compile(rf"(?i:{_PATIENT}|{_HONORIFIC}|{_RELATIVE}|{_PERSON})")
# "patient John Smith", "patient: J. Smith", "Patient name - Jane Doe"
_AFTER_PATIENT = re.compile(rf"(?i:\b{_PATIENT})\s*(?:[,:\-–]\s*|\s+(?i:{_NAMED})\s+)?(?P<name>{_NAME})")
# The names listed after patients: "pts Okafor and Nowak", "residents Hughes, Bell and Price"
_PLURAL = re.compile(r"(?i:patients|pts|users|inpatients|outpatients|residents|clients)\s*[,:\-–]?\s*$")
_LISTED = re.compile(rf"(?:\s*,\s*|\s+(?:and|&)\s+)(?P<name>{_NAME})")
# "my dad Peter Jones", "her son, Tom"
_AFTER_RELATIVE = re.compile(
    rf"(?i:\b{_POSSESSIVE}\s+(?:\w+\s+)?{_RELATIVE})\s*(?:,\s*|\s+(?i:{_NAMED})\s+|\s+)(?P<name>{_NAME})"
)
# "John, patient in bay 3", "Mary Jones, a patient on ward 4"
_BEFORE_PATIENT = re.compile(
    rf"(?<![\w.])(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}}),\s+(?i:(?:a|the|our|my)\s+)?(?i:{_PATIENT})"
    rf"(?=\s+(?i:in|on|at|from|who|with|aged?)\b|\s*,)"
)
# "J Smith (pt)", "R Okafor [patient]", "Smith J (pt)": a name a bracketed "patient" after it marks
_BEFORE_BRACKETED_PATIENT = re.compile(rf"(?<![\w.])(?P<name>{_NAME}(?:[ \t]+{_INITIAL}(?![\w]))?)[ \t]*[(\[][ \t]*(?i:{_PATIENT})[ \t]*[)\]]")
# "Mrs Patel", "Mr J Smith" (a title typed in lower case, "mrs doyle", "ms fatigue clinic", is
# `bot.redact.chat_names`', which has the lists of names)
_AFTER_HONORIFIC = re.compile(rf"\b{_HONORIFIC}\s+(?P<name>{_NAME})")
# Initials alone for a patient: "patient JB, 82", "service user DM", "pt. K.L.", "AW (78) waited"
_INITIALS_ONLY = r"(?:[A-Z]\.){2,3}|[A-Z]{2,3}(?![\w.])"
_PATIENT_INITIALS = re.compile(
    rf"(?i:\b{_PATIENT})\s*(?:(?i:initials)\s*)?[,:\-–]?\s*(?P<name>{_INITIALS_ONLY})"
    rf"|(?<![\w.])(?P<aged>{_INITIALS_ONLY})(?=\s*(?:\(\s*\d{{1,3}}\s*\)|,\s*\d{{1,3}}\s*,))")
# Initials typed in lower case for a patient, before their age: "patient jb, 83", "pt k.l. (78)"
_PATIENT_LOWER_INITIALS = re.compile(
    rf"(?i:\b{_PATIENT})[ \t]*[,:\-–]?[ \t]*(?P<name>[a-z]{{2,3}}|(?:[a-z]\.){{2,3}})"
    rf"(?=[ \t]*(?:,[ \t]*\d{{1,3}}\b|\([ \t]*\d{{1,3}}[ \t]*\)))")
_NOT_LOWER_INITIALS = frozenset("ok nbm dnr tbc tba nfa".split())  # chat's words English's list lacks
# NHS terms in capitals that an age or "patient" may stand beside: not initials
_NOT_INITIALS = frozenset("""GP GPS ED AE AMU ICU ITU HDU CCU SAU MAU ICB ICS PCN OT PT SLT HCA RN CQC MHA CTO DOLS
    NHS UK US MRN DOB PAS EPR CPA OPD CT MRI TB HIV RTT FFT PALS MDT SDEC UTC MIU IT IV AI IG ID NO REF""".split())
# "patient eilidh macrae": typed in lower case after "patient", two words English does not have
_AFTER_PATIENT_LOWER = re.compile(rf"(?i:\b{_PATIENT})\s+(?P<lower>[{_LOWER}]{{2,}}\s+[{_LOWER}]{{2,}})\b")
# "a lady called Jane", "a patient named john smith" (a name given as such may be in lower case)
_CALLED = re.compile(
    rf"(?i:\b{_PERSON}\s+{_NAMED})\s+(?P<name>{_NAME}|[a-z]+(?:\s+[a-z]+)?)"
)
_CONTACT_WORDS = frozenset("""contact contacts tel telephone phone mobile mob email e-mail call ring text fax extension ext
    bleep pager direct office switchboard reception number""".split())  # "Contact: 07700 …" names no one
_TITLES = frozenset("mr mrs ms miss mx dr prof sir dame".split())  # kept before "[name]", as "Mrs [name]" elsewhere
# "Jane on 07700 …", "Jane Doe at jane@…", "Jane Doe: 07700 …" (searched up to the phone or email's start)
_BEFORE_CONTACT = re.compile(rf"(?<![\w.])(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})(?:\s+(?:on|at|via)\s+|\s*[:,-]\s*)$")
_NAME_REACH = 160  # characters before a contact detail its owner's name (three words and a joiner) can take
# "Peter Jones (DOB 01/02/1960)", "John Smith, 82,", "Jane Doe aged 4"
_BEFORE_IDENTIFIER = re.compile(rf"(?<![\w.])(?P<name>{_WORD}(?:\s+{_WORD}){{1,2}})(?={_IDENTIFYING})", re.IGNORECASE)


# each run only on text holding a word every match of it needs ("patient", "called" …: `bot.cue_literals`)
_MARKING = tuple(Screened(p) for p in (_AFTER_PATIENT, _AFTER_RELATIVE, _AFTER_HONORIFIC, _CALLED, _BEFORE_PATIENT,
                                       _BEFORE_BRACKETED_PATIENT))
_INITIALS, _LOWER_INITIALS, _LOWER_AFTER = (Screened(p) for p in (_PATIENT_INITIALS, _PATIENT_LOWER_INITIALS,
                                                                  _AFTER_PATIENT_LOWER))


def patient_names(text: str, organisations: Collection[str] = ()) -> Iterator[Span]:
    """Each personal name that its context marks as a patient's or a relative's, as ("name", start, end);
    before an identifier, not an organisation's name (`organisation_part`: "Hywel Dda, NHS number …")."""
    for pattern in _MARKING:
        for match in pattern.finditer(text):
            span = _trimmed(text, match.start("name"), match.end("name"))
            if span:
                yield span
            if (pattern.pattern is _AFTER_PATIENT and span and span[2] == match.end("name")
                    and _PLURAL.search(text, match.start(), match.start("name"))):
                yield from _listed_names(text, span[2])
    for match in _INITIALS.finditer(text):
        group = "name" if match.group("name") else "aged"
        if match.group(group).replace(".", "").upper() not in _NOT_INITIALS:
            yield "name", match.start(group), match.end(group)
    for match in _LOWER_INITIALS.finditer(text):  # no English word: not "pt ok, 83"
        initials = match.group("name")
        bare = initials.replace(".", "")
        if bare not in english_words() and bare not in _NOT_LOWER_INITIALS and bare.upper() not in _NOT_INITIALS:
            yield "name", match.start("name"), match.end("name")
    for match in _LOWER_AFTER.finditer(text):
        if not set(match.group("lower").split()) & english_words().keys():
            yield "name", match.start("lower"), match.end("lower")
    for match in _BEFORE_IDENTIFIER.finditer(text):
        words = list(re.finditer(r"\S+", match.group("name")))
        while words and (_LEADING.fullmatch(words[0].group()) or words[0].group().lower() in NOT_NAMES):
            words.pop(0)
        if len(words) >= 2 and all(w.group()[0].isupper() for w in words):  # re.I was for the context words only
            start = match.start("name") + words[0].start()
            if not organisation_part(text[start:match.end("name")], organisations):
                yield "name", start, match.end("name")


def contact_names(text: str, contacts: list[Span], organisations: Collection[str] = ()) -> Iterator[Span]:
    """The name just before a phone number or an email ("ring Jane on 07700 900456", "Jane Doe:
    jane@…"): whose contact details they are, so as identifying as they are. Up to three capitalised
    words, none of them a word that is no name (`NOT_NAMES`: "Leeds Teaching Hospitals NHS Trust on
    0113 …" is an organisation, kept), nor an organisation's name (`organisation_part`: "Alder Hey on …")."""
    for _, start, _ in contacts:
        match = _BEFORE_CONTACT.search(text, max(0, start - _NAME_REACH), start)  # never from the text's start: linear
        if not match:
            continue
        words = list(re.finditer(r"\S+", match.group("name")))
        while words and words[0].group().lower().rstrip(".") in _CONTACT_WORDS | _TITLES:  # "Ring Mrs Jones on …": Jones
            words.pop(0)
        if words and not any(w.group().lower().strip("'’") in NOT_NAMES | _CONTACT_WORDS for w in words):
            start = match.start("name") + words[0].start()
            if not organisation_part(text[start:match.end("name")], organisations):
                yield "name", start, match.end("name")


def _listed_names(text: str, end: int) -> Iterator[Span]:
    """The names listed after patients' first name, which ends at `end`: "pts Okafor and Nowak"."""
    while listed := _LISTED.match(text, end):
        span = _trimmed(text, listed.start("name"), listed.end("name"))
        if not span:
            return
        yield span
        if span[2] != listed.end("name"):  # "Jones Safety team": the list ends
            return
        end = span[2]


_STOPPED_INITIAL = re.compile(rf"[{_UPPER}]\.")


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The name without trailing words that are not names ("Smith Safety" -> "Smith") and without
    a possessive "'s"; None when its first word is not a name ("patient Safety")."""
    kept_end = None
    for word in re.finditer(r"\S+", text[start:end]):
        bare = word.group().rstrip(".,")
        possessive = bare.lower().endswith(("'s", "’s"))
        if (bare[:-2] if possessive else bare).lower() in NOT_NAMES and not _STOPPED_INITIAL.fullmatch(word.group()):
            break  # "A. Smith": an initial, not the article
        if kept_end is None:
            first = start + word.start()
        kept_end = start + word.start() + (len(bare) - 2 if possessive else len(bare))
        if possessive:
            break
    if kept_end is None:
        return None
    return "name", first, kept_end
