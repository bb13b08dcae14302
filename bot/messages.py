"""User-facing phrases shared by every surface (CLI, Slack, Teams), kept in one place."""

from __future__ import annotations

import re

from bot.answer import EnablerRef, Speaker, enclose
from bot.echoed import echoed
from bot.redact import identifying, redact, removed
from bot.summary import Resolution

# What each placeholder `bot.redact` puts in a question stands for, in the order they are named.
_REMOVED = {"name": "a name", "nhs-number": "an NHS number", "record-number": "a record number", "date": "a date",
            "phone": "a phone number", "email": "an email address", "address": "an address", "postcode": "a postcode",
            "registration": "a vehicle registration", "location": "a bed or room", "age": "an age"}


def details_removed(redacted_question: str, posted: bool = False) -> str:
    """One line saying that peerbot left out what could identify someone (a patient's name, an NHS
    number …) from the question, and asking the reader not to share such details; "" when nothing
    (or only a date) was left out. Read from the redacted question's placeholders: never echoed.
    `posted`: the question is a chat message others may see, which its sender can still edit."""
    listed = identifiers_listed(redacted_question)
    if not listed:
        return ""
    return (f"Your question had details that could identify someone ({listed}), which peerbot does not keep. "
            "Please don't share patient or personal details here" + (": you may want to edit or delete your message."
                                                                     if posted else "."))


def identifiers_listed(redacted: str) -> str:
    """What `bot.redact` took out of this text, in words ("a name and an NHS number"); "" when nothing
    that could identify someone (a date alone identifies no one)."""
    if not identifying(redacted):
        return ""
    kinds = removed(redacted)
    found = [words for kind, words in _REMOVED.items() if kind in kinds]
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def answer_lead(passages: int, documents: int) -> str:
    sources = f"{documents} {'lesson' if documents == 1 else 'lessons'}"
    return f"Here is what peers have learned ({passages} {'excerpt' if passages == 1 else 'excerpts'} from {sources}):"


def unmentioned_lead(names: tuple[str, ...], passages: int, documents: int) -> str:
    """The line before an answer to a question naming someone or somewhere the lessons never mention
    ("What did Northumbira learn…?"): its excerpts are about others, which must not pass for that name's."""
    named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    sources = f"{documents} {'lesson' if documents == 1 else 'lessons'}"
    return (f"The lessons don't mention {named}. What they say about the rest of your question, from others "
            f"({passages} {'excerpt' if passages == 1 else 'excerpts'} from {sources}):")


def unused_terms_lead(terms: tuple[str, ...], passages: int, documents: int) -> str:
    """The line before an answer to a question naming a term of art the lessons never use ("how does a lead provider
    model work?": `bot.terms_of_art`): its excerpts are the closest the lessons come, not what they say of it."""
    named = " or ".join(f"“{term}”" for term in terms)
    sources = f"{documents} {'lesson' if documents == 1 else 'lessons'}"
    return (f"The lessons never use the term {named}. The closest they come "
            f"({passages} {'excerpt' if passages == 1 else 'excerpts'} from {sources}):")


def no_one_at_lead(place: str, contacts: bool, passages: int, documents: int) -> str:
    """The line before an answer to "Who at NELFT should I speak to …?" when the lessons name no one there:
    said plainly, and the contacts shown are the closest, not that organisation's people."""
    sources = f"{passages} {'excerpt' if passages == 1 else 'excerpts'} from {documents} {'lesson' if documents == 1 else 'lessons'}"
    if contacts:
        return f"The lessons name no one at {place}; the closest contacts are below the excerpts ({sources}):"
    return f"The lessons name no one at {place}. What they say ({sources}):"


def yes_no_lead(passages: int, documents: int) -> str:
    """The line before an answer to a yes-or-no question (`bot.yes_no`): peerbot gives no yes or no, which
    it could only read into the excerpts or infer from what they leave out; the asker judges from them."""
    sources = f"{documents} {'lesson' if documents == 1 else 'lessons'}"
    return (f"Here is what the lessons say, for you to judge; peerbot gives no yes or no of its own "
            f"({passages} {'excerpt' if passages == 1 else 'excerpts'} from {sources}):")


def behind_lead(people: bool, organisations: bool) -> str:
    """The line before a "who led it?" follow-up's answer: who the lessons credit, or that they name no one."""
    if people:
        return "Who was behind it, as the lessons name them (with the excerpts that say so):"
    if organisations:
        return "The lessons name no one person behind it; they credit these organisations:"
    return "The lessons don't name who was behind it. Here is what they say:"


def in_role_lead(role: str) -> str:
    """The line before a thread's "who was the clinical lead?" when the lessons name someone in that role."""
    return f"The {role}, as the lessons name them (with the excerpts that say so):"


