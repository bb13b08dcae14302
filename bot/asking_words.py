"""The words a question asks with, not what it asks about (pure): what went wrong, the pitfalls and barriers,
a complaint's words, the verbs of trying and facing, and the words of working together that every question to
peerbot shares. `asks_about_collaborating(text)`: only these words, one of them asking. `topic_terms(text)` is
a question's content words less these: none for "What went wrong when trusts tried to work together?" (it asks
about collaboration itself), "merged pathology services" for "What went wrong when trusts merged their
pathology services?"."""

from __future__ import annotations

from index import content_terms

# asking what went wrong, was hard or is to be avoided, or complaining, or what someone tried, faced or made
ASKING = frozenset("""wrong went go goes going gone mistake mistakes misstep missteps fail fails failed failing failure
    failures pitfall pitfalls regret regrets regretted barrier barriers obstacle obstacles challenge challenges
    challenging difficulty difficulties difficult problem problems issue issues struggle struggles struggled struggling
    setback setbacks hurdle hurdles lesson lessons learn learned learnt avoid avoiding avoided worst badly tricky
    nightmare mess disaster frustrating frustrated fed honestly really still try tried tries trying attempt attempted
    attempts face faced facing hit encounter encountered experienced make made get got happen happened start started
    starting began begin differently work worked works didn doesn don wasn hasn isn haven weren main biggest big common
    key typical""".split())
# working together: the words of every question to peerbot and of the scope's framings (`bot.scope.TOPIC_FRAMINGS`)
COLLABORATING = frozenset("""nhs trust trusts provider providers collaborative collaboratives collaboration
    collaborations collaborate collaborated collaborating together jointly working partnership partnerships partner
    partners organisation organisations system systems ics icss leader leaders others""".split())


def asking_word(word: str) -> bool:
    """Whether a (lowercase) word only asks, complains or names working together: never a topic."""
    return word in ASKING or word in COLLABORATING


def topic_terms(text: str) -> list[str]:
    """The content words of `text` that name what it asks about: [] when it asks only about collaboration
    itself, its difficulties, failures and lessons ("what mistakes did trusts make when they started
    collaborating?")."""
    return [term for term in content_terms(text) if not asking_word(term)]


def asks_about_collaborating(text: str) -> bool:
    """Whether `text` asks what went wrong, was hard or is to be avoided in working together, and about
    nothing else: an asking word (ASKING) and no topic word. Not "IT systems" (no asking word: a terse
    topic whose acronym is no content word), nor "How do trusts collaborate?"."""
    terms = content_terms(text)
    return any(term in ASKING for term in terms) and not any(not asking_word(term) for term in terms)
