"""Teams under faults: a body that is not an activity (or an activity with fields of the wrong
type) gets a 400 with no traceback in the log, even in anonymous mode; bad bytes are answered; a
reply the connector refuses is sent again later through the stored conversation reference; a
question left by a dead process is answered when the server starts. The real Agents SDK app on
127.0.0.1 and a local double of the connector service."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time

import aiohttp
import pytest
from state_rows import query
from teams_doubles import ConnectorDouble, feedback, installation, message, send, teams_server

from bot.service import Peerbot, RetryPolicy
from bot.state import Inbox, StateStore
from bot.state.statements import sql
from bot.teams import payloads

FAST = RetryPolicy(delays=(0.05, 0.1), attempt_seconds=5, lease_seconds=3, poll_seconds=0.05)
CHANNEL = "19:collab-leads@thread.tacv2"


@pytest.fixture
def corpus(shared_answerer):
    """The module's one hashing-embedder index over the bundled corpus: these tests only read it."""
    return shared_answerer.corpus


@pytest.fixture
def state(tmp_path):
    return StateStore(tmp_path / "state.db")


@pytest.fixture
def peerbot(corpus, state):
    return Peerbot(corpus, state, FAST)


@pytest.fixture
def anonymous(settings):
    return dataclasses.replace(settings, teams_allow_anonymous=True)


async def post_raw(url: str, body: bytes) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.post(
            url, data=body, headers={"Content-Type": "application/json"}) as response:
        return response.status, await response.text()


def exchange(peerbot, state, settings, *bodies, settle: float = 0.0, before=None):
    """POST each body (bytes, or a function of the connector's URL giving an activity)."""
    async def run():
        async with ConnectorDouble() as double, teams_server(peerbot, settings) as (url, _bot):
            if before:
                before(double)
            results = []
            for body in bodies:
                raw = body if isinstance(body, bytes) else json.dumps(body(double.url)).encode()
                results.append(await post_raw(url, raw))
            deadline = time.monotonic() + settle
            while time.monotonic() < deadline and query(
                    state, "SELECT 1 FROM inbox WHERE status = 'pending'"):
                await asyncio.sleep(0.05)
            return results, double
    return asyncio.run(run())


def shaped(**fields):
    def make(service_url: str) -> dict:
        activity = message(service_url, "committee in common")
        activity.update(fields)
        return activity
    return make


def without(field: str):
    def make(service_url: str) -> dict:
        activity = message(service_url, "committee in common")
        activity.pop(field)
        return activity
    return make


NOT_ACTIVITIES = [
    b"[1, 2]", b'"text"', b"null", b"5", b"{}", b"{not json", b"\xff\xfe{}", b"[" * 50_000,
    shaped(type=5), shaped(type=None), shaped(conversation="x"), shaped(conversation={"id": 5}),
    shaped(conversation=None), shaped(text=5), shaped(text=["hi"]), shaped(entities="x"), shaped(entities=[5]),
    shaped(**{"from": "x"}), shaped(recipient=[]), shaped(serviceUrl=5), shaped(attachments="x"), shaped(locale=5),
    shaped(timestamp="not a date"), shaped(id=5), shaped(membersAdded="x"), shaped(channelId=[]),
    shaped(entities=[{"type": "mention", "mentioned": "nobody"}]), shaped(serviceUrl="not a url"),
    shaped(serviceUrl="ftp://connector"), without("from"), without("recipient"), without("serviceUrl"),
    without("channelId"), shaped(channelId="msteams\ud800"), shaped(id="act\udcff"), shaped(replyToId="\ud800"),
    shaped(**{"from": {"id": "29:\ud800"}}), shaped(conversation={"id": "a:\udfff", "conversationType": "personal"}),
    shaped(id="x" * 5000), shaped(replyToId="1" * 5000), shaped(serviceUrl="http://127.0.0.1/" + "p" * 5000),
    shaped(conversation={"id": "a:" + "c" * 5000, "conversationType": "personal"}),
    lambda s: {**feedback(s, "q1", True), "value": "x"}, lambda s: {**feedback(s, "q1", True), "value": {"action": []}},
    lambda s: {**feedback(s, "q1", True), "value": {"action": {"type": "Action.Execute", "verb": "peerbot.feedback",
                                                               "data": [1]}}},
]