def no_one_in_role(role: str, others: bool) -> str:
    """The reply to a thread's "who was the clinical lead?" when the lessons name no one in that role: said
    plainly, then (`others`) the people and organisations they do name behind it."""
    if others:
        return f"The lessons don't name the {role}. Those they do name behind it:"
    return f"The lessons don't name the {role}, or anyone else behind it."


def holding_role_lead(post: str) -> str:
    """The line before an answer to "who is the chair of the west yorkshire collaborative?" when the lessons name
    someone in that post: as of the lesson, which may be out of date. The post as asked, its identifiers redacted."""
    return (f"The {redact(post)}, as the lessons name them (with the excerpts that say so; who holds the post now may "
            "have changed: an organisation's own website says):")


def no_one_holding_role(post: str, people: bool) -> str:
    """The line before an answer to "who is the national lead for provider collaboratives?" when the lessons name
    no one in that post: said plainly, and what they do say (`people`: with the people they name)."""
    closest = "what they say and the closest people they name" if people else "what they say"
    return (f"The lessons don't name the {redact(post)}; who holds a post now is on an organisation's own website. "
            f"Here is {closest}:")


TALK_TO_LEAD = "Who to talk to about this, as the lessons name them (why, and what they said):"


def spelled_out(short: str, long: str) -> str:
    """The line before an answer to "what does MHLDA stand for?", when the lessons spell it out."""
    return f"In the lessons, {short} stands for {enclose(long)}. Where they spell it out:"


def how_long_lead(times: list[str], again: bool = True) -> str:
    """The line before an answer to "how long did it take?": the times its excerpts give, or that they give none;
    `again`: a thread's follow-up, its answer's excerpts shown again."""
    if not times:
        return ("The excerpts don't say how long it took; here they are again:" if again
                else "The lessons don't say how long it took. The closest they come:")
    return f"The excerpts give these times: {', '.join(times)}. Here they are{' again' if again else ''}:"


def more_on(number: int, title: str) -> str:
    """The line before a thread's "more detail on the second one": that excerpt with its lesson's passages around it."""
    return f"More on excerpt {number}, with what comes before and after it in {enclose(title)}:"


_FIGURES = {"cost": "a cost figure", "number": "that number", "share": "that figure"}


def no_figure(kind: str) -> str:
    """The line before an answer to a question asking for a figure (`bot.figures`) none of its excerpts gives."""
    return f"The lessons don't give {_FIGURES[kind]} for this. The closest they come:"


def no_answer(suggestions: tuple[EnablerRef, ...]) -> str:
    text = (
        "I couldn't find anything in the lessons library that answers that, so I won't guess. "
        "peerbot answers questions about how NHS provider collaboratives work together."
    )
    return text + _explore(suggestions)


def said_by(person: str) -> str:
    """What the lessons do not cover when asked what someone they never quote said: "anything said by
    Diane Wake", or by "that person" when the name is no one the corpus publishes (never echoed)."""
    return f"anything said by {person}"


def not_covered(topic: str, suggestions: tuple[EnablerRef, ...], has_closest: bool) -> str:
    """The lessons are on topic but do not answer the question."""
    text = f"The lessons don't cover {topic or 'that'} yet, so I won't guess."
    if has_closest:
        text += " The closest they come is below; it is not an answer."
    return text + _explore(suggestions)


def out_of_scope(pointer: str) -> str:
    """A kind of request peerbot is not for, with where to go instead."""
    return f"That isn't something peerbot can help with. {pointer}"


def decline(answer) -> str:
    """What peerbot says when it does not answer (not covered, or out of scope)."""
    if answer.asked_nothing:
        return answer.pointer
    if answer.off_topic:
        return out_of_scope(answer.pointer) if answer.pointer else no_answer(answer.suggestions)
    return not_covered(answer.topic, answer.suggestions, bool(answer.closest))


def _explore(suggestions: tuple[EnablerRef, ...]) -> str:
    return " You could explore: " + ", ".join(e.name for e in suggestions) + "." if suggestions else ""


CLOSEST_HEADING = "Closest lessons (not an answer)"


def empty_question() -> str:
    return "Ask me a question about provider collaboration, for example: how did others build trust between boards?"


def needs_context(word: str) -> str:
    """The reply to a question about something it does not name ("who led it?", "tell me more")
    with no earlier question to read it with: name the collaborative, lesson or topic."""
    unnamed = "what you'd like more about" if word in ("more", "further") else f"what “{word}” refers to"
    return (f"I can't tell {unnamed}: I have no earlier question of yours to read it with. Please ask again naming "
            "the collaborative, lesson or topic, for example: how did the West Yorkshire trusts work together "
            "during COVID-19?")


