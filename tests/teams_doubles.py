"""Local doubles for the Teams tests: the Bot Framework connector service, peerbot's HTTP server
with Teams mounted, and Bot Framework activities as Teams sends them."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web
from slack_double import free_port as free_port  # one way to a port; the Teams tests import it from here

from bot.http_server import create_app
from bot.service import Peerbot
from bot.settings import Settings
from bot.state import StateStore
from bot.teams.app import TeamsBot, mount_teams

BOT_ID = "28:peerbot-app-id"
USER = {"id": "29:user-1", "name": "Sam Example", "aadObjectId": "00000000-0000-0000-0000-000000000001"}
TENANT = {"id": "00000000-0000-0000-0000-0000000000aa"}
TEAM = "19:team-a-general@thread.tacv2"  # a team is known by its General channel's id


@dataclass(frozen=True)
class Post:
    """One call the bot made to the connector: POST /v3/conversations/{id}/activities[/{reply_to}]."""

    conversation_id: str
    reply_to: str | None
    activity: dict
    authorization: str | None
    at: float = field(default_factory=time.perf_counter)  # when the double received it


async def _serve(app: web.Application, shutdown_seconds: float = 60.0) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, shutdown_timeout=shutdown_seconds)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, runner.addresses[0][1]


class ConnectorDouble:
    """A stand-in for the connector service at `serviceUrl`, recording every activity the bot sends."""

    def __init__(self):
        self.posts: list[Post] = []
        self.refused: list[Post] = []  # calls answered with an injected failure
        self.failures: list[int] = []  # HTTP statuses for the next calls, in order
        self.faults: list[dict] = []  # `fault`s for the next calls, in order (after `failures`)
        self.held: list[Post] = []  # calls received and not answered until `release`
        self.opened: list[dict] = []  # create-conversation calls answered (their ConversationParameters)
        self._release = asyncio.Event()
        self._closing = asyncio.Event()  # a "slow" answer still waiting ends as the double stops
        self.url = ""
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> ConnectorDouble:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._open)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._receive)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._receive)
        self._runner, port = await _serve(app)
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc) -> None:
        self._release.set()  # calls still held end now, not at aiohttp's 60 s shutdown limit
        self._closing.set()
        await self._runner.cleanup()

    def fail(self, *statuses: int) -> None:
        """Answer the next calls with these HTTP statuses (e.g. 500, 503), one each."""
        self.failures.extend(statuses)

    async def wait_for_posts(self, count: int = 1, timeout: float = 60) -> list[Post]:
        """The posts, once there are `count` (a reply is posted after its message is acknowledged)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.posts) < count:
            if loop.time() > deadline:
                raise AssertionError(f"{len(self.posts)} posts came, not {count}")
            await asyncio.sleep(0.05)
        return self.posts

    def release(self) -> None:
        """Answer the calls a "hold" fault keeps waiting (and any later ones at once)."""
        self._release.set()

    def fault(self, kind: str, *, status: int = 200, body: bytes = b"", content_type: str = "application/json",
              seconds: float = 0.0, headers: dict[str, str] | None = None) -> None:
        """The next call fails otherwise: "drop" (the connection closes, nothing delivered), "slow"
        (delivered, answered after `seconds`), "hold" (not delivered, and not answered until `release`
        or the bot goes away: a connector that never got to it) or "body" (`status` with `body` as it
        is: delivered when the status is 2xx, as a connector whose answer alone is broken)."""
        self.faults.append({"kind": kind, "status": status, "body": body, "content_type": content_type,
                            "seconds": seconds, "headers": headers or {}})

    async def _open(self, request: web.Request) -> web.Response:
        """POST /v3/conversations: a 1:1 chat with the member named (Teams gives back the one there is),
        or the next injected failure or fault (as for a post: `fail`, `fault`)."""
        parameters = await request.json()
        if self.failures or self.faults:
            return await self._receive(request, Post("", None, parameters, request.headers.get("Authorization")))
        self.opened.append(parameters)
        return web.json_response({"id": f"a:personal-{parameters['members'][0]['id']}"}, status=201)

    async def _receive(self, request: web.Request, post: Post | None = None) -> web.Response:
        post = post or Post(request.match_info["conversation"], request.match_info.get("reply_to"),
                            await request.json(), request.headers.get("Authorization"))
        if self.failures:
            self.refused.append(post)
            status = self.failures.pop(0)
            return web.json_response({"error": {"code": "ServiceError", "message": "injected"}}, status=status)
        if self.faults:
            fault = self.faults.pop(0)
            if fault["kind"] == "drop":
                self.refused.append(post)
                request.transport.close()
                return web.Response()
            if fault["kind"] == "hold":
                self.held.append(post)
                await self._release.wait()
                return web.json_response({"error": {"code": "ServiceError", "message": "held"}}, status=503)
            (self.posts if fault["kind"] == "slow" or fault["status"] < 300 else self.refused).append(post)
            if fault["kind"] == "slow":
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), fault["seconds"])
                return web.json_response({"id": f"reply-{next(self._ids)}"})
            return web.Response(status=fault["status"], body=fault["body"], content_type=fault["content_type"],
                                headers=fault["headers"])
        self.posts.append(post)
        return web.json_response({"id": f"reply-{next(self._ids)}"})