@pytest.mark.parametrize("body", NOT_ACTIVITIES, ids=range(len(NOT_ACTIVITIES)))
def test_a_body_that_is_not_an_activity_gets_400_and_no_traceback_in_anonymous_mode(
        peerbot, state, anonymous, caplog, body):
    with caplog.at_level(logging.DEBUG):
        [(status, _)], double = exchange(peerbot, state, anonymous, body)
    assert status == 400 and double.posts == []
    assert [r.getMessage()[:80] for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()] == []


ODD_BUT_VALID = [
    shaped(text="committee \ud800 in common"), shaped(text="committee\x00 in common \udcff"),
    shaped(entities=[{"type": "mention"}]), shaped(channelData="x"), shaped(channelData={"team": "x"}),
    shaped(value=[1]), lambda s: {**installation(s, "add"), "channelData": {"team": "not an object"}},
    lambda s: {**feedback(s, "q1", True), "value": {"action": {"type": "Action.Execute", "verb": "peerbot.feedback",
                                                               "data": {"question_id": 5, "helpful": "yes"}}}},
]


@pytest.mark.parametrize("body", ODD_BUT_VALID, ids=range(len(ODD_BUT_VALID)))
def test_odd_but_valid_activities_are_handled_without_a_traceback(peerbot, state, anonymous, caplog, body):
    with caplog.at_level(logging.DEBUG):
        [(status, _)], double = exchange(peerbot, state, anonymous, body, settle=2)
    assert status in (200, 202)
    assert [r.getMessage()[:80] for r in caplog.records if r.exc_info] == []


def test_a_message_with_lone_surrogates_is_answered(peerbot, state, anonymous):
    _, double = exchange(peerbot, state, anonymous, shaped(text="committee \ud800 in common\x00"), settle=2)
    [post] = double.posts
    assert "committee in common" in json.dumps(post.activity).lower()


def test_a_reply_the_connector_refuses_is_sent_later_through_the_reference_and_once(peerbot, state, anonymous):
    thread = f"{CHANNEL};messageid=1700000000000"
    ask = lambda s: message(s, "committee in common", conversation=thread, kind="channel", mention=True,  # noqa: E731
                            activity_id="t1")
    [(status, _)], double = exchange(peerbot, state, anonymous, ask, settle=5, before=lambda d: d.fail(503, 500))
    assert status == 202  # accepted: the inbox has it
    [reply] = double.posts
    assert reply.conversation_id == thread and "committee in common" in json.dumps(reply.activity).lower()
    assert len(double.refused) == 2
    assert query(state, "SELECT status FROM inbox") == [("answered",)]


def test_a_connector_that_refuses_for_good_gets_an_apology_attempt_and_the_item_is_closed(peerbot, state, anonymous):
    _, double = exchange(peerbot, state, anonymous, lambda s: message(s, "committee in common"), settle=5,
                         before=lambda d: d.fail(403, 403))
    assert double.posts == [] and len(double.refused) == 2  # the answer, then the apology: refused for good
    assert query(state, "SELECT status FROM inbox") == [("failed",)]


def test_a_question_left_by_a_dead_process_is_answered_on_start(peerbot, state, anonymous):
    async def run():
        async with ConnectorDouble() as double:
            activity = message(double.url, "committee in common", activity_id="left-1")
            from microsoft_agents.activity import Activity

            from bot.teams.references import reply_reference

            reference = reply_reference(Activity.model_validate(activity))
            Inbox(state, owner="another-host:1:gone").accept(
                "teams:a:personal-chat:left-1", "teams.message",
                {"kind": "question", "conversation_id": "a:personal-chat", "reference": reference},
                "committee in common", lease_seconds=-1)
            async with teams_server(peerbot, anonymous):
                for _ in range(100):
                    if double.posts:
                        break
                    await asyncio.sleep(0.05)
            return double
    double = asyncio.run(run())
    [post] = double.posts
    assert post.conversation_id == "a:personal-chat" and "committee in common" in json.dumps(post.activity).lower()
    assert query(state, "SELECT status, payload FROM inbox") == [("answered", "{}")]


