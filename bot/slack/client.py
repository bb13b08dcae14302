"""Slack's Web API client as peerbot uses it: every way Slack (or what stands in its place) can
answer badly ends as a `SlackClientError`, never as another exception from inside the SDK.

- An answer that is JSON but not an object (a list, text, a number, null) is a failed call, like
  an empty or HTML answer (the SDK's own check reads it with `.get` and raises AttributeError).
- An answer labelled JSON that is not (cut short, HTML) is `UnreadableAnswer`: the SDK's own
  SlackApiError for it carries aiohttp's response where a SlackResponse belongs, so reading its
  error code raised AttributeError. So is one whose bytes are not UTF-8, that is nested past
  Python's parser, or that holds an integer of over 4,300 digits (the SDK let aiohttp's
  UnicodeDecodeError, RecursionError or Python's ValueError out).
- An object whose `ok` is not true or false (the text "false", a number, null) is a failed call
  whose outcome is unknown, as one without `ok`: the SDK took any truthy `ok` for success, so
  `{"ok": "false"}` counted as posted and the answer was lost.
- A 429 is retried after its Retry-After, read as seconds or as an HTTP date; one that is missing
  or unreadable waits a second (the SDK's own handler raises ValueError on a date, on words and on
  a fraction). A client may cap the waits of one call (`most_wait`): a 429 asking for more answers the
  call, for its caller to wait out elsewhere.
"""

from __future__ import annotations

import asyncio
import math
import random

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.service import retry_after_seconds


class RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """Slack's 429 retried after the wait its Retry-After asks for (read by `retry_after_seconds`), while
    the waits of one call add up to at most `most_wait` seconds: a longer one is not waited out here
    (holding a worker past its post's time limit) but answers the call with the 429, whose Retry-After
    its caller passes on (the inbox waits it out before the next try: bot/slack/posting.py)."""

    def __init__(self, max_retry_count: int, most_wait: float = math.inf):
        super().__init__(max_retry_count=max_retry_count)
        self.most_wait = most_wait

    async def _can_retry_async(self, *, state, request, response=None, error=None) -> bool:
        if not await super()._can_retry_async(state=state, request=request, response=response, error=error):
            return False
        assert response is not None  # a 429 answer
        header = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
        wait = retry_after_seconds((header[0] if header else None) if isinstance(header, list) else header)
        kept = state.custom_values = state.custom_values or {}
        if kept.get("waited", 0.0) + wait > self.most_wait:
            return False
        kept["wait"], kept["waited"] = wait, kept.get("waited", 0.0) + wait
        return True

    async def prepare_for_next_attempt_async(self, *, state, request, response=None, error=None) -> None:
        state.next_attempt_requested = True
        await asyncio.sleep(state.custom_values["wait"] + random.random() / 2)
        state.increment_current_attempt()


class UnreadableAnswer(SlackClientError):
    """Slack answered with a body labelled JSON that is not JSON: the call may have been carried out."""


class SlackClient(AsyncWebClient):
    """AsyncWebClient whose failed calls are always SlackApiError with Slack's answer (or the SDK's
    other client errors, or UnreadableAnswer)."""

    async def _request(self, *, http_verb, api_url, req_args) -> dict:
        try:
            response = await super()._request(http_verb=http_verb, api_url=api_url, req_args=req_args)
        except SlackApiError as e:
            if isinstance(e.response, AsyncSlackResponse | dict):
                raise
            status = getattr(e.response, "status", "?")
            raise UnreadableAnswer(f"HTTP {status} with a body that is not JSON") from None
        except UnicodeDecodeError:  # aiohttp decodes the body before the SDK parses it
            raise UnreadableAnswer("an answer whose bytes are not UTF-8") from None
        except RecursionError:  # JSON nested deeper than Python's parser goes
            raise UnreadableAnswer("an answer nested too deeply to read") from None
        except ValueError:  # an integer of over 4,300 digits: Python's limit, not a JSONDecodeError
            raise UnreadableAnswer("an answer holding a number too long to read") from None
        data = response.get("data")
        if not isinstance(data, dict | bytes):  # JSON but not an object, or text
            response = {**response, "data": {}}  # the SDK's check then raises SlackApiError, as for no answer
        elif isinstance(data, dict) and not isinstance(data.get("ok"), bool) and "ok" in data:
            response = {**response, "data": {**data, "ok": False}}  # the SDK's check raises SlackApiError
        return response
