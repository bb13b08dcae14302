"""Who a digest is for, and so which questions it may quote.

A digest posted in a Slack workspace or a Teams team quotes only questions asked in that
workspace's public channels (that team's standard channels). Questions asked privately there are
never quoted, only counted when they had no answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from collections.abc import Iterable

from bot.places import is_public
from bot.state import LoggedQuestion, StoredConversation


@dataclass(frozen=True)
class Audience:
    workspace: str | None  # the Slack workspace or Teams team; None: every one (the operator's preview)
    related: frozenset[str] = frozenset()  # also counted privately: a team's tenant, whose chats it shares

    def quotes(self, question: LoggedQuestion) -> bool:
        """Asked in a public place of this workspace (one with no known workspace never is)."""
        same = self.workspace is None or (bool(question.workspace) and question.workspace == self.workspace)
        return is_public(question.place) and same

    def counts_privately(self, question: LoggedQuestion) -> bool:
        if is_public(question.place):
            return False
        return self.workspace is None or question.workspace in {self.workspace, *self.related} - {""}


EVERYONE = Audience(None)


def tenant_of(conversation: StoredConversation) -> str:
    return conversation.reference.get("conversation", {}).get("tenantId") or ""


def workspace_audience(workspace: str, teams_conversations: Iterable[StoredConversation]) -> Audience:
    """The audience of a digest posted in `workspace`: for a Teams team peerbot was added to, with
    its tenant (whose chats' unanswered questions it counts), as the team's own digest has."""
    tenants = {tenant_of(c) for c in teams_conversations if c.workspace == workspace}
    return Audience(workspace, frozenset(tenants - {""}))
