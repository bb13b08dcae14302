"""Organisations' names that hold a person's name, pure: NHS bodies, charities and hospitals named
after people or with names that read like one ("Hywel Dda", "Alder Hey", "James Paget"), and those
the corpus publishes. Such a name stays even beside an identifier ("Hywel Dda NHS number …": the
number goes, the health board stays)."""

from __future__ import annotations

import re
from collections.abc import Collection

# People after whom NHS bodies, charities, hospitals and wards are named, and NHS bodies whose names read as
# a person's: the body, never a private person ("Are Marie Curie or Sue Ryder involved?", "the John Radcliffe")
EPONYMS = frozenset(("marie curie", "sue ryder", "florence nightingale", "cicely saunders", "mary seacole",
                     "aneurin bevan", "nye bevan", "john radcliffe", "ronald mcdonald", "elizabeth garrett anderson",
                     "william harvey", "james paget", "edith cavell", "dorothy pattison", "alder hey", "great ormond",
                     "nightingale", "macmillan", "seacole", "bevan", "hywel dda", "betsi cadwaladr", "addenbrooke",
                     "royal marsden", "queen elizabeth", "queen alexandra", "princess alexandra", "princess royal",
                     "christie", "whittington", "moorfields", "papworth", "cwm taf", "cwm taf morgannwg",
                     "james cook", "george eliot", "prince philip", "glan clwyd", "ysbyty gwynedd", "nevill hall"))
_APART = re.compile(r"(?:['’]s?)?[^\w'’-]+|['’]s?$")  # what parts a name's words, a possessive with it


def organisation_key(name: str) -> str:
    """A name's words in lower case, one space apart, without possessives or punctuation."""
    return " ".join(_APART.sub(" ", name.lower()).split())


def organisation_part(name: str, organisations: Collection[str] = ()) -> bool:
    """Whether a name of two words or more holds an NHS body's named after someone (`EPONYMS`: "Hywel
    Dda", "Hywel Dda UHB") or is part of an organisation's name the corpus publishes (`organisations`,
    as `organisation_key` writes them)."""
    key = organisation_key(name)
    if " " not in key:
        return False
    padded = f" {key} "
    return (any(f" {body} " in padded for body in EPONYMS if " " in body)
            or any(padded in f" {organisation} " for organisation in organisations))
