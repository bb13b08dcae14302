"""Where a question was asked, and so who may ever see it again.

Only a question asked in a public place (a Slack public channel, a Teams team channel) may be
quoted beyond the person who asked it, and then only to the same workspace or team. Anything
peerbot cannot tell is private: it fails safe.
"""

from __future__ import annotations

PUBLIC = "public"  # a Slack public channel, a Teams team channel
PRIVATE = "private"  # a private channel, a /peer question (only its asker saw it), or unknown
GROUP = "group"  # a Slack group DM, a Teams group chat
DM = "dm"  # a direct message with peerbot, a Teams personal chat

PLACES = (PUBLIC, PRIVATE, GROUP, DM)


def is_public(place: str) -> bool:
    return place == PUBLIC
