"""Who holds a role (pure). A thread's "who was the clinical lead?": a role asked of the thread's answer, answered with
the people the lessons name in that role, or said plainly that they name no one in it, with those they do name; never
the thread's excerpts again (`role_asked(follow_up)` reads the role; `in_role(behind, role)` answers from
`Answerer.behind`). A question of its own, "who is the chair of the west yorkshire collaborative?" or "who is the
national lead for provider collaboratives?": the person the lessons name in that role of that subject, with the
excerpt that says so, or said plainly that they name no one, with the closest people they do name
(`role_of(question)`, `holding_role(behind, asked)`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot import messages
from bot.answer import Answer, Contact

ROLE_NOUNS = (r"lead|leads|leader|leaders|chair|chairs|chairman|chairwoman|director|directors|executive|executives|"
               r"officer|officers|owner|sponsor|sponsors|manager|managers|head|clinician|clinicians|champion|sro|ceo|"
               r"coo|cfo|cmo|md|nurse|nurses|president|secretary|convenor|coordinator|co-ordinator")
_ROLE = re.compile(r"\s*(?:(?:and|so|ok|okay|thanks)[,\s]+)*who\s+(?:was|is|were|are)\s+(?:the|their|its)\s+"
                   rf"((?:[a-z'’-]+\s+){{0,3}}(?:{ROLE_NOUNS}))"
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
    words = re.findall(r"[a-z]+", role.lower())
    return bool(words) and all(word[:_STEM] in title for word in words)


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
    return replace(behind, snippets=(), enablers=(), lead=messages.no_one_in_role(role, bool(behind.contacts)), gap=True)


@dataclass(frozen=True)
class RoleAsked:
    """A role asked of a subject: "the national lead for provider collaboratives" is role "national lead", link
    "for", subject "provider collaboratives"."""
    role: str
    link: str
    subject: str

    @property
    def post(self) -> str:
        return f"{self.role} {self.link} {self.subject}"


_PRONOUNS = r"(?:it|that|this|them|those|these|there|they)"
_ROLE_OF = re.compile(
    r"^\W*(?:(?:hi|hello|thanks|ok|okay|so|and)\b[\W]*)*(?:(?:do|does)\s+(?:you|anyone)\s+know\s+)?"
    r"who(?:['’]s|\s+is|\s+was|\s+are|\s+were)?\s+(?:currently\s+|now\s+)?(?:the|their|its)\s+"
    r"(?:current\s+|present\s+|new\s+)?"
    rf"(?P<role>(?:[a-z'’-]+\s+){{0,3}}?(?:{ROLE_NOUNS}))\s+(?P<link>of|for|at|in|on)\s+"
    rf"(?!{_PRONOUNS}\b)(?P<subject>[^?!.]{{2,120}}?)"
    r"(?:\s+(?:now|currently|these\s+days|at\s+the\s+moment))?\s*(?:is)?\s*[?.!]*\s*$", re.IGNORECASE)
# "who chairs the west yorkshire collaborative?", "who is leading the programme nationally?"
_VERBS = {"chairs": "chair", "chairing": "chair", "leads": "lead", "leading": "lead", "heads": "head",
          "heading": "head", "runs": "lead", "running": "lead"}
_ROLE_VERB = re.compile(
    r"^\W*(?:(?:hi|hello|thanks|ok|okay|so|and)\b[\W]*)*who\s+(?:currently\s+)?(?:is\s+|are\s+)?"
    rf"(?P<verb>{'|'.join(_VERBS)})\s+(?:on\s+)?(?!{_PRONOUNS}\b)(?P<subject>[^?!.]{{2,120}}?)"
    r"(?:\s+(?P<national>nationally|now|currently|at\s+the\s+moment))?\s*[?.!]*\s*$", re.IGNORECASE)
# words of an organisation's or programme's name that tell no one body from another
_GENERIC = frozenset("""the a an of for in at on and nhs trust trusts foundation collaborative collaboratives provider
    providers partnership programme programmes ics icb icbs system systems group care services service network
    networks national england's health hospital hospitals organisation organisations""".split())


def role_of(question: str) -> RoleAsked | None:
    """The role a question asks who holds, and of what, as typed: "who is the chair of the west yorkshire
    collaborative?", "who's the national lead for provider collaboratives?", "who chairs the MHLDA collaborative?",
    "who is leading the programme nationally?" ("national lead for the programme"); None for a thread's "who was the
    chair?" or "… of it?" (`role_asked`), and any other question."""
    if found := _ROLE_OF.match(question):
        return RoleAsked(found.group("role"), found.group("link").lower(), found.group("subject"))
    if found := _ROLE_VERB.match(question):
        national = (found.group("national") or "").lower() == "nationally"
        role = ("national " if national else "") + _VERBS[found.group("verb").lower()]
        return RoleAsked(role, "for" if national else "of", found.group("subject"))
    return None


def _of_subject(contact: Contact, subject: str) -> bool:
    """Whether the lessons tie `contact` to `subject`: more than half the words that tell the subject from another
    body ("west", "yorkshire" of "the west yorkshire collaborative") are in their title, organisation or note. A
    subject of generic words alone ("provider collaboratives") is no one body's."""
    words = {w for w in re.findall(r"[a-z]+", subject.lower()) if w not in _GENERIC}
    known = set(re.findall(r"[a-z]+", f"{contact.role} {contact.organisation} {contact.reason}".lower()))
    return bool(words) and 2 * len({w for w in words if w in known or w.rstrip("s") in known}) > len(words)


def holding_role(behind: Answer, asked: RoleAsked, declined: bool) -> Answer | None:
    """The reply to "who is the {role} of {subject}?" from `behind`, the answer to "who was behind" the role of the
    subject: the people the lessons name in that role of that subject, with the excerpts that say so; else, that they
    name no one in it, with what they say and the people they do name. None, for the question's own answer, when
    `behind` is declined, or when no one holds the role and the question itself was `declined` ("who is the chief
    executive of NHS England?": an organisation's own information, with where to find it)."""
    if not behind.answered:
        return None
    holding = tuple(c for c in behind.contacts if c.is_person and holds(c, asked.role.lower()) and _of_subject(c, asked.subject))
    if holding:
        naming = tuple(s for s in behind.snippets if any(c.name.split()[-1] in s.text for c in holding))
        return replace(behind, contacts=holding, snippets=naming or behind.snippets,
                       lead=messages.holding_role_lead(asked.post))
    if declined:
        return None
    return replace(behind, lead=messages.no_one_holding_role(asked.post, any(c.is_person for c in behind.contacts)),
                   gap=True)
