"""What peerbot says in Microsoft Teams beyond the shared phrases in `bot.messages`, in one place.

Text here is Teams markdown (cards' TextBlocks and plain messages render it).
"""

from __future__ import annotations

from bot.messages import apology, feedback_not_recorded  # noqa: F401 (shared wording)

HELPFUL = "Helpful"
WATCH = "Tell me when someone answers this"
NOT_HELPFUL = "Not helpful"


def usage() -> str:
    return (
        "**Ask peerbot what peers have learned.** I answer with short quotations from a lessons-learned "
        "library, each with its source, plus the people who did the work. When the lessons don't cover a "
        "question, I say so rather than guess.\n\n"
        "- In a chat with me, just type your question: *how did others build trust between boards?*\n"
        "- In a channel or group chat, mention me: *@peerbot how did others build trust between boards?* "
        "(I answer in the thread)\n"
        "- **enabler NAME** summarises one enabler of collaboration, for example *enabler building trust*\n"
        "- **enablers** lists them all; **lesson** opens a form to share a lesson your collaborative learned, "
        "as does **Save as lesson** in a message's *More actions* menu (a curator reviews it first); **help** "
        "shows this message\n"
        "- Once a week I post a digest in the chats and channels chosen for it: new lessons, what people asked, "
        "and the questions still waiting for a lesson"
    )


def enabler_usage_hint() -> str:
    return "Type **enabler NAME** (for example *enabler building trust*) for a summary of one enabler."


def feedback_thanks(helpful: bool) -> str:
    return "Thanks for the feedback: marked as helpful." if helpful else (
        "Thanks for the feedback: marked as not helpful. It helps us find gaps in the lessons."
    )


def button_without_data() -> str:
    """A card button pressed without the question it belongs to (peerbot's own cards always carry it)."""
    return ("Sorry, that button didn't say which answer it belongs to, so nothing was recorded. "
            "Ask your question again for an answer you can rate.")


def too_long_for_a_card() -> str:
    return "(The full answer is too long for a Teams card, so here it is as text.)"


APP_NAME = "peerbot"
APP_FULL_NAME = "peerbot: learn from peers who have done it"
APP_SHORT_DESCRIPTION = "Cited lessons from NHS provider collaboratives, and the people who did it."
APP_FULL_DESCRIPTION = (
    "Ask peerbot how other NHS provider collaboratives did something, for example how they built trust "
    "between boards. It answers with short quotations from a lessons-learned library, each with its source, "
    "plus the people and collaboratives who did the work and why they are relevant. When the lessons don't "
    "cover a question, it says so rather than guess. Type 'enabler NAME' for a summary of one enabler of "
    "collaboration, 'enablers' for the list, 'lesson' to share a lesson your collaborative learned, or 'help'."
)
SAVE_AS_LESSON = "Save as lesson"
SAVE_AS_LESSON_DESCRIPTION = "Save what this message teaches as a lesson, for a curator to review"
COMMANDS = (
    ("help", "What peerbot does and how to ask"),
    ("enablers", "List the enablers of provider collaboration"),
    ("enabler", "enabler NAME: a summary of one enabler, e.g. enabler building trust"),
    ("lesson", "lesson [TITLE]: share a lesson your collaborative learned; a curator reviews it"),
)


def anonymous_warning() -> str:
    """What `peerbot serve` prints, loudly, when TEAMS_ALLOW_ANONYMOUS is on."""
    rule = "!" * 78
    return "\n".join([
        rule,
        "!! WARNING: Teams is running WITHOUT AUTHENTICATION (TEAMS_ALLOW_ANONYMOUS=1).",
        "!! Anyone who can reach POST /api/messages can use peerbot, and replies go to whatever",
        "!! serviceUrl a request names. For local development with the Agents Playground only:",
        "!! never expose this port. In production set the three CONNECTIONS__SERVICE_CONNECTION__",
        "!! SETTINGS__ variables (CLIENTID, CLIENTSECRET, TENANTID) and unset TEAMS_ALLOW_ANONYMOUS.",
        rule,
    ])


def test_connectors_warning(connectors: str) -> str:
    """What `peerbot serve` prints when PEERBOT_TEAMS_TEST_CONNECTORS lets replies go to this machine."""
    return (f"peerbot: warning: PEERBOT_TEAMS_TEST_CONNECTORS={connectors} lets Teams activities name, and replies "
            "go to, these connector doubles on this machine besides Microsoft's: for tests only, unset it in production")


def exposed_warning(host: str) -> str:
    """One line when anonymous Teams listens beyond this machine (HOST set to such an address)."""
    return (f"peerbot: warning: HOST={host} makes anonymous Teams (TEAMS_ALLOW_ANONYMOUS=1) reachable beyond this "
            "machine: anyone who reaches the port can use peerbot; unset HOST or set HOST=127.0.0.1")


def watching() -> str:
    return "I'll message you here when a peer's lesson answers this."


def watch_expired() -> str:
    return "I no longer have that question (records are kept for a limited time), so I can't tell you about answers."