def english_only() -> str:
    """The reply to a question in another language: one line, in English."""
    return "peerbot reads and answers in English only: please ask your question in English."


def about_lessons(documents) -> str:
    """What peerbot's answers come from, read from the corpus's documents (`DocumentInfo`): how
    many lessons, from which publishers, and the years they give (or that they give none)."""
    publishers = sorted({d.publisher for d in documents if d.publisher})
    years = sorted({int(y) for d in documents for y in re.findall(r"\b(?:19|20)\d\d\b", d.published or "")})
    undated = sum(not re.search(r"\b(?:19|20)\d\d\b", d.published or "") for d in documents)
    text = f"{lessons(len(documents))} on NHS provider collaboration"
    if publishers:
        text += ", published by " + (publishers[0] if len(publishers) == 1 else ", ".join(publishers[:-1]) + " and " + publishers[-1])
    if years:
        text += f", dated {years[0]}" + (f" to {years[-1]}" if years[-1] != years[0] else "")
        if undated:
            text += f" ({undated} undated)"
    elif documents:
        text += ", undated"
    return text


HELLO = "Hello! "
WELCOME = "You're welcome. "
GOODBYE = "Bye for now. "


def help_reply(opening: str = "") -> str:
    """The reply to a message that asks nothing (a greeting, thanks, "ok", "help", "x"): what
    peerbot does, and an example question; `opening` answers a greeting or thanks first."""
    return (f"{opening}I'm peerbot: I answer questions about how NHS provider collaboratives work together, "
            f"with short quotes from their published lessons and people to talk to. {empty_question()}")


CONTACTS_HEADING = "People who have done this"
ENABLERS_HEADING = "Related enablers"
SOURCE = "Source"
UNNAMED_SPEAKER = "a speaker the lesson does not name"


def credit(speaker: Speaker | None) -> str:
    """Who a quotation is by, for the line under it: "Name, role, organisation", or that the
    lesson does not name them."""
    return speaker.credit if speaker else UNNAMED_SPEAKER


# --- enablers --------------------------------------------------------------------------------

PRACTICES_HEADING = "What works"
EXAMPLES_HEADING = "Examples"
QUOTES_HEADING = "In their own words"
SUMMARY_CONTACTS_HEADING = "People to talk to"
ENABLER_LIST_HEADING = "Enablers of provider collaboration"


def lessons(count: int) -> str:
    return f"{count} {'lesson' if count == 1 else 'lessons'}"


def lessons_speak_to_it(count: int) -> str:
    return f"{lessons(count)} in the library {'speaks' if count == 1 else 'speak'} to this."


def no_lessons_yet(enabler: EnablerRef) -> str:
    return (
        f"No lessons yet on {enabler.name}. Know a collaborative that has done this well? Add its story to the "
        f"lessons library (a document tagged `enablers: [{enabler.id}]`) so peers can learn from it."
    )


def unknown_enabler(name: str, resolution: Resolution) -> str:
    """The name as typed (`echoed`: redacted, one line, no control characters, cut short), then the closest
    by name, or every enabler's name when none is close (`enabler NAME` takes names; ids are for enablers.yaml)."""
    text = f"No enabler called {enclose(echoed(name))}."
    names = ", ".join(e.name for e in resolution.suggestions)
    if names and resolution.close:
        return f"{text} Closest: {names}."
    if names:
        return f"{text} None comes close; the enablers are: {names}."
    return f"{text} {NO_ENABLERS}"  # with any enabler defined, some or all are named


NO_ENABLERS = ("No enablers of collaboration have been set up yet, so there is no list to show. You can still ask "
               "how others did something, and I'll answer from the lessons.")
NO_ENABLERS_ADMIN = "No enablers are defined: list them in enablers.yaml in the knowledge folder (README: Enablers and contacts)."


def enabler_hint() -> str:
    return "`peerbot enabler NAME` summarises one enabler; a name, id, synonym or the start of one will do."


def apology() -> str:
    """Said in the conversation when answering failed unexpectedly (the traceback goes to the log)."""
    return "Sorry, something went wrong while I was answering that. Please try again in a minute."


def feedback_not_recorded() -> str:
    return "Sorry, I couldn't record that feedback: I no longer know that answer."


def no_failure_lead(difficulties: bool, passages: int, documents: int) -> str:
    """The lead when a question asks what went wrong and none of the excerpts tells of a failure: the lessons
    describe none, only `difficulties` met along the way, if that."""
    sources = f"{documents} {'lesson' if documents == 1 else 'lessons'}"
    told = "only difficulties met along the way" if difficulties else "nor any difficulty"
    return (f"The lessons describe nothing going wrong on this, {told}. What they say "
            f"({passages} {'excerpt' if passages == 1 else 'excerpts'} from {sources}):")
