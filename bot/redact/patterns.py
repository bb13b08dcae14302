"""Structured identifiers found by pattern, pure: emails, NHS numbers, phone numbers, UK postcodes,
dates, hospital / MRN-style record numbers and street addresses.

Each finder yields `(kind, start, end)` spans of the text; `bot.redact` merges them with the
names `bot.redact.names` finds and replaces each with a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[str, int, int]  # (kind, start, end)

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # from a run's start: linear on long words
# NHS number: 10 digits, often written 3-3-4 with spaces or hyphens
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
# UK and international phone numbers: +44 or 0 then 9-10 more digits, with spaces, dots, hyphens or brackets
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)\d(?:[\s.()-]{0,2}\d){7,10}(?!\d)")
# A full UK postcode (outward and inward code); the inward letters never include C, I, K, M, O or V
POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])", re.IGNORECASE
)

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
        r"(?<!\d)(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)",  # 1960-02-01
        rf"(?<!\d){_DAY}{_ORDINAL}(?:\s+of)?\s+{_MONTH_NAME}\.?(?:,?\s+(?:19|20)\d{{2}}|\s+'\d{{2}})?(?![\w])",  # 1st Feb 1960
        rf"(?<![\w]){_MONTH_NAME}\.?\s+{_DAY}{_ORDINAL}(?:,?\s+(?:19|20)\d{{2}})?(?![\w:.]*\d)",  # February 1, 1960
    )),
    re.IGNORECASE,
)
# A year or month and year given as someone's date of birth: "DOB 1960", "born in March 1960"
BIRTH_YEAR = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+(?:in|on))?)\s*[:\-]?\s*((?:{_MONTH_NAME}\.?\s+)?{_YEAR})(?!\d)",
    re.IGNORECASE,
)
# A record number named as such: "MRN 12345678", "hospital no: K123456", "unit number RX1234567"
_RECORD_LABEL = (
    r"(?:MRN|hospital\s+(?:no\.?|num(?:ber)?|#|id)|hosp\.?\s+no\.?|unit\s+(?:no\.?|num(?:ber)?)|"
    r"(?:patient|case|record|PAS|CRN|RTT|pathway|K)\s+(?:id|no\.?|num(?:ber)?|ref(?:erence)?|#)|"
    r"(?:medical|health)\s+record\s+(?:no\.?|num(?:ber)?)|CHI(?:\s+(?:no\.?|num(?:ber)?))?|NHS\s+(?:no\.?|num(?:ber)?))"
)
RECORD_NUMBER = re.compile(
    rf"\b{_RECORD_LABEL}\s*(?:is|was|=|:|-|#)?\s*([A-Z]{{0,4}}[-/]?\d[\d/-]{{3,}}[A-Z]?)(?![\w])",
    re.IGNORECASE,
)
# An MRN-style code on its own: one to three capitals then six to nine digits ("K1234567", "RXF12345678")
RECORD_CODE = re.compile(r"(?<![\w-])[A-Z]{1,3}\d{6,9}(?![\w-])")
_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Ct|Place|Pl|Gardens|Terrace|Grove|"
    r"Mews)"
)
ADDRESS = re.compile(rf"(?<![\w£$€.,])\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}\.?(?![\w])")


def structured(text: str) -> Iterator[Span]:
    """Every structured identifier in `text`, as (kind, start, end); spans may overlap."""
    for kind, pattern in (("email", EMAIL), ("date", DATE), ("nhs-number", NHS_NUMBER), ("phone", PHONE),
                          ("postcode", POSTCODE), ("record-number", RECORD_CODE), ("address", ADDRESS)):
        for match in pattern.finditer(text):
            yield kind, match.start(), match.end()
    for kind, pattern in (("date", BIRTH_YEAR), ("record-number", RECORD_NUMBER)):
        for match in pattern.finditer(text):
            yield kind, match.start(1), match.end(1)
