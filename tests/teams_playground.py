"""Driving the Microsoft 365 Agents Playground (npm `@microsoft/m365agentsplayground`, pinned in
package.json) from tests: start it pointed at peerbot, talk through its conversation API, and read
the bot's replies from its WebSocket stream.

The Playground's API is not a published contract: when an upgrade changes it, these helpers fail
with a message saying so, never skip.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import subprocess
import threading
from contextlib import AsyncExitStack
from pathlib import Path

import aiohttp
from teams_doubles import free_port, teams_server

ROOT = Path(__file__).resolve().parent.parent
PLAYGROUND_CLI = ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
CHROMIUM = Path("/usr/bin/chromium")
REPLY_SECONDS = 90  # a loaded CI machine (two cores, xdist workers beside) can take 30 s
CONFIG_FILE = ".m365agentsplayground.yml"  # read from the Playground's working directory


class PlaygroundChanged(AssertionError):
    """The Playground did not behave as version 0.2.28 does: its API or start-up changed."""


class BackgroundServer:
    """peerbot's HTTP server with Teams mounted, on its own event loop in a thread, so a
    separate process (the Playground) can call it while the test runs."""

    def __init__(self, peerbot, settings):
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        self._stack = AsyncExitStack()
        self.url, self.bot = self._run(self._stack.enter_async_context(teams_server(peerbot, settings)))

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=60)

    def close(self) -> None:
        self._run(self._stack.aclose())
        self._loop.call_soon_threadsafe(self._loop.stop)


class Playground:
    """The Playground's server (`cli.js -e ENDPOINT -c msteams -p PORT --disable-telemetry`)."""

    def __init__(self, endpoint: str, workdir: Path, config: str = ""):
        """`config`: the text of a `.m365agentsplayground.yml` (its users with their ids and AAD
        object ids, its chats, team and channels), written into `workdir`, where the Playground
        reads it; without one it uses its built-in tenant."""
        if config:
            (workdir / CONFIG_FILE).write_text(config, encoding="utf-8")
        if not PLAYGROUND_CLI.exists():
            raise PlaygroundChanged(f"{PLAYGROUND_CLI} is missing: run `npm ci` in {ROOT} (.ci/run does)")
        command = ["node", str(PLAYGROUND_CLI), "-e", endpoint, "-c", "msteams", "-p", str(free_port()),
                   "--disable-telemetry"]
        env = {**os.environ, "TEAMSAPPTESTER_BROWSER": "none"}  # it would open a browser window
        self.process = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(lines,), daemon=True).start()
        self.url = self._wait_until_listening(lines)

    def _read(self, lines: queue.Queue) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            lines.put(line)

    def _wait_until_listening(self, lines: queue.Queue) -> str:
        while True:
            try:
                line = lines.get(timeout=90)
            except queue.Empty:
                self.close()
                raise PlaygroundChanged("the Playground never said 'Listening on PORT':\n" + "".join(self.output)) from None
            if found := re.match(r"Listening on (\d+)", line):
                return f"http://localhost:{found.group(1)}"

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class PlaygroundClient:
    """One user of the Playground: its mock tenant, conversation API and WebSocket stream."""

    def __init__(self, url: str):
        self.url = url
        self._pending: list[dict] = []

    async def __aenter__(self) -> PlaygroundClient:
        self._session = aiohttp.ClientSession()
        config = (await self._call("GET", "/_internal/v1/config"))["config"]
        try:
            self.me = config["currentUser"]["id"]
            self.bot_id = config["bot"]["id"]
            self.bot_name = config["bot"]["name"]
            self.personal_chat = config["personalChat"]["id"]
            self.group_chat = config["groupChats"][0]["id"]
            self.channel = config["teams"][0]["channels"][0]["id"]
        except (KeyError, IndexError, TypeError) as e:
            raise PlaygroundChanged(f"its /_internal/v1/config no longer has {e}: {json.dumps(config)[:500]}") from None
        self._stream = await self._session.ws_connect(self.url + "/_ws_conversation/v1/conversations/stream")
        return self

    async def __aexit__(self, *exc) -> None:
        await self._stream.close()
        await self._session.close()

    async def install(self, chat_id: str) -> None:
        """What opening the app does: an installationUpdate and a conversationUpdate to the bot."""
        await self._call("POST", f"/_debug/conversation/{chat_id}/installation", {}, expect_json=False)

    async def say(self, conversation_id: str, text: str, *, mention: bool = False, user: str = "") -> str:
        """Send a message as `user` (a Playground user id; the current user by default); returns the
        conversation the bot replies in (a channel's new thread)."""
        body = {"from": {"id": user or self.me}, "text": text, "textFormat": "plain"}
        if mention:
            at = f"<at>{self.bot_name}</at>"
            body |= {"text": f"{at} {text}", "mentions": [{"mentioned": {"id": self.bot_id}, "text": at}]}
        sent = await self.send(conversation_id, body)
        return sent.get("postConversationId") or conversation_id

    async def send(self, conversation_id: str, body: dict) -> dict:
        """Post a user message (`body`: from, text, textFormat, mentions); returns the Playground's
        answer (its messageId, and postConversationId for a channel's new post)."""
        sent = await self._call("POST", f"/_conversation/v1/conversations/{conversation_id}/messages", body)
        if "messageId" not in sent:
            raise PlaygroundChanged(f"sending a message answered {sent}")
        return sent

    async def click(self, conversation_id: str, reply: dict, data: dict, verb: str, *, user: str = "") -> dict:
        """Press an Action.Execute button on a bot message as `user` (a Playground user id; the
        current user by default); returns the invoke response. A card's inputs go in `data`."""
        body = {"name": "adaptiveCard/action", "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}},
                "from": {"id": user or self.me}, "conversation": {"id": conversation_id}, "replyToId": reply["messageId"]}
        return await self._call("POST", "/_conversation/v1/invoke", body)

    async def message_action(self, conversation_id: str, name: str, value: dict, *, user: str = "") -> dict:
        """A messaging extension's invoke (`composeExtension/fetchTask` or `.../submitAction`, as its
        "..." menu on a message sends them); returns the bot's {task, composeExtension}."""
        body = {"name": name, "value": value, "from": {"id": user or self.me}, "conversation": {"id": conversation_id}}
        return await self._call("POST", "/_conversation/v1/invoke", body)

    async def custom_activity(self, conversation_id: str, changes: dict) -> None:
        """The Playground's "custom activity" (its route for activities its UI cannot make): its
        template for the conversation (from the current user) with `changes` merged in, sent to the
        bot. The Playground does not return the bot's answer."""
        template = await self._call("GET", f"/_internal/v1/customActivities/template?conversationId={conversation_id}")
        if not isinstance(template, dict) or "serviceUrl" not in template:
            raise PlaygroundChanged(f"its custom activity template is no longer an activity: {str(template)[:500]}")
        await self._call("POST", "/_internal/v1/customActivities", {**template, **changes}, expect_json=False)

    async def reply(self, conversation_id: str) -> dict:
        """The bot's next message in a conversation, from the WebSocket stream."""
        deadline = asyncio.get_running_loop().time() + REPLY_SECONDS
        while True:
            for event in self._pending:
                if event.get("actionConversationId") == conversation_id:
                    self._pending.remove(event)
                    return _bot_message(event, self.bot_id)
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise PlaygroundChanged(f"no bot message in {conversation_id} over the WebSocket within "
                                        f"{REPLY_SECONDS}s; other events: {self._pending}")
            try:
                frame = await self._stream.receive(timeout=left)
            except TimeoutError:
                continue
            if frame.type != aiohttp.WSMsgType.TEXT:
                raise PlaygroundChanged(f"its WebSocket stream sent {frame.type}: {frame.data}")
            event = json.loads(frame.data)
            if event.get("action") == "createMessage":
                self._pending.append(event)

    async def _call(self, method: str, path: str, body: dict | None = None, *, expect_json: bool = True):
        async with self._session.request(method, self.url + path, json=body) as response:
            text = await response.text()
            if response.status != 200:
                raise PlaygroundChanged(f"{method} {path} answered {response.status}: {text[:500]}")
            return json.loads(text) if expect_json else text


