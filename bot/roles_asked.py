"""A thread's "who was the clinical lead?" (pure): a role asked of the thread's answer, answered with the people the
lessons name in that role, or said plainly that they name no one in it, with those they do name; never the thread's
excerpts again. `role_asked(follow_up)` reads the role; `in_role(behind, role)` answers from `Answerer.behind`."""

from __future__ import annotations

import re
from dataclasses import replace

from bot import messages
from bot.answer import Answer, Contact

_ROLE_NOUNS = (r"lead|leads|leader|leaders|chair|chairs|chairman|chairwoman|director|directors|executive|executives|"
               r"officer|officers|owner|sponsor|sponsors|manager|managers|head|clinician|clinicians|champion|sro|ceo|"
               r"coo|cfo|cmo|md")
_ROLE = re.compile(r"\s*(?:(?:and|so|ok|okay|thanks)[,\s]+)*who\s+(?:was|is|were|are)\s+(?:the|their|its)\s+"
                   rf"((?:[a-z'’-]+\s+){{0,3}}(?:{_ROLE_NOUNS}))"
                   r"(?:\s+(?:of|for|on|in|behind)\s+(?:it|that|this|them|those))?(?:\s+(?:then|there))?\s*[?.!]*\s*$",
                   re.IGNORECASE)
_STEM = 5  # letters of a role's word that find it in a title ("clinical" in "Clinical director", "chair" in "Chairs")


def role_asked(follow_up: str) -> str:
    """The role a follow-up asks who held, naming nothing else: "who was the clinical lead?" ("clinical lead"),
    "and who was the chair of it?" ("chair"); "" for any other ("who was the clinical lead for the wellbeing hub?",
    "who led it?": `bot.follow_up.asks_who`)."""
    found = _ROLE.match(follow_up)
    return found.group(1).lower() if found else ""


def holds(contact: Contact, role: str) -> bool:
    """Whether the lessons give `contact` the role: each of its words in their title or note ("Clinical director" is
    a "clinical director", not a "clinical lead")."""
    title = f"{contact.role} {contact.reason}".lower()
    return all(word[:_STEM] in title for word in re.findall(r"[a-z]+", role))


def in_role(behind: Answer, role: str) -> Answer:
    """The reply to a thread's "who was the {role}?" from `behind`, the thread's answer to "who was behind it?": those
    the lessons name in the role, with the excerpts; else, that they name no one in it, and the people and
    organisations they do name, without the excerpts again; declined as the thread's question is, if it is."""
    if not behind.answered:
        return behind
    holding = tuple(c for c in behind.contacts if c.is_person and holds(c, role))
    if holding:
        naming = tuple(s for s in behind.snippets if any(c.name.split()[-1] in s.text for c in holding))
        return replace(behind, contacts=holding, snippets=naming or behind.snippets, lead=messages.in_role_lead(role))
    return replace(behind, snippets=(), enablers=(), lead=messages.no_one_in_role(role, bool(behind.contacts)))
