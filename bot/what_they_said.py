"""Questions that ask what someone said ("What did Cathy Elliott say?"), read against whom the lessons
quote: the passages quoting that person, or the name a reply says the lessons hold nothing from."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.named_in_corpus import spelt_as
from bot.redact import find, published_person
from index import person_key

if TYPE_CHECKING:
    from index import Index

_SAID = re.compile(r"\s*(?i:what\s+(?:did|does|has|have))\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s+"
                   r"(?i:say|said|says|think|thought|tell\s+us)\s*[?.!]*\s*$")  # "What did Cathy Elliott say?"
# "What did Jane Nobody say about rota sharing?": what someone said, on a subject; the adapters ask it
# redacted ("What did [name] say?")
_SAID_ON = re.compile(r"\s*(?i:what\s+(?:did|does|has|have))\s+((?:[A-Z][\w'’.-]*\s+)?\[name\]"
                      r"|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s+"
                      r"(?i:say|said|says|think|thought|tell\s+us|written|wrote)\b")
NAMED_REACH = 20  # passages the lexical search reads for a published name the lessons may mention unquoted
THAT_PERSON = "that person"  # who a reply says the lessons quote nothing from, when the name is no published one


def quoted_passages(question: str, quoting: dict[str, set[int]]) -> set[int]:
    """For "What did Cathy Elliott say?" (and no more: "… say about X?" is the search's): the passages
    quoting that person (`quoting`: by person key); none for any other question, or a person the lessons
    never quote."""
    asked = _SAID.match(question)  # a misspelt name ("Cathy Elliot") is the quoted person's it misspells
    return quoting.get(spelt_as(person_key(asked.group(1)), quoting), set()) if asked else set()


def unquoted_person(question: str, quoting: dict[str, set[int]], index: Index) -> str:
    """For "What did Jane Nobody say (about X)?" when the lessons hold nothing from that person: the
    name a reply may show (a published one's the lessons never name in a passage) or `THAT_PERSON`
    for a name redaction takes out (every name in the lessons is kept, so none of theirs); "" for
    any other question, a person the lessons quote or name, or an organisation ("What did NHS
    England say?", which the search answers)."""
    asked = _SAID_ON.match(question)
    if not asked:
        return ""
    if asked.group(1).endswith("[name]"):
        return THAT_PERSON
    key = person_key(asked.group(1))
    if spelt_as(key, quoting):
        return ""
    if published_person(asked.group(1)):  # the search finds words the lessons give them without quoting
        words = [w for w in key.split() if len(w) > 2]  # either name, as it may be misspelt ("Cathy Elliot")
        name = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I) if words else None
        named = name is None or any(name.search(h.passage.text)
                                    for h in index.search(" ".join(words), NAMED_REACH, mode="lexical"))
        return "" if named else asked.group(1)
    start, end = asked.span(1)
    named = any(kind == "name" and s < end and start < e for kind, s, e in find(question))
    return THAT_PERSON if named else ""
