"""What the lessons do not cover, in a question's own words (pure): `not_covered_topic`, the noun
phrase a "not covered" reply names ("The lessons don't cover a shared electronic patient record yet")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.asking_words import ASKING, asking_word
from bot.programme_names import NAMED_THINGS, named_phrase
from bot.redact import PLACEHOLDER
from index import HONORIFICS, STOPWORDS

MAX_TOPIC_WORDS = 6
_STEM = 6  # letters of a word that find its other forms ("pathway" for "pathways")


def not_covered_topic(question: str, unknown: tuple[str, ...], asking_only: bool = False,
                      names: tuple[str, ...] = (), passages: Sequence[str] = ()) -> str:
    """What the lessons do not cover, in the question's own words: the stretch of the first clause
    (`_clauses`) holding a word the corpus never uses, from its first to its last such word (but not to
    a verb after "to": "get junior doctors to rotate" is "junior doctors"), read as a noun phrase: from the article before it ("roll out a shared electronic patient record": "a
    shared electronic patient record"), never from the verb that governs it ("introduce a shared electronic patient
    record", "roll out an electronic …": from the article), a name with the word that ends it ("the
    Carter review"), without a possessive ("merge their pathology services": "pathology services") or a title
    ("Mrs [name]"), to the noun it is about ("a shared pathology service"), without the verb the question
    asks someone did (`_no_topic_word`: "how did collaboratives cope during covid" is no topic, "how have
    trusts dealt with GDPR requests" is "GDPR requests"), or "" when that is not a short phrase.
    `asking_only` (the question shares no word with the lessons): only from a clause that asks, so
    words alone ("zzqx marmalade trombones") are never named as a topic. A programme, body or law the
    question names that the lessons never do (`names`, from `bot.programme_names`) is named whole first
    ("the 2022 Health and Care Act", "the King's Fund"). A question of words the lessons all use names what it asks
    about when the `passages` nearest it never put those words together (`_asked_phrase`: "clinical pathways")."""
    if whole := next(filter(None, (named_phrase(question, name.split()[0]) for name in names)), ""):
        return whole
    # "Mrs [name]": a person, never a topic; nor what asks ("what went wrong", "the pitfalls of": `bot.asking_words`)
    unknown = tuple(w for w in unknown if w not in HONORIFICS and not asking_word(w))
    if not unknown:
        return "" if asking_only else _asked_phrase(question, passages)
    clause = next((c for c in _clauses(question) if (asks(c) or not asking_only)
                   and any(w in unknown for w in re.findall(r"[a-z0-9]+", c.lower()))), "")
    words = clause.rstrip("?!. ").split()
    lowered = [re.sub(r"[^\w'-]", "", w.lower().replace("’", "'")) for w in words]
    positions = [i for i, w in enumerate(lowered)
                 if (w in unknown or w.split("'")[0] in unknown) and not _no_topic_word(words, lowered, i)]
    # a word that asks between them parts a subject from what it asks about: "[Liverpool] make in the transfer window"
    cut = max((i for i in range(len(lowered)) if lowered[i] in ASKING and positions and positions[0] < i < positions[-1]),
              default=-1)
    positions = [i for i in positions if i > cut]
    if not positions:
        return ""
    first, last = positions[0], positions[-1]
    if _infinitive(lowered, first, last):
        last -= 2  # what someone is got to do is no part of the topic: "junior doctors to rotate": "junior doctors"
    if last + 1 < len(words) and words[last][:1].isupper() and lowered[last + 1] in NAMED_THINGS:
        last += 1  # a name is whole with the word that says what it names: "the Carter review"
    while first > 1 and words[first][:1].isupper() and words[first - 1][:1].isupper():
        first -= 1  # the whole name: "the Provider Selection Regime", not "Selection Regime"
    while first > 0 and last - first + 1 < MAX_TOPIC_WORDS and _modifies(words, lowered, first - 1):
        first -= 1  # the words the noun is a compound of: "back office services", not "office services"
    opening = next((i for i in (first + 1, first + 2)
                    if i < last and lowered[i] in _ARTICLES and set(lowered[first + 1: i]) <= _PARTICLES), None)
    if opening is not None:  # a verb ("introduce", "roll out") and its object: the object
        first = opening
    else:  # from the article just before, when there is one and the phrase stays short
        first = next((i for i in (first - 1, first - 2, first - 3)
                      if i >= 0 and lowered[i] in _ARTICLES and last - i < MAX_TOPIC_WORDS
                      and not set(lowered[i + 1: first]) & _NOT_IN_A_TOPIC), first)
    if first < last and lowered[first] in _POSSESSIVES:  # the asker's "their pathology" is the lessons' "pathology"
        first += 1
    if last - first + 1 > MAX_TOPIC_WORDS:
        return ""
    while last + 1 - first < MAX_TOPIC_WORDS and _noun_follows(words, lowered, last):
        last += 1  # the noun the phrase is about: "a shared pathology service", not "a shared pathology"
    return " ".join(words[first: last + 1]).strip(",;:")


def _asked_phrase(question: str, passages: Sequence[str]) -> str:
    """What a question of known words asks about: the first run of two or more words in its first asking clause
    that are neither small words, its subject, nor what it asks someone did ("how did trusts align clinical
    pathways across a collaborative?": "clinical pathways"), when none of `passages` has those words together
    (each word's other forms too: "clinical pathway"); "" otherwise."""
    clause = next((c for c in _clauses(question) if asks(c)), "")
    words = clause.rstrip("?!. ").split()
    lowered = [re.sub(r"[^\w'-]", "", w.lower().replace("’", "'")) for w in words]
    runs: list[list[int]] = [[]]
    for i, word in enumerate(lowered):
        content = (re.fullmatch(r"[a-z][a-z-]+", word) and word not in _NOT_IN_A_TOPIC | _ARTICLES | _QUESTION_WORDS
                   and not asking_word(word) and not _no_topic_word(words, lowered, i))
        if content:
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    run = next((r for r in runs if len(r) >= 2), [])
    if not run or len(run) > MAX_TOPIC_WORDS:
        return ""
    together = re.compile(r"\b" + r"\W+".join(re.escape(lowered[i][:_STEM]) + r"\w*" for i in run), re.IGNORECASE)
    return "" if any(together.search(text) for text in passages) else " ".join(words[run[0]: run[-1] + 1])


def _infinitive(lowered: list[str], first: int, last: int) -> bool:
    """Whether the topic's last word is a verb after "to" ("get junior doctors to rotate between trusts"):
    no noun's ending ("referral to treatment times" is a noun phrase) and nothing but a small word after it."""
    return (first < last - 1 and lowered[last - 1] == "to" and not lowered[last].endswith(_NOUN_ENDINGS)
            and (last + 1 == len(lowered) or lowered[last + 1] in STOPWORDS))


def _modifies(words: list[str], lowered: list[str], i: int) -> bool:
    """Whether word i, before the topic's first word, is part of its noun phrase ("shared back office",
    "staff bank"): a lowercase content word, not a verb the question asks about (`_no_topic_word`),
    not a "-ing" verb ("sharing"), nor a word ending in "s" (a verb, "needs zzqx records", or a plural
    subject), nor a subject ("trusts") or other word never in a topic."""
    word = lowered[i]
    if not words[i].islower() or not re.fullmatch(r"[a-z][\w-]*", word) or word.endswith("ing") or word in ASKING:
        return False  # nor a word that asks: "what challenges did trusts face | installing pharmacy robots"
    if word.endswith("s") and not word.endswith("ss"):
        return False
    return word in _COMPOUND_FIRST or (word not in _NOT_IN_A_TOPIC | _ARTICLES | _QUESTION_WORDS
                                       and not _no_topic_word(words, lowered, i))


def _noun_follows(words: list[str], lowered: list[str], last: int) -> bool:
    """Whether the word after `last` still belongs to the topic's noun phrase: a content word, not a
    verb or an adverb (`_NOT_A_NOUN`, "-ed"), after a word that does not end one (a plural, a name's
    "review")."""
    if last + 1 >= len(words) or not re.fullmatch(r"[\w-]+", words[last + 1]):
        return False
    ended = (lowered[last].endswith("s") and not lowered[last].endswith("ss")) or lowered[last] in NAMED_THINGS
    following = lowered[last + 1]
    return ((not ended or following in _HEADS) and following not in STOPWORDS and following not in _NOT_A_NOUN
            and not following.endswith("ed") and following not in ASKING)


def _no_topic_word(words: list[str], lowered: list[str], i: int) -> bool:
    """Whether word i is never a topic: an adverb or a verb (`_NOT_A_NOUN`), a word describing "someone",
    or what the question asks someone did: a verb after "to" after a word that takes one ("done to
    cut"), after "been", or after the subject of a question opened by an auxiliary
    ("how did the BSW collaborative cut …", "how have groups of trusts acted on …"): a plural or a
    pronoun, or a subject opened by a determiner ("the … collaborative")."""
    if not words[i].islower():
        return False
    if lowered[i] in _NOT_A_NOUN or i >= 1 and lowered[i - 1] in _DESCRIBED:
        return True  # "go ahead", "someone impartial"
    if i >= 2 and lowered[i - 1] == "to" and lowered[i - 2] in _TAKES_TO or i >= 1 and lowered[i - 1] == "been":
        return True
    aux = next((a for a in (0, 1, 2) if a < i and lowered[a] in _AUXILIARIES), None)
    if (aux is None or not 1 <= i - aux - 1 <= 5 or aux == 1 and lowered[0] not in _QUESTION_WORDS
            or aux == 2 and lowered[:2] not in _HOW_MUCH):  # "how much did trusts save from …": "save" was asked
        return False
    subject = lowered[aux + 1: i]
    return subject[-1] in _PLURAL_SUBJECTS or (subject[-1] in _SUBJECTS and subject[0] in _DETERMINERS)


def _clauses(question: str) -> list[str]:
    """The question's clauses, cut at the punctuation that ends one ("records? email me at …") and at a
    comma before a question word ("…, how do others handle complaints?"): first those without a
    redaction placeholder ("[email]", "Mrs [name] in bed 4": about a person, not the topic), those
    that ask (`asks`) before a story told first ("my mum complained about her discharge - how do …"),
    then the pieces of the others between their placeholders, which are never part of a topic."""
    clauses = [piece for c in _CLAUSE_END.split(question) for piece in _ASKING.split(c) if piece.strip()]
    plain = [c for c in clauses if not PLACEHOLDER.search(c)]
    return ([c for c in plain if asks(c)] + [c for c in plain if not asks(c)]
            + [piece for c in clauses if PLACEHOLDER.search(c) for piece in PLACEHOLDER.split(c) if piece.strip()])


def asks(clause: str) -> bool:
    """Whether a clause asks: it opens with a question word ("how do others handle complaints")."""
    words = clause.split(None, 1)
    return bool(words) and words[0].lower() in _QUESTION_WORDS


_CLAUSE_END = re.compile(r"[.?!;:]+(?:\s+|$)|\s+[-–—]+\s+")  # a spaced dash too: "discharged late - how do …"
_ASKING = re.compile(r",\s*(?=(?:how|what|who|which|why|where|when)\b)", re.IGNORECASE)
_HOW_MUCH = [["how", "much"], ["how", "many"], ["how", "long"], ["how", "often"]]  # opening a question before its verb
_ARTICLES = frozenset("a an the their its our one".split())  # what opens a noun phrase
_PARTICLES = frozenset("out up off together forward down".split())  # the second word of a verb: "roll out", "set up"
_POSSESSIVES = frozenset("their its our".split())  # whose it is: the asker's subject, not the topic
_NOT_A_NOUN = frozenset("""together jointly faster quicker better sooner well again first now across around like including
    despite beyond towards toward alongside amongst versus vs plus instead work works worked help helps helped go goes went
    happen happened perform performed succeed succeeded start started begin began fail failed change changed evolve
    evolved develop developed operate operated run ran improve improved look looks mean means affect compare ahead back
    away""".split())
_NOUN_ENDINGS = ("ment", "tion", "sion", "ance", "ence", "ing", "ity", "ness", "s")  # "to treatment": a noun
_COMPOUND_FIRST = frozenset("back front".split())  # never a noun alone, but the start of one: "back office", "front door"
_HEADS = frozenset("""strategy strategies service services model models network networks plan plans programme
    programmes function functions hub hubs bank banks office offices team teams unit units contract contracts scheme
    schemes""".split())  # "estates strategy"
_DESCRIBED = frozenset("someone somebody something anyone anybody anything nobody nothing".split())  # "someone impartial"
_AUXILIARIES = frozenset("did do does have has had can could should would will might are were was is".split())
_QUESTION_WORDS = frozenset("how what why when where which who".split())
_TAKES_TO = frozenset("how done do did able want wanted need needed try tried trying used ways way together jointly "
                      "decided agreed managed helped".split())
_PLURAL_SUBJECTS = frozenset("trusts collaboratives providers others we they you i organisations partners partnerships "
                             "leaders systems icss icbs people teams hospitals boards groups alliances anyone".split())
_SUBJECTS = frozenset("collaborative trust provider system partnership board group alliance organisation icb ics team "
                      "hospital network".split())
_NOT_IN_A_TOPIC = STOPWORDS | _NOT_A_NOUN | _SUBJECTS | _PLURAL_SUBJECTS  # between an article and the topic
_DETERMINERS = frozenset("the a an any one our their your this that some each".split())