def test_a_redelivered_activity_is_answered_once(peerbot, state, anonymous):
    again = lambda s: message(s, "committee in common", activity_id="twice")  # noqa: E731
    results, double = exchange(peerbot, state, anonymous, again, again, settle=2)
    assert [status for status, _ in results] == [202, 202] and len(double.posts) == 1


def test_an_invoke_no_route_takes_is_a_400_not_a_501(peerbot, state, anonymous, caplog):
    """An invoke with no name, or an Action.Execute verb peerbot has no card for: a client's fault."""
    def unnamed(url: str) -> dict:
        activity = feedback(url, "q-1", True)
        activity.pop("name")
        return activity

    def unknown_verb(url: str) -> dict:
        activity = feedback(url, "q-1", True)
        activity["value"]["action"]["verb"] = "peerbot.nope"
        return activity

    results, _ = exchange(peerbot, state, anonymous, unnamed, unknown_verb)
    assert [status for status, _ in results] == [400, 400]
    assert not [r for r in caplog.records if r.exc_info]


def test_feedback_naming_a_question_id_that_is_not_text_is_refused_quietly(peerbot, state, anonymous, caplog):
    def surrogate(url: str) -> dict:
        activity = feedback(url, "q-1", True)
        activity["value"]["action"]["data"]["question_id"] = "\ud800x"
        return activity

    raw = json.dumps(surrogate("http://127.0.0.1:1")).encode()  # json.dumps escapes the lone surrogate
    results, _ = exchange(peerbot, state, anonymous, raw)
    assert results[0][0] < 500
    assert not [r for r in caplog.records if r.exc_info]
    assert not query(state, "SELECT 1 FROM feedback")


UNREADABLE_2XX = {"html": (200, b"<html>ok</html>", "text/html"), "list": (200, b"[1]", "application/json"),
                  "id-a-number": (201, b'{"id": 5}', "application/json"),
                  "not-utf-8": (200, b'{"id": "reply-\xff\xfe"}', "application/json"),
                  "not-utf-8-201": (201, b"\xc3(\xa0\xa1", "application/json"),
                  # 2xx the SDK reads as refusals (it takes only 200-202): sent again before sweep 24
                  "no-content-204": (204, b"", "application/json"), "203": (203, b'{"id": "1"}', "application/json"),
                  "206-html": (206, b"<html>partly</html>", "text/html")}


@pytest.mark.parametrize("answer", UNREADABLE_2XX, ids=list(UNREADABLE_2XX))
def test_a_reply_the_connector_took_but_answered_unreadably_is_not_sent_again(peerbot, state, anonymous, caplog,
                                                                               answer):
    status_code, body, content_type = UNREADABLE_2XX[answer]
    _, double = exchange(peerbot, state, anonymous, lambda s: message(s, "committee in common"), settle=5,
                         before=lambda d: d.fault("body", status=status_code, body=body, content_type=content_type))
    assert len(double.posts) == 1 and not double.refused  # a retry would have come within the settling
    assert query(state, "SELECT status FROM inbox") == [("answered",)]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_refusal_whose_page_is_not_utf_8_is_sent_again_once(peerbot, state, anonymous, caplog):
    """A 502 page in Latin-1 (a proxy's) is a refusal: the reply is posted again, and shown once."""
    _, double = exchange(peerbot, state, anonymous, lambda s: message(s, "committee in common"), settle=5,
                         before=lambda d: d.fault("body", status=502, body=b"<p>Passerelle d\xe9faillante</p>",
                                                  content_type="text/html"))
    assert len(double.posts) == 1 and len(double.refused) == 1
    assert query(state, "SELECT status FROM inbox") == [("answered",)]
    assert not [r for r in caplog.records if r.exc_info]


WELCOME_FAILURES = {
    "refused-503": lambda d: d.fail(503),
    "reset": lambda d: d.fault("drop"),
    "cut-short": lambda d: d.fault("body", status=200, body=b'{"id": "rep'),
    "not-utf-8": lambda d: d.fault("body", status=201, body=b"\xc3(\xa0"),
    "gzip-that-is-not": lambda d: d.fault("body", status=200, body=b'{"id": "1"}', headers={"Content-Encoding": "gzip"}),
    "503-latin-1-page": lambda d: d.fault("body", status=503, body=b"<p>indisponible \xe9</p>", content_type="text/html"),
}
TAKEN_OR_NOT = {"refused-503", "reset", "gzip-that-is-not", "503-latin-1-page"}  # the rest: a 2xx, taken


