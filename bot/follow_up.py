"""Whether a question reads as a follow-up: in a chat (which has no threads), to the one before it;
a message with no subject of its own ("what is it?"), to its thread's question.

In a thread every reply belongs to the thread's question. In a personal or group chat the last
question of the hour is only a guess at the context, so a new question is read with it only when
it is very short ("in Leeds?") or refers back to it ("how did they fund it?", "and who led it?");
a complete question on a new topic stands alone, and if the lessons do not cover it, it is
declined rather than answered with the earlier topic's passages.
"""

from __future__ import annotations

import re

from index import STOPWORDS

VERY_SHORT_WORDS = 3
REFERRING = frozenset({"and", "also", "else", "too", "same", "they", "them", "their", "it", "its", "this", "these",
                       "those", "he", "she", "his", "her", "him"})
LEADS = ("what about", "how about", "and ", "but ", "so ")


QUESTION_WORDS = frozenset({"what", "how", "who", "whom", "whose", "why", "when", "where", "which",
                            "whats", "hows", "wot"})  # and their texting forms (`bot.small_talk`)
ASKS_FOR_MORE = frozenset({"more", "further"})  # "tell me more", "anything further?"
ABOUT_PEERBOT = frozenset({"you", "your", "yours", "yourself", "u", "ur", "peerbot", "bot", "help"})


# words pointing to something a question does not name ("it", "they", "that"), and asking for more of it
POINTING = frozenset({"it", "its", "they", "them", "their", "theirs", "that", "this", "these", "those", "he", "she",
                      "him", "his", "her"}) | ASKS_FOR_MORE
# what a question asks of something unnamed: who led or ran it, what it did, cost, saved or achieved, how it went
# ("who led it?", "how much did it save?", "did it work?", "what was the impact of that?"); none names a subject
UNNAMED_ASKS = frozenset("""lead leads led leading leader leaders run runs ran running start starts started begin began
    behind charge owns owned responsible involve involved work works worked working happen happens happened go goes
    went gone save saves saved saving savings cost costs costed spend spent pay paid fund funds funded funding afford
    money time long take takes took taken last lasted achieve achieved deliver delivered manage managed succeed
    succeeded success successful fail failed failure result results impact outcome outcomes benefit benefits worth
    mean means meant say says said think thought feel felt learn learned learnt find found decide decided
    well better worse explain detail details example examples describe exactly again please""".split())


