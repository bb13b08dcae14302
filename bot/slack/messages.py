"""What peerbot says in Slack beyond the shared phrases in `bot.messages`, in one place.

Functions that take text expect it already escaped for Slack mrkdwn (see `bot.slack.block_kit.escape`).
"""

from __future__ import annotations

from bot.messages import apology, feedback_not_recorded  # noqa: F401 (shared wording)

HELPFUL = "Helpful"
NOT_HELPFUL = "Not helpful"
SHARE = "Share in channel"
WATCH = "Tell me when someone answers this"


def peer_usage() -> str:
    return (
        "*Ask peerbot what peers have learned.*\n"
        "`/peer how did others build trust between boards?` shows the answer only to you, with a button to "
        "share it in the channel.\n"
        "It works in any conversation, even one I'm not in. You can also mention me in a channel I've been added "
        "to (`@peerbot your question`) or use *Ask peerbot* from any message's menu.\n"
        "`/enabler` lists the enablers of collaboration and `/enabler NAME` summarises one. `/lesson` or *Save as "
        "lesson* in a message's menu shares a lesson your collaborative learned (a curator reviews it first)."
    )


_DIGEST_FIXES = {
    "not_in_channel": "invite peerbot to the channel: /invite @peerbot",
    "channel_not_found": "check the channel id in DIGEST_CHANNELS (a private channel needs peerbot invited)",
    "is_archived": "the channel is archived: unarchive it or take it out of DIGEST_CHANNELS",
    "invalid_auth": "check SLACK_BOT_TOKEN", "not_authed": "check SLACK_BOT_TOKEN",
    "token_revoked": "peerbot's token was revoked: reinstall the app and set SLACK_BOT_TOKEN",
    "account_inactive": "peerbot's token was revoked: reinstall the app and set SLACK_BOT_TOKEN",
}


def digest_failure(reason: str) -> str:
    """Why a digest post failed, with what to do when Slack's error code says (not_in_channel)."""
    fix = _DIGEST_FIXES.get(reason)
    return f"Slack answered {reason}" + (f": {fix}" if fix else "")


def enabler_usage_hint() -> str:
    return "Type `/enabler NAME` (for example `/enabler building trust`) for a summary of one enabler."


def feedback_thanks(helpful: bool) -> str:
    return "Thanks for the feedback: marked as *helpful*." if helpful else (
        "Thanks for the feedback: marked as *not helpful*. It helps us find gaps in the lessons."
    )


def not_taken_now() -> str:
    """A command that could not be recorded (peerbot's records database is unavailable)."""
    return "Sorry, I can't take that just now. Please send it again in a minute."


def not_recorded_now() -> str:
    """A click or form that could not be recorded (peerbot's records database is unavailable)."""
    return "Sorry, I couldn't record that just now. Please try again in a minute."


def still_starting() -> str:
    return "I'm just starting up and can't share that yet. Please try again in a minute."


def queued_while_starting() -> str:
    """A `/peer` or `/enabler` recorded while `peerbot serve` starts: the answer follows once it is ready."""
    return "I'm just starting up. I have your request and will answer it here as soon as I'm ready."


def starting_try_again() -> str:
    """A command that cannot wait (it opens a form) sent while `peerbot serve` starts."""
    return "I'm just starting up and can't do that yet. Please try again in a minute."


def you_asked(question: str) -> str:
    return f"*You asked:* {question}"


def shared_by(user_id: str, question: str) -> str:
    return f"<@{user_id}> shared peerbot's answer to: {question}"


def cannot_post_here() -> str:
    return (
        "I can't post in this conversation: I only post where I've been added. Invite me first "
        "(`/invite @peerbot`), or ask me with `/peer`."
    )


def shortcut_without_text() -> str:
    return "That message has no text I can answer. Try *Ask peerbot* on a message with a question in it."


def home_intro() -> str:
    return (
        "*peerbot helps NHS provider collaboratives learn from peers who have done it.* Ask how others did "
        "something and I answer with short quotations from a lessons-learned library, each with its source, "
        "plus the people who did the work. When the lessons don't cover a question, I say so rather than guess."
    )


def home_how_to_ask() -> str:
    return (
        "*How to ask*\n"
        "• Mention me in a channel: `@peerbot how did others build trust between boards?` (I answer in the thread; "
        "mention me again in the thread for a follow-up)\n"
        "• `/peer QUESTION` in any conversation: an answer only you can see, which you can share\n"
        "• `/enabler NAME`: a summary of one enabler; `/enabler` lists them all\n"
        "• *Ask peerbot* in any message's menu: answers that message in its thread\n"
        "• `/lesson` or *Save as lesson* in a message's menu: share a lesson your collaborative learned (a curator "
        "reviews it before anyone sees it)\n"
        "Once a week I post a digest in the channels chosen for it: new lessons, what people asked, and the "
        "questions still waiting for a lesson."
    )


def corpus_size(documents: int, passages: int) -> str:
    return f"The library: {documents} {'document' if documents == 1 else 'documents'}, {passages} passages."


def share_unavailable() -> str:
    return "Sorry, I can't share that answer: I no longer know which question it answered. Please ask again."


def watching() -> str:
    return "I'll send you a direct message when a peer's lesson answers this. Only you and peerbot know you asked."


def watch_expired() -> str:
    return "I no longer have that question (records are kept for a limited time), so I can't tell you about answers."