@pytest.mark.parametrize("failure", WELCOME_FAILURES, ids=list(WELCOME_FAILURES))
def test_a_welcome_the_connector_fails_is_one_line_not_a_500(peerbot, state, anonymous, caplog, failure):
    """Installed in a team while the connector fails: the conversation is stored, the install is
    acknowledged (a 500 would make Teams send it again), one warning line and no traceback."""
    results, _ = exchange(peerbot, state, anonymous, lambda s: installation(s, "add", conversation=CHANNEL),
                          before=WELCOME_FAILURES[failure])
    assert results[0][0] < 500, results
    assert query(state, "SELECT id FROM conversations") == [(CHANNEL,)]
    assert not [r for r in caplog.records if r.exc_info]
    said = "could not post the welcome" if failure in TAKEN_OR_NOT else "the connector took a post"
    assert [r for r in caplog.records if said in r.getMessage()]


def test_a_retry_through_the_reference_that_the_connector_took_unreadably_is_not_sent_again(peerbot, state, anonymous):
    def arrange(double: ConnectorDouble) -> None:
        double.fail(503)  # the reply in the turn refused: the retry goes through the stored reference
        double.fault("body", status=200, body=b"<html>ok</html>", content_type="text/html")

    _, double = exchange(peerbot, state, anonymous, lambda s: message(s, "committee in common"), settle=5,
                         before=arrange)
    assert len(double.posts) == 1 and len(double.refused) == 1
    assert query(state, "SELECT status FROM inbox") == [("answered",)]


def test_a_message_is_acknowledged_before_the_connector_answers_its_reply(peerbot, state, anonymous):
    """The reply is posted after the acknowledgement (as Slack's are), so a connector that holds it
    does not hold the acknowledgement; released (refusing it), the reply is posted again, once."""
    async def run():
        async with ConnectorDouble() as double, teams_server(peerbot, anonymous) as (url, _bot):
            double.fault("hold")
            # The reply used to be sent inside the turn: the acknowledgement then waited for the connector.
            status, _ = await asyncio.wait_for(send(url, message(double.url, "committee in common")), 20)
            double.release()
            for _ in range(200):
                if query(state, "SELECT 1 FROM inbox WHERE status = 'answered'"):
                    break
                await asyncio.sleep(0.05)
            return status, double
    status, double = asyncio.run(run())
    assert status == 202
    [held] = double.held
    [reply] = double.posts
    assert reply.activity == held.activity and "committee in common" in json.dumps(reply.activity).lower()
    assert query(state, "SELECT status FROM inbox") == [("answered",)]


SLOW_CONNECTOR = dataclasses.replace(FAST, post_seconds=3, delays=(0.5, 1, 2, 4))  # 2 s for the connector


def late_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.teams.late_posts"]


def test_a_connector_slower_than_the_post_limit_shows_the_reply_once(corpus, state, anonymous, caplog):
    """A connector that takes the reply but answers after two thirds of the post's time limit: the
    post goes on in the background, the item is retried later, and the retry finds it was taken."""
    peerbot = Peerbot(corpus, state, SLOW_CONNECTOR)
    with caplog.at_level(logging.INFO):
        _, double = exchange(peerbot, state, anonymous, lambda s: message(s, "committee in common"), settle=20,
                             before=lambda d: d.fault("slow", seconds=5))
    [reply] = double.posts
    assert "committee in common" in json.dumps(reply.activity).lower() and not double.refused
    assert query(state, "SELECT status FROM inbox") == [("answered",)]
    assert late_lines(caplog) == ["Teams: the connector took a reply late; it is not sent again"]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_reply_the_connector_never_answered_in_time_and_then_refused_is_sent_again(corpus, state, anonymous):
    """It used to be taken as possibly delivered and never sent again: a reply lost. Held past the
    limit, then refused (503), it is sent again by a later try, once."""
    peerbot = Peerbot(corpus, state, SLOW_CONNECTOR)

    def arrange(double):
        double.fault("hold")

        async def release_once_retried():
            while not query(state, "SELECT 1 FROM inbox WHERE attempts > 0"):
                await asyncio.sleep(0.05)
            double.release()  # the held post is answered 503: it was not delivered
        double.releasing = asyncio.get_running_loop().create_task(release_once_retried())  # a reference kept

    _, double = exchange(peerbot, state, anonymous, lambda s: message(s, "committee in common"), settle=20,
                         before=arrange)
    [held] = double.held
    [reply] = double.posts
    assert reply.activity == held.activity and "committee in common" in json.dumps(reply.activity).lower()
    assert query(state, "SELECT status FROM inbox") == [("answered",)]


