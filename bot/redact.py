"""Redacting identifiers from text before it is stored: emails, phone numbers, NHS numbers."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# NHS number: 10 digits, often written 3-3-4 with spaces or hyphens
_NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
# UK and international phone numbers: +44 or 0 then 9-10 more digits, with spaces, dots, hyphens or brackets
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)\d(?:[\s.()-]{0,2}\d){7,10}(?!\d)")


def redact(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _NHS_NUMBER.sub("[nhs-number]", text)
    return _PHONE.sub("[phone]", text)