def _bot_message(event: dict, bot_id: str) -> dict:
    message = event.get("message")
    if not isinstance(message, dict) or message.get("from", {}).get("id") != bot_id or "messageId" not in message:
        raise PlaygroundChanged(f"a createMessage event no longer looks like a bot message: {json.dumps(event)[:500]}")
    return message


def card(message: dict) -> dict:
    """The Adaptive Card a bot message carries."""
    attachments = message.get("attachments") or []
    cards = [a["content"] for a in attachments if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]
    assert cards, f"expected an Adaptive Card, got {json.dumps(message)[:500]}"
    return cards[0]


SCREENSHOT_SCRIPT = """
const { chromium } = require('playwright-core');
const [url, question, screenshot, chromiumPath] = process.argv.slice(1);
(async () => {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 3000 } });
    await page.goto(url);
    const compose = page.locator('[role="textbox"][contenteditable="true"]');
    await compose.waitFor({ timeout: 90000 });
    await compose.click();
    await page.keyboard.type(question);
    await page.keyboard.press('Enter');
    const answer = page.locator('.ac-adaptiveCard').filter({ hasText: 'People who have done this' }).last();
    await answer.waitFor({ timeout: 90000 });
    await answer.scrollIntoViewIfNeeded();
    await answer.screenshot({ path: screenshot });
    console.log(JSON.stringify({ text: await answer.innerText() }));
  } finally {
    await browser.close();
  }
})().catch(error => { console.error(error); process.exit(1); });
"""


def screenshot_answer(playground_url: str, question: str, path: Path) -> str:
    """Ask through the Playground's web page in headless Chromium; saves the answer card as a PNG
    and returns its text."""
    if not CHROMIUM.exists():
        raise AssertionError(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    result = subprocess.run(
        ["node", "-e", SCREENSHOT_SCRIPT, playground_url, question, str(path), str(CHROMIUM)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0:
        raise PlaygroundChanged(f"driving the Playground's page failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])["text"]