def test_a_reply_the_connector_never_answers_is_given_up_in_one_line_and_not_sent_twice(
        corpus, state, anonymous, caplog):
    peerbot = Peerbot(corpus, state, SLOW_CONNECTOR)
    with caplog.at_level(logging.INFO):
        _, double = exchange(peerbot, state, anonymous, lambda s: message(s, "committee in common"), settle=30,
                             before=lambda d: d.fault("hold"))
    assert len(double.held) == 1 and not double.posts  # neither sent again nor followed by an apology
    assert query(state, "SELECT status FROM inbox") == [("answered",)]
    assert late_lines(caplog) == [
        "Teams: the connector never answered a reply; it may have gone out, so it is not sent again"]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


DAMAGED_ITEMS = {  # an inbox item's payload as another process (or a damaged database) left it
    "reference-not-a-reference": lambda good: {"kind": "question", "conversation_id": "a:personal-chat",
                                               "reference": {**good, "conversation": 5}},
    "reference-a-list": lambda good: {"kind": "question", "conversation_id": "a:personal-chat", "reference": [good]},
    "fields-of-the-wrong-type": lambda good: {"kind": 5, "conversation_id": ["a"], "chat": "yes", "reference": good},
}


@pytest.mark.parametrize("damage", DAMAGED_ITEMS, ids=list(DAMAGED_ITEMS))
def test_a_damaged_teams_item_in_the_inbox_is_closed_in_one_line_without_a_traceback(peerbot, state, anonymous,
                                                                                      caplog, damage):
    async def run():
        async with ConnectorDouble() as double:
            from microsoft_agents.activity import Activity

            from bot.teams.references import reply_reference

            good = reply_reference(Activity.model_validate(message(double.url, "committee in common",
                                                                   activity_id="damaged-1")))
            Inbox(state, owner="another-host:1:gone").accept(
                "teams:a:personal-chat:damaged-1", "teams.message", DAMAGED_ITEMS[damage](good),
                "committee in common", lease_seconds=-1)
            async with teams_server(peerbot, anonymous):
                for _ in range(200):
                    if not query(state, "SELECT 1 FROM inbox WHERE status = 'pending'"):
                        break
                    await asyncio.sleep(0.05)
            return double
    with caplog.at_level(logging.WARNING):
        double = asyncio.run(run())
    [(status,)] = query(state, "SELECT status FROM inbox")
    assert status in ("apologised", "failed")
    assert all(p.activity["text"].startswith("Sorry, something went wrong") for p in double.posts)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if "trying again" in r.getMessage()]  # trying again cannot help


def test_a_welcome_cut_short_by_the_process_ending_is_posted_on_redelivery_once(peerbot, state, anonymous):
    """The install's delivery was claimed before the welcome was posted, so a process ended while
    posting it (the connector had not taken it) lost the welcome: Teams' redelivery was "seen".
    Claimed after the post, the redelivery welcomes, and a plain redelivery after that does not."""
    async def run():
        async with ConnectorDouble() as double:
            activity = installation(double.url, "add", conversation=CHANNEL)
            async with teams_server(peerbot, anonymous, shutdown_seconds=0.1) as (url, _bot):
                double.fault("hold")
                cut_short = asyncio.create_task(send(url, activity))
                for _ in range(400):
                    if double.held:
                        break
                    await asyncio.sleep(0.05)
            cut_short.cancel()  # the process ended while the connector held the welcome
            double.release()
            async with teams_server(peerbot, anonymous) as (url, _bot):
                redelivered = [await send(url, activity), await send(url, activity)]
            return double, redelivered
    double, redelivered = asyncio.run(run())
    assert len(double.held) == 1 and [status for status, _ in redelivered] == [202, 202]
    [welcome] = double.posts
    assert welcome.conversation_id == CHANNEL and "enabler NAME" in welcome.activity["text"]


