"""Who a post is, when the document says so itself (pure): "Jo Bloggs, the trust's chair, opened the review." binds
"chair" to Jo Bloggs, so "“…,” said the trust's chair." is hers. A post is bound only when one listed person holds it
in the document's own words and the post's words appear nowhere else in it, in any form (not "the ICB's chair", "the
former chair", "a chair", "Sam chairs the council"): a post named in any other way may be someone else's."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from index.namesakes import JOB_WORDS
from index.quotation import Speaker
from index.speakers import named_people

_OWNER = r"(?:[\w’'-]+(?:\s+[\w’'-]+){0,3}?['’]s\s+)?"  # "the trust's ", "the network's "
_POST_WORDS = r"[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,5}"
_POST = rf"(?P<post>{_POST_WORDS})"
_BINDING = re.compile(  # "Jo, the trust's chair," "Jo, Chair", "Jo, who is the trust's chair,"
    rf",\s+(?:who\s+is\s+the\s+{_OWNER}(?P<post2>{_POST_WORDS}),|(?:the\s+{_OWNER})?{_POST}(?:,|\n|$))", re.I)
_CHAIRS = re.compile(r",\s+who\s+chairs\s+the\s+[^,.;:“”\"\n]{2,80},", re.I)  # "Jo, who chairs the board,": the chair
_CREDIT = re.compile(rf"\b(?:said|says|added|adds|explained|explains)\s+the\s+{_OWNER}{_POST}\b", re.I)


def post_holders(texts: Iterable[str], people: Sequence[Speaker]) -> dict[str, Speaker]:
    """Each post the document binds to one listed person by an apposition right after their name ("Jo Bloggs, the
    trust's chair,", a role line "Jo Bloggs, Chair"), and whose words it uses nowhere but there and in credits ("said
    the chair"), in lower case."""
    text = "\n\n".join(texts)
    holders: dict[str, set[str]] = defaultdict(set)
    speakers: dict[str, Speaker] = {}
    uses: dict[str, int] = defaultdict(int)
    for named in named_people(text, people):
        bound = _BINDING.match(text, named.end)
        if bound and _a_post(post := bound["post"] or bound["post2"]):
            holders[post.lower()].add(named.person.name)
            speakers[named.person.name] = named.person
            uses[post.lower()] += 1
        elif _CHAIRS.match(text, named.end):  # "who chairs the board,": one use of the post's word ("chairs")
            holders["chair"].add(named.person.name)
            speakers[named.person.name] = named.person
            uses["chair"] += 1
    for credit in _CREDIT.finditer(text):
        uses[credit["post"].lower()] += 1
    return {post: speakers[next(iter(names))] for post, names in holders.items()  # "Sam chairs the council.", "the
            # chairs of both boards": the post's word in another form, maybe someone else's post
            if len(names) == 1 and len(re.findall(rf"\b{re.escape(post)}(?:s|es|ed|ing)?\b", text, re.I)) == uses[post]}


def credited_post(tail: str) -> str | None:
    """The post a quotation's tail credits it to, when that is all the tail says ("said the trust's chair."), in
    lower case."""
    credit = _CREDIT.match(tail.strip(" ,\u00a0"))
    rest = tail.strip(" ,\u00a0")[credit.end():] if credit else "-"
    return credit["post"].lower() if credit and re.fullmatch(r"[.!?]?\s*", rest) and _a_post(credit["post"]) else None


def _a_post(words: str) -> bool:
    return any(word.lower() in JOB_WORDS for word in words.split())
