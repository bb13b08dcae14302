"""Who wrote an imported file and who published it, from its metadata: the publisher is an
organisation (Word's Company, or an Author field that names one, as "NHS Providers" does), never
a person's name; a computer's account name ("Microsoft Office User") is neither."""

from __future__ import annotations

import re

from index.name_shapes import names_institution

_ACCOUNT = re.compile(  # what Office and PDF tools fill in from the computer, not a person's or organisation's name
    r"(?i)^(?:microsoft (?:office|word) user|windows user|office user|user\d*|admin(?:istrator)?|owner|author|"
    r"unknown|anonymous|\(?unspecified\)?)$")


def author_of(author: str) -> str:
    """The Author field, or '' when it is a computer's account name."""
    return "" if _ACCOUNT.match(author.strip()) else author.strip()


def publisher_of(author: str, company: str = "") -> str:
    """The organisation that published the file: its Company field, else its Author field when that
    names an organisation; '' when neither does (an Author that is a person is only the author)."""
    company, author = author_of(company), author_of(author)
    return company or (author if names_institution(author) else "")