@asynccontextmanager
async def teams_server(peerbot: Peerbot, settings: Settings,
                       shutdown_seconds: float = 60.0) -> AsyncIterator[tuple[str, TeamsBot]]:
    """peerbot's aiohttp app with Teams mounted (and its inbox running), on a free port: yields
    (messages URL, bot). `shutdown_seconds`: how long a request under way may run on as it stops
    (then it is cancelled, as a killed process's would end)."""
    app = create_app()
    bot = mount_teams(app, peerbot, settings)
    app.on_startup.append(lambda _app: peerbot.start())
    app.on_shutdown.append(lambda _app: peerbot.stop())
    runner, port = await _serve(app, shutdown_seconds)
    try:
        yield f"http://127.0.0.1:{port}/api/messages", bot
    finally:
        await runner.cleanup()


def chat_card_texts(settings: Settings, corpus, data_dir, texts: list[str], *, one_chat: bool = False) -> list[list[str]]:
    """Each text sent over HTTP as a Teams personal-chat message to a server around `corpus` (each in a chat of its
    own, or all in one: `one_chat`), answered in turn; the TextBlocks of each reply's card, or its text."""
    peerbot = Peerbot(corpus, StateStore(data_dir / "state.db"))
    settings = dataclasses.replace(settings, data_dir=data_dir, teams_allow_anonymous=True)

    async def run():
        async with ConnectorDouble() as connector, teams_server(peerbot, settings) as (url, _bot):
            for n, text in enumerate(texts):
                chat = "a:chat-0" if one_chat else f"a:chat-{n}"
                status, _ = await send(url, message(connector.url, text, conversation=chat, activity_id=f"m{n}"))
                assert status in (200, 202)
                assert await peerbot.drain(120)
            return connector.posts

    posts = asyncio.run(run())
    assert len(posts) == len(texts)
    return [[b["text"] for b in _text_blocks(p.activity.get("attachments") or []) if b.get("text")]
            or [p.activity.get("text", "")] for p in posts]  # a reply of text alone ("I can't tell what …")


def _text_blocks(node) -> list[dict]:
    if isinstance(node, dict):
        return ([node] if node.get("type") == "TextBlock" else []) + [b for v in node.values() for b in _text_blocks(v)]
    return [b for v in node for b in _text_blocks(v)] if isinstance(node, list) else []