def needs_context(question: str) -> str:
    """The word pointing to what a question does not name, when it names nothing else: a pointing
    word (`POINTING`: "it", "they", "that", "more"; "IT" in capitals is an acronym) and otherwise only
    stopwords, question words and asking what was done (`UNNAMED_ASKS`): "who led it?", "what did they
    do?", "how much did it save?", "tell me more about that" ("it", "they", "it", "more"). "" for a
    question with a subject ("how did they fund the wellbeing hub?"). An excerpt pointed at ("more on the first
    one": `excerpt_asked`) is the pointing words themselves ("the first one")."""
    if (pointed := _nth(question)) and (word := needs_context(f"{question[:pointed.start()]} it {question[pointed.end():]}")):
        return pointed.group(0) if word == "it" else word
    typed = [w.replace("’", "'").split("'")[0] for w in re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", question)]
    words = [w.lower() for w in typed if not (w.isupper() and len(w) > 1)]  # "IT", "US": acronyms, not pointing
    if len(words) < len(typed):
        return ""
    pointing = [w for w in words if w in POINTING]
    named = [w for w in words if w not in POINTING and w not in STOPWORDS and w not in QUESTION_WORDS
             and w not in UNNAMED_ASKS]
    return "" if named or not pointing else next((w for w in pointing if w not in ASKS_FOR_MORE), pointing[0])


WHO = frozenset({"who", "whom", "whose"})


def asks_who(question: str) -> bool:
    """Whether a follow-up asks who was behind what the thread was told, naming nothing else: "who
    led that?", "who did it?", "and who?" (not "who led the committee in common?")."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", question)]
    told = STOPWORDS | QUESTION_WORDS | UNNAMED_ASKS | REFERRING | POINTING | {"behind"}
    return bool(WHO & set(words)) and all(w in told for w in words)


TALKING = frozenset({"talk", "speak", "contact", "contacts", "ask", "reach", "call", "email", "ring", "chat", "touch",
                     "approach", "people", "person", "someone", "somebody", "anyone", "anybody"})
TO_TALK_TO = TALKING | frozenset({"i", "we", "me", "us", "my", "our", "should", "could", "can", "any", "get", "in",
                                  "with", "about", "this", "that", "it", "there", "here", "best", "right", "good",
                                  "useful", "worth", "else", "other", "others", "names", "name", "suggest", "suggested"})


def asks_whom_to_talk_to(question: str) -> bool:
    """Whether a follow-up asks whom to talk to about the thread's answer, naming nothing else: "who should
    I talk to?", "who can I speak to about this", "any contacts?", "anyone I could ask?" (not "who
    should I talk to about estates?", which names a subject of its own), thanks before it too ("thanks, and who
    should I contact about that?")."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", _THANKED.sub("", question.strip().lower()))]
    asking = WHO | QUESTION_WORDS | {"any", "anyone", "anybody", "someone", "somebody", "contacts"}
    return (bool(words) and bool(set(words) & TALKING) and bool(set(words) & asking)
            and all(w in TO_TALK_TO or w in WHO or w in STOPWORDS for w in words))


def asks_of_the_thread(message: str) -> bool:
    """Whether a message with no subject of its own (no content word: `bot.small_talk.small_talk`) asks
    something of the thread's: it has a question word, a word referring back or one asking for more
    ("what is it?", "how?", "and who?", "tell me more"), and does not ask about peerbot ("what can
    you do?", "who are you?", "help")."""
    words = set(re.findall(r"[a-z0-9']+", message.lower()))
    return bool(words & (QUESTION_WORDS | REFERRING | ASKS_FOR_MORE) or excerpt_asked(message)) and not words & ABOUT_PEERBOT


def refers_back(question: str) -> bool:
    """Whether a chat's message reads with the one before it: very short, opened as a follow-up ("and …", "what
    about …"), with a word referring back ("they", "it"; not "and" within it), or pointing at an excerpt ("more on
    the first one")."""
    text = _THANKED.sub("", question.strip().lower())  # "thanks, and who should I contact?" opens with "and"
    words = re.findall(r"[a-z0-9']+", text)
    return (len(words) <= VERY_SHORT_WORDS or text.startswith(LEADS) or any(w in REFERRING - {"and"} for w in words)
            or bool(excerpt_asked(question)))  # "and" within a question joins its own words: "NELFT and ELFT"


_THANKED = re.compile(r"^(?:(?:thanks|thank\s+you|cheers|great|brilliant|ok|okay)\b[\s,!.;:-]*)+")


THING_WORDS = frozenset({"it", "its", "this", "that", "these", "those", "them"})  # not "they": often just "others"


def points_back(question: str) -> bool:
    """Whether a question has a word standing for something said before it ("how long did it take
    them?", "who led that?")."""
    return any(w in THING_WORDS for w in re.findall(r"[a-z0-9']+", question.lower()))



_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
             "5th": 5, "last": -1}
_ITEM = r"(?:one|excerpt|example|point|passage|snippet|quote|quotation|item|bit|result|lesson)"
_NTH = re.compile(rf"\b(?:the\s+)?({'|'.join(_ORDINALS)})\s+{_ITEM}\b|\b{_ITEM}\s+(?:number\s+|no\.?\s*|#)?([1-5])\b"
                  r"|(?:number\s+|#)([1-5])\b", re.IGNORECASE)
MAX_NTH_WORDS = 10


def _nth(question: str) -> re.Match[str] | None:
    """Where a short message points at an excerpt by its place ("the second one", "excerpt 3")."""
    return None if len(re.findall(r"[A-Za-z0-9]+", question)) > MAX_NTH_WORDS else _NTH.search(question)


def excerpt_asked(question: str) -> int:
    """Which of the thread's excerpts a short follow-up asks more about ("more detail on the second one",
    "tell me more about excerpt 3", "the last one?": 2, 3, -1), 0 when it names none."""
    found = _nth(question)
    if not found:
        return 0
    return _ORDINALS[found.group(1).lower()] if found.group(1) else int(found.group(2) or found.group(3))


SUBJECT_STEM = 6  # letters of a word that find its other forms in a passage ("finance" in "finances")


def says_nothing_of(subject: str, texts: list[str]) -> bool:
    """Whether `texts` (a thread's answer to a follow-up read with its question) leave out a word of the
    follow-up's own `subject` ("mortality reviews" in passages on leadership): then the follow-up is not
    covered by itself, not answered with the thread's subject; "finance" beside "open book finances" is."""
    words = [w[:SUBJECT_STEM] for w in re.findall(r"[a-z]{3,}", subject.lower()) if w not in STOPWORDS]
    found = " ".join(texts).lower()
    return any(w not in found for w in words)
