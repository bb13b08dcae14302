"""A fake of `bot.service.Peerbot`: the whole surface a chat adapter uses, in memory, in ~25 lines.
Canned answers, nothing stored, the inbox a dictionary of routes (a delivery runs at once)."""

from bot.answer import Answer, LoggedAnswer
from bot.service import InboxItem
from bot.summary import CorpusSize, Resolution


class FakePeerbot:
    def __init__(self, answer: Answer):
        self.answer, self.asked, self.routes, self.clicks, self.notifiers = answer, [], {}, [], {}

    def ask(self, question, delivery=""):
        self.asked.append(question)
        return LoggedAnswer(self.answer, f"q{len(self.asked)}", question.text)

    def reshare(self, question_id, text): return LoggedAnswer(self.answer, question_id, text)
    def feedback(self, question_id, helpful, platform):
        self.clicks.append((question_id, helpful))
        return True
    def claim(self, *keys): return True
    def enablers(self): return []
    def resolve_enabler(self, name): return Resolution(None)
    def identify(self, contact): return None
    def corpus_size(self): return CorpusSize(0, 0)
    def save_conversation(self, *conversation): pass
    def remove_conversation(self, conversation_id): return True
    def handle(self, kind, deliver, apologise): self.routes[kind] = deliver
    def notify_with(self, platform, send): self.notifiers[platform] = send
    async def accept(self, key, kind, payload, text): return InboxItem(key, kind, {**payload, "text": text})
    async def run(self, item, live=None): await self.routes[item.kind](item, live)
    async def posting(self, item): pass
