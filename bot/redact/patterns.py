"""Structured identifiers found by pattern, pure: emails, NHS numbers, phone numbers, UK postcodes (and an outward
code alone where someone lives), dates, hospital / MRN-style record numbers, staff registration numbers, vehicle
registrations, street addresses, ages over 89 and a name given as a link's field.

Each finder yields `(kind, start, end)` spans of the text; `bot.redact` merges them with the
names `bot.redact.names` finds and replaces each with a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from index import english_words

Span = tuple[str, int, int]  # (kind, start, end)

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # from a run's start: linear on long words
# An email address written out to dodge harvesters: "jo.bloggs [at] nhs.net", "priya dot shah at nhs dot net",
# "jo_bloggs @ nhs.net"; a plain " at " only after a name with its dot or underscore, or with letters and digits
# ("okafor1941 at gmail dot com"; "look at nhs.net" stays)
_DOT = r"(?:\.|[ \t]*[(\[]dot[)\]][ \t]*|[ \t]+dot[ \t]+)"
EMAIL_WRITTEN = re.compile(
    rf"(?<![\w.@'-])(?P<local>[a-z0-9][\w'-]*(?P<joined>(?:{_DOT}|_)[\w'-]+){{0,3}})"
    rf"(?:(?P<bracketed>[ \t]*[(\[{{]at[)\]}}][ \t]*|[ \t]*@[ \t]*)|[ \t]+at[ \t]+)"
    rf"[a-z0-9-]+(?:{_DOT}[a-z0-9-]+){{0,3}}{_DOT}(?:net|uk|com|org)\b", re.IGNORECASE)
# NHS number: 10 digits, often written 3-3-4 with spaces or hyphens
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}(?:[ ]{1,3}|[\-–—])?\d{3}(?:[ ]{1,3}|[\-–—])?\d{4}(?!\d)")  # "609–996–2891" with
# dashes from a letter, "123  456  7890" with a form's spaces
# 10 digits grouped any other way, with dots, slashes, underscores or line breaks ("5465 141 409", "346 033\n6900"), or
# typed digit by digit ("4 5 2 0 4 1 5 0 1 2", "6-5-6-1-…"): an NHS number when
# its check digit is right (`nhs_check`) or "NHS", "pt", "patient" or "his number" comes just before it
NHS_GROUPED = re.compile(r"(?<![\d./_-])(?:\d{2,5}(?:(?:[ ./_]|[ ]?[-–—\n][ ]?)\d{1,5}){1,4}|\d(?:[ -]\d){9})"
                         r"(?![\d]|[./_–-]\d)")  # "271/412/7118", "895 - 903 - 6277"
_NHS_BEFORE = re.compile(r"\b(?:nhs|pt|patient['’]?s?|(?:his|her|their)[ \t]+number)\b[^\d\n]{0,16}$", re.IGNORECASE)  # "pt 9434 765 918"
# UK and international phone numbers: +44 or 0 then 9-10 more digits, with spaces, dots, hyphens or brackets
# (or 00 then a country code, "+1 (415) 555-0132", a bracketed one, "(+44) 7700 900123") and an extension after it ("ext 4521", "x234", "extension 12")
PHONE = re.compile(r"(?<![\w+(])(?:(?:\(\+\d{1,3}\)|(?:\+|\b00)\d{1,3})[\s.-]?(?:\(0\)[\s.-]?)?\(?|\(?0)\d(?:[\s.()-]{0,2}\d){7,10}(?!\d)"
                   r"(?:,?\s*(?:ext(?:n|ension)?\.?|x)\s*\d{1,6}(?!\d))?", re.IGNORECASE)
# A full UK postcode (outward and inward code); the inward letters never include C, I, K, M, O or V
POSTCODE = re.compile(  # a space, none, two or a hyphen between its halves ("m139wl", "s10  2jf" from a form, "LS6-2AB")
    r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)(?: {0,2}|-)\d[ABD-HJLNP-UW-Z]{2}(?![\w-])", re.IGNORECASE
)
# A postcode's outward code alone, where "postcode" introduces it: "postcode BD7", "postcode area LS14"
PARTIAL_POSTCODE = re.compile(
    r"\bpost\s*code(?:\s+(?:area|district))?\s*(?:is|of|:|-)?\s*([A-Z]{1,2}\d[A-Z\d]?)(?![\w-])", re.IGNORECASE
)
# UK postcode areas, for an outward code alone where someone lives: "she lives in ls6", "is from BD7", "he moved to S10"
# (not "we moved to W10", Windows 10)
_AREAS = ("AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|B|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|EC|EH|EN|EX|E|FK|FY|"
          "GL|GU|GY|G|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA|LD|LE|LL|LN|LS|LU|L|ME|MK|ML|M|NE|NG|NN|NP|NR|"
          "NW|N|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|S|TA|TD|TF|TN|TQ|TR|TS|TW|UB|"
          "WA|WC|WD|WF|WN|WR|WS|WV|W|YO|ZE")
# A full postcode with a space inside its outward code, of the UK's postcode areas: "ls 6 2ab" (not "at 6 2nd")
SPACED_POSTCODE = re.compile(r"(?<![\w-])(?P<area>[A-Z]{1,2})[ ]\d[A-Z\d]?[ ]{1,2}(?!\d(?:nd|rd|th|st)\b)\d[ABD-HJLNP-UW-Z]{2}(?![\w-])",
                             re.IGNORECASE)
_AREA_CODES = frozenset(_AREAS.split("|"))
HOME_DISTRICT = re.compile(
    rf"\b(?:lives?|living|resides?|(?:she|he|they|who)[ \t]+(?:has[ \t]+|have[ \t]+|had[ \t]+)?moved|moved[ \t]+(?:house|home)|(?:is|comes|come|came)[ \t]+from|home[ \t]+is|address[ \t]+is)[ \t]+(?:(?:in|at|to|out[ \t]+to)[ \t]+)?"
    rf"((?:{_AREAS})\d[A-Z\d]?)(?![\w-])", re.IGNORECASE)
# A vehicle's registration, the current format ("AB12 CDE", "yk19 xzt") and the older prefix and suffix ones ("P123 ABC",
# "ABC 123D", in capitals), where a car, a van, a plate or a registration comes before it: alone, the shape is a financial year's and
# a programme's too ("FY25 CIP", "FY24 QIP")
_PLATE_CUE = re.compile(r"\b(?:reg(?:istration)?|plate|car|van|vehicle|motorbike|parked|parking)\b[^.?!\n]{0,25}$", re.IGNORECASE)
CUED_PLATE = re.compile(r"(?<![\w-])(?:[A-Z]{2}\d{2}[ ]?[A-Z]{3}|(?-i:[A-Z]\d{1,3}[ ]?[A-Z]{3}|[A-Z]{3}[ ]?\d{1,3}[A-Z]))(?![\w-])",
                        re.IGNORECASE)  # the older formats in capitals only: "parked in bay 12c" stays
# A person's name as a field of a link: "…/p?nhs=4010232138&name=bankole", "surname=Okafor"
URL_NAME = re.compile(r"[?&;](?:(?:first|last|given|family|patient|full|sur|fore)_?name|name|surname|forename|fname|lname|pt|patient)="
                      r"([^&#\s]+)", re.IGNORECASE)

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2})"
DATE = re.compile(
    "|".join((
        rf"(?<![\d/.-]){_DAY}[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{{4}}|\d{{2}})(?![\d/.-]*\d)",  # 01/02/1960, 1.2.60
        r"(?<![\d.])(?:19|20)\d{2}([-/.])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])(?![\d.])",  # 1960-02-01, 1960.02.01
        rf"(?<![\d/.-]){_DAY}([-/. ]){_MONTH_NAME}\2(?:(?:19|20)\d{{2}}|\d{{2}}(?!\s+[a-z]))(?![\w/.-]*\d)",  # 03-Apr-1952, 3 Apr 52
        rf"(?<!\d){_DAY}{_ORDINAL}(?:\s+of)?\s+{_MONTH_NAME}\.?(?:,?\s+(?:19|20)\d{{2}}|\s+'\d{{2}})?(?![\w])",  # 1st Feb 1960
        rf"(?<![\w]){_MONTH_NAME}\.?\s+{_DAY}{_ORDINAL}(?:,?\s+(?:19|20)\d{{2}})?(?![\w:.]*\d)",  # February 1, 1960
    )),
    re.IGNORECASE,
)
# A date in words: "the third of April 1952", "twenty-first of march 1960", "twelfth of june nineteen forty"
# (without a year, only with "of": "the first May bank holiday" is no date)
_ORDINAL_WORD = (r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|"
                 r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth")
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_YEAR_WORDS = (rf"(?:nineteen[ \t]+(?:hundred[ \t]+and[ \t]+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
               rf"(?:[- ]{_UNITS})?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_UNITS})"
               rf"|two[ \t]+thousand(?:[ \t]+and)?(?:[ \t]+{_UNITS})?)")
# A year of the last century without its "nineteen": "fifty", "forty one", "sixty-two"; alone only after a birth's label
_DECADE = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SHORT_YEAR = rf"(?:{_DECADE}(?:[- ]{_UNITS})?|nineteen|eighteen)"
DATE_IN_WORDS = re.compile(  # and a day in figures before a year in words: "5th jan nineteen forty one"
    rf"\b{_DAY}{_ORDINAL}[ \t]+(?:of[ \t]+)?{_MONTH_NAME}\.?,?[ \t]+{_YEAR_WORDS}\b"
    rf"|\b(?:the[ \t]+)?(?:{_ORDINAL_WORD})[ \t]+(?:of[ \t]+{_MONTH_NAME}\b(?:,?[ \t]+(?:(?:19|20)\d{{2}}\b|{_YEAR_WORDS}\b|{_DECADE}[- ]{_UNITS}\b))?"
    rf"|{_MONTH_NAME},?[ \t]+(?:(?:19|20)\d{{2}}\b|{_YEAR_WORDS}\b|{_DECADE}[- ]{_UNITS}\b))",
    re.IGNORECASE,
)
# An age over 89, which can identify someone (HIPAA's safe harbour counts it): "the 103-year-old", "aged 94",
# "97 yo", "our oldest patient, 106,", "she is 104 and"; an age under 90 stays ("aged 67")
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_OLD = (rf"(?:9\d|1[01]\d|(?:ninety(?:[- ]{_UNIT_WORD})?|(?:a|one)[ \t]+hundred(?:[ \t]+and[ \t]+(?:{_UNIT_WORD}|ten))?)"
        rf"(?![\w]))")  # in words too: "aged ninety four", "a hundred and two year old"
AGE = re.compile(
    rf"(?<![\w.£$€/-])({_OLD})(?:[- ]?(?:years?|yrs?)[- ]old\b|[ \t]*(?:y/?o|yrs)\b)"
    rf"|\baged?[ \t]*:?[ \t]*({_OLD})(?![\w.%/-])(?![ \t]*(?:%|per\b|weeks?|days?|months?|minutes?|hours?|\+|plus\b|(?:and|or)[ \t]+(?:over|above|older)\b|(?:to|-)[ \t]*\d))"
    rf"|\b(?i:patient|pt|man|woman|lady|gentleman|resident|client)(?:,[ \t]*({_OLD}),|[ \t]*\([ \t]*({_OLD})[ \t]*\))"
    rf"|(?:\b(?i:she|he|who)|\))[ \t]+(?i:is|was|turned|turns)[ \t]+({_OLD})(?=[ \t]*(?:[,.;!?]|(?i:and|now|today)\b|$))",  # "(bed 7) is 104 and"
    re.IGNORECASE,
)
# An age over 89 set off by commas or brackets just after a name: "Mrs O'Brian, 91, fell", "Okafor (96) on ward 7"
_AGE_AFTER_NAME = re.compile(rf"[ \t]*[,(][ \t]*({_OLD})(?=[ \t]*(?:[,;.)]|$))")


def age_after(text: str, end: int) -> Span | None:
    """The age over 89 just after a name that ends at `end`, set off by commas or brackets, as ("age", start, end)."""
    found = _AGE_AFTER_NAME.match(text, end)
    return ("age", found.start(1), found.end(1)) if found else None


# A year or month and year given as someone's date of birth: "DOB 1960", "born in March 1960"
BIRTH_YEAR = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+(?:in|on))?)\s*[:\-]?\s*((?:{_MONTH_NAME}\.?\s+)?(?:{_YEAR}(?!\d)|{_YEAR_WORDS}\b))",
    re.IGNORECASE,
)
# A date of birth only a label says is one: in figures, "dob 05 01 1941", "DOB 120348" (day, month, year run together),
# or with its year in two figures or words after a month's name, "d.o.b. 3rd April 51", "date of birth is the second of
# january fifty"
BIRTH_DIGITS = re.compile(
    r"\b(?:d\.?o\.?b\.?|date\s+of\s+birth(?:\s+(?:is|was))?|born(?:\s+on)?)\s*[:\-]?\s*"
    r"((?:0?[1-9]|[12]\d|3[01])(?:[ \t](?:0?[1-9]|1[0-2])[ \t]|(?:0[1-9]|1[0-2]))(?:(?:19|20)\d{2}|\d{2})"
    rf"|(?:the[ \t]+)?(?:{_DAY}{_ORDINAL}|{_ORDINAL_WORD})[ \t]+(?:of[ \t]+)?{_MONTH_NAME}\.?,?[ \t]+(?:\d{{2}}|{_SHORT_YEAR}\b))(?![\d/.-])",
    re.IGNORECASE,
)
# A record number named as such: "MRN 12345678", "hospital no: K123456", "unit number RX1234567", "RXF 045 6123"
_RECORD_LABEL = (
    r"(?:MRN|hospital\s+(?:no\.?|num(?:ber)?|#|id)|hosp\.?\s+no\.?|unit\s+(?:no\.?|num(?:ber)?)|"
    r"case\s+notes?\s+(?:no\.?|num(?:ber)?|ref(?:erence)?)|(?:patient|case|record|PAS|CRN|RTT|pathway|K)\s+(?:id|no\.?|num(?:ber)?|ref(?:erence)?|#)|"
    # social care and mental health systems' ids: "Mosaic ID 1234567", "LAS ID 445566", "RiO number …"
    r"(?:Mosaic|LAS|LCS|RiO|SystmOne|EMIS|Lorenzo|Cerner|Care\s*First|Liquidlogic|Framework-?i|social\s+care|"
    r"service\s+user|client|person)\s+(?:id|no\.?|num(?:ber)?|ref(?:erence)?|#)|"
    r"(?:medical|health)\s+record\s+(?:no\.?|num(?:ber)?)|CHI(?:\s+(?:no\.?|num(?:ber)?))?|NHS\s+(?:no\.?|num(?:ber)?))"
)
RECORD_NUMBER = re.compile(
    rf"\b{_RECORD_LABEL}\s*(?:is|was|=|:|-|#)?\s*((?:(?-i:[A-Z][A-Z\d]{{1,3}})[ ](?=\d{{3}}))?[A-Z]{{0,4}}[-/]?\d(?:[\d/-]|[ ](?=\d\d)){{3,}}[A-Z]?)(?![\w])",
    re.IGNORECASE,
)  # the value may start with a trust's code: "RJ1 2345678"
# A member of staff's registration or staff number: "GMC number 7123456", "NMC PIN 12A3456E", "ESR no 12345678"
STAFF_NUMBER = re.compile(
    r"\b(?:(?:GMC|NMC|HCPC|GPhC|GDC)(?:\s+(?:reg(?:istration)?\s+)?(?:no\.?|num(?:ber)?|pin|#))?|"
    r"(?:staff|employee|payroll|ESR|assignment)\s+(?:id|no\.?|num(?:ber)?|#))"
    r"\s*(?:is|was|=|:|-|#)?\s*(\d{6,8}|\d{2}[A-Z]\d{4}[A-Z]|[A-Z]{2}\d{5,6})(?![\w])",
    re.IGNORECASE,
)
# An MRN-style code on its own: one to three capitals then six to nine digits ("K1234567", "RXF12345678"), or a
# trust's three-character code, a space and six to nine digits ("RWE 123456", "R1H 445566"; not "SNOMED CT 22298006")
RECORD_CODE = re.compile(r"(?<![\w-])(?:[A-Z]{1,3}|(?P<code>[A-Z][A-Z\d]{2})[ ])\d{6,9}(?![\w-])")
_LABEL_CODES = frozenset("MRN NHS PAS CRN RTT CHI GMC NMC ESR LAS LCS DOB REF TEL MOB EXT".split())  # "MRN 1234567": a label
_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Ct|Place|Pl|Gardens|Terrace|Grove|"
    r"Mews)"
)
ADDRESS = re.compile(rf"(?<![\w£$€.,])(?:[Ff]lat[ \t]+\d{{1,4}}[A-Za-z]?,?[ \t]+)?\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}\.?(?![\w])")
# A street address typed in lower case: "14 acacia avenue", "flat 2, 45 victoria road", "8 the crescent";
# a street word that is a common word or a title too ("close", "way", "st", "dr") only after "lives at", "moved to" …
_LOWER_STREET = (r"(?P<street>road|rd|street|avenue|ave|lane|terrace|crescent|mews|gardens|grove|close|drive|way|place|court|st|"
                 r"green|boulevard|parade|square|esplanade|promenade|dr|ln|ct|pl|cres|gdns)")  # "dr": drive, after "lives at" …
LOWER_ADDRESS = re.compile(
    rf"(?<![\w£$€.,/-])(?:flat[ \t]+\d{{1,4}}[a-z]?,?[ \t]+)?\d{{1,4}}[a-z]?,?[ \t]+"
    rf"(?:the[ \t]+|(?P<words>(?:[a-z][a-z'’]+[ \t]+){{1,3}})){_LOWER_STREET}\.?(?![\w-])")
# A street of one word, capitalised or not, after "lives at", "moved to" …: "61 kingsway", "7 Parkside", "2 Stonegate"
ONE_WORD_STREET = re.compile(r"(?<![\w£$€.,/-])\d{1,4}[a-zA-Z]?,?[ \t]+(?P<word>[A-Za-z]{2,}(?:way|gate|side|field|fields|wood|"
                             r"croft|mead|dale|bank|row|rise|walk|hill|moor|lea|holme|thorpe|ton)|broadway|parade)(?![\w-])")
_DISTRICT = re.compile(r",?[ \t]+([A-Z][a-z]{3,})(?![\w'’-])(?![ \t]+[A-Z])")
_PLAIN_STREETS = frozenset("road rd street avenue ave lane terrace crescent mews".split())
_ADDRESS_CUE = re.compile(r"\b(?:lives?|living|resides?|staying|based|is|at|to|address(?:\s+is)?|home\s+is)[ \t:]*$", re.I)
# Words that say a number counts something, not a house: "3 more lanes", "2 new road schemes"
_COUNTED = frozenset("""a an and or of the in on at to for per by with new more extra other main major minor separate
    different further additional fewer busy quiet local single double one two three four five hospital ward bed beds
    wards sites site teams team patients people staff years months weeks days hours minutes times mile miles metres
    meters yards km too very so quite""".split())


# A meeting's date, not a person's: after a weekday or a meeting's word ("Tuesday 9 June", "board meeting on 14/07/2026")
_MEETING_BEFORE = re.compile(r"\b(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day|meeting|huddle|workshop|webinar|summit|conference|"
                             r"away[ \t]+day|deadline|go-live)[ \t]*(?:(?:on|of|is|was|by|due)[ \t]+)?(?:the[ \t]+)?$")


def structured(text: str) -> Iterator[Span]:
    """Every structured identifier in `text`, as (kind, start, end); spans may overlap."""
    for kind, pattern in (("email", EMAIL), ("date", DATE), ("date", DATE_IN_WORDS), ("nhs-number", NHS_NUMBER), ("phone", PHONE),
                          ("postcode", POSTCODE)):
        for match in pattern.finditer(text):
            if kind != "date" or not _MEETING_BEFORE.search(text, max(0, match.start() - 30), match.start()):
                yield kind, match.start(), match.end()
    for match in SPACED_POSTCODE.finditer(text):
        if match.group("area").upper() in _AREA_CODES:
            yield "postcode", match.start(), match.end()
    for match in EMAIL_WRITTEN.finditer(text):
        local = match.group("local")  # or a handle with an underscore or letters and digits: "bankole_olu_52 at yahoo …"
        if match.group("joined") or match.group("bracketed") or "_" in local or re.search(r"[a-z]\d|\d[a-z]", local, re.I):
            yield "email", match.start(), match.end()
    for match in RECORD_CODE.finditer(text):
        yield "record-number", match.end("code") + 1 if match.group("code") in _LABEL_CODES else match.start(), match.end()
    for match in ADDRESS.finditer(text):
        yield "address", match.start(), _district_end(text, match.end())
    for kind, pattern in (("date", BIRTH_YEAR), ("date", BIRTH_DIGITS), ("record-number", RECORD_NUMBER), ("record-number", STAFF_NUMBER),
                          ("postcode", PARTIAL_POSTCODE)):
        for match in pattern.finditer(text):
            yield kind, match.start(1), match.end(1)
    for match in AGE.finditer(text):
        group = next(i for i in range(1, AGE.groups + 1) if match.group(i))
        yield "age", match.start(group), match.end(group)
    for match in LOWER_ADDRESS.finditer(text):
        words = (match.group("words") or "").split()
        cued = match.group("street") in _PLAIN_STREETS or _ADDRESS_CUE.search(text, max(0, match.start() - 24), match.start())
        if cued and not _COUNTED.intersection(words):
            yield "address", match.start(), _district_end(text, match.end())
    for match in ONE_WORD_STREET.finditer(text):  # a word English has not ("kingsway"), or "broadway", "parade"
        word = match.group("word").lower()
        if (word in ("broadway", "parade") or word not in english_words()) and _ADDRESS_CUE.search(
                text, max(0, match.start() - 24), match.start()):
            yield "address", match.start(), _district_end(text, match.end())
    for match in CUED_PLATE.finditer(text):
        if _PLATE_CUE.search(text, max(0, match.start() - 40), match.start()):
            yield "registration", match.start(), match.end()
    for match in HOME_DISTRICT.finditer(text):
        yield "postcode", match.start(1), match.end(1)
    for match in URL_NAME.finditer(text):
        yield "name", match.start(1), match.end(1)
    for match in NHS_GROUPED.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 10 and (nhs_check(digits) or _NHS_BEFORE.search(text, max(0, match.start() - 24), match.start())):
            yield "nhs-number", match.start(), match.end()


def _district_end(text: str, end: int) -> int:
    """Where a street address ending at `end` ends with the district after it, a name English has not
    ("7 Parkside, Harehills"); not a town that is a word too ("2 Stonegate, York")."""
    district = _DISTRICT.match(text, end)
    return district.end() if district and district.group(1).lower() not in english_words() else end


def nhs_check(digits: str) -> bool:
    """Whether ten digits end in the check digit an NHS number's first nine give (modulus 11)."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = (11 - remainder) % 11
    return check != 10 and check == int(digits[9])