async def send(url: str, activity: dict, token: str | None = None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as session, session.post(url, json=activity, headers=headers) as response:
        return response.status, await response.text()


def converse(peerbot: Peerbot, settings: Settings,
             *activities: Callable[[str], dict]) -> tuple[list[tuple[int, str]], ConnectorDouble]:
    """POST each activity (made from the connector double's URL) to `teams_server` in turn, each once the
    one before is answered (replies are posted after the acknowledgement): the HTTP results and the double."""
    async def run() -> tuple[list[tuple[int, str]], ConnectorDouble]:
        async with ConnectorDouble() as double, teams_server(peerbot, settings) as (url, _bot):
            results = []
            for make in activities:
                results.append(await send(url, make(double.url)))
                assert await peerbot.drain(60)
            return results, double
    return asyncio.run(run())


_activity_ids = itertools.count(1000)


def message(service_url: str, text: str, *, conversation: str = "a:personal-chat", kind: str = "personal",
            mention: bool = False, activity_id: str | None = None, team: str | None = TEAM,
            channel_type: str | None = None) -> dict:
    """A message as Teams delivers it; `mention` puts `<at>peerbot</at>` in front, with its entity. In a
    channel, channelData names its team and channel (`channel_type` "private" or "shared" for those)."""
    activity = _base("message", service_url, conversation, kind, activity_id)
    if kind == "channel":
        channel = {"id": conversation.split(";", 1)[0], **({"type": channel_type} if channel_type else {})}
        activity["channelData"] |= {"channel": channel, **({"team": {"id": team}} if team else {})}
    activity["text"] = f"<at>peerbot</at> {text}" if mention else text
    if mention:
        activity["entities"] = [{"type": "mention", "text": "<at>peerbot</at>", "mentioned": {"id": BOT_ID, "name": "peerbot"}}]
    return activity


def feedback(service_url: str, question_id: str, helpful: bool, activity_id: str | None = None) -> dict:
    activity = _base("invoke", service_url, "a:personal-chat", "personal", activity_id)
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {"action": {"type": "Action.Execute", "verb": "peerbot.feedback",
                                    "data": {"question_id": question_id, "helpful": helpful}}}
    return activity


def card_action(service_url: str, verb: str, data: dict, *, user: dict | None = None,
                conversation: str = "a:personal-chat", kind: str = "personal", activity_id: str | None = None) -> dict:
    """An Adaptive Card's Action.Execute, as Teams invokes it (the card's inputs merged into `data`)."""
    activity = _base("invoke", service_url, conversation, kind, activity_id)
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    if user is not None:
        activity["from"] = user
    return activity


def message_action(service_url: str, name: str, text_html: str, data: dict | None = None, *,
                   author: str = "00000000-0000-0000-0000-0000000000a2", command: str = "saveLesson",
                   conversation: str = "19:collab-leads@thread.tacv2;messageid=1700000000000") -> dict:
    """A message action ("Save as lesson" in a message's menu), as Teams invokes it: `name` is
    composeExtension/fetchTask (opening the dialog) or composeExtension/submitAction (its form)."""
    activity = _base("invoke", service_url, conversation, "channel", None)
    activity["name"] = name
    activity["value"] = {
        "commandId": command, "commandContext": "message",
        "messagePayload": {"id": "1700000000000", "messageType": "message",
                           "body": {"contentType": "html", "content": text_html},
                           "from": {"user": {"userIdentityType": "aadUser", "id": author, "displayName": "Alex Author"}}},
        **({"data": data} if data is not None else {}),
    }
    return activity


def task_invoke(service_url: str, name: str, data: dict, *, user: dict | None = None,
                conversation: str = "19:collab-leads@thread.tacv2;messageid=1700000000000") -> dict:
    """A dialog (task module) opened from a card's `task/fetch` Action.Submit, or submitted: `name` is
    task/fetch or task/submit, `data` the action's data (with the form's inputs, on submit)."""
    activity = _base("invoke", service_url, conversation, "channel", None)
    activity["name"] = name
    activity["value"] = {"data": data, "context": {"theme": "default"}}
    if user is not None:
        activity["from"] = user
    return activity


def installation(service_url: str, action: str, conversation: str = "19:general@thread.tacv2") -> dict:
    activity = _base("installationUpdate", service_url, conversation, "channel", None)
    activity["action"] = action
    activity["channelData"] = {"team": {"id": conversation, "name": "Collaboration leads"}, "tenant": TENANT}
    return activity


def members(service_url: str, *, added: bool, conversation: str = "a:personal-chat") -> dict:
    activity = _base("conversationUpdate", service_url, conversation, "personal", None)
    activity["membersAdded" if added else "membersRemoved"] = [{"id": BOT_ID}]
    return activity


def _base(kind: str, service_url: str, conversation: str, conversation_type: str, activity_id: str | None) -> dict:
    return {
        "type": kind,
        "id": activity_id or str(next(_activity_ids)),
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": USER,
        "recipient": {"id": BOT_ID, "name": "peerbot"},
        "conversation": {"id": conversation, "conversationType": conversation_type, "tenantId": TENANT["id"]},
        "channelData": {"tenant": TENANT},
    }