def test_two_servers_each_given_one_install_welcome_it_once(peerbot, corpus, state, anonymous, tmp_path):
    """Two `peerbot serve` replicas on one database: a redelivery of an install reaching the second
    while the first was still posting its welcome was welcomed again (the first marked it only once
    posted). The welcome is held in the inbox while posted: the second answers 503 (Teams sends it
    again), and once posted a redelivery to either is not welcomed."""
    other = Peerbot(corpus, StateStore(tmp_path / "state.db"), FAST)  # another process's store and worker

    async def run():
        async with ConnectorDouble() as double:
            activity = installation(double.url, "add", conversation=CHANNEL)
            async with teams_server(peerbot, anonymous) as (first, _a), teams_server(other, anonymous) as (second, _b):
                double.fault("hold")
                posting = asyncio.create_task(send(first, activity))
                for _ in range(400):
                    if double.held:
                        break
                    await asyncio.sleep(0.05)
                meanwhile = await send(second, activity)
                double.release()  # the connector answers the first server's welcome (a 503: one warning line)
                first_status = (await posting)[0]
                after = [await send(second, activity), await send(first, activity)]
            return double, meanwhile, first_status, after
    double, meanwhile, first_status, after = asyncio.run(run())
    assert meanwhile[0] == 503 and first_status == 202 and [status for status, _ in after] == [202, 202]
    assert len(double.held) == 1 and double.posts == []  # one welcome tried, by the first server only


def test_a_welcome_left_by_a_killed_server_is_posted_by_another_once_its_lease_runs_out(peerbot, state, anonymous):
    """A server killed while posting a welcome leaves its hold in the inbox; another server refuses the
    redelivery while that lease lasts (the post may be in flight) and welcomes once it has run out."""
    async def run():
        async with ConnectorDouble() as double:
            activity = installation(double.url, "add", conversation=CHANNEL)
            held = state.pseudonym(f"{payloads.PLATFORM}:{CHANNEL}:{activity['id']}")  # the delivery's key, as stored
            killed = Inbox(state, owner="replica-2:4242:dead")  # another host's server, killed mid-post
            assert killed.accept(held, "teams.welcome", {}, "", lease_seconds=3600) is not None
            async with teams_server(peerbot, anonymous) as (url, _bot):
                while_held = await send(url, activity)
                with state.transaction() as db:  # its lease runs out
                    db.execute(sql("UPDATE inbox SET lease_until = 0 WHERE key = :key"), {"key": held})
                redelivered = [await send(url, activity), await send(url, activity)]
            return double, while_held, redelivered
    double, while_held, redelivered = asyncio.run(run())
    assert while_held[0] == 503 and [status for status, _ in redelivered] == [202, 202]
    [welcome] = double.posts
    assert welcome.conversation_id == CHANNEL and "enabler NAME" in welcome.activity["text"]


def test_a_server_stopping_while_it_posts_a_welcome_keeps_it_from_another_until_the_post_ends(
        peerbot, corpus, anonymous, tmp_path):
    """A stopping server hands its inbox leases back before its requests end: the welcome it was
    still posting was handed back too, for another replica to post again meanwhile."""
    other = Peerbot(corpus, StateStore(tmp_path / "state.db"), FAST)

    async def run():
        async with ConnectorDouble() as double:
            activity = installation(double.url, "add", conversation=CHANNEL)
            async with teams_server(other, anonymous) as (second, _b):
                async with teams_server(peerbot, anonymous) as (first, _a):
                    double.fault("hold")
                    posting = asyncio.create_task(send(first, activity))
                    while not double.held:
                        await asyncio.sleep(0.05)
                    await peerbot.stop()  # as the first server's shutdown does, before its requests end
                    meanwhile = await send(second, activity)
                    double.release()
                    await posting
                after = await send(second, activity)
            return double, meanwhile, after
    double, meanwhile, after = asyncio.run(run())
    assert meanwhile[0] == 503 and after[0] == 202
    assert len(double.held) == 1 and double.posts == []
