"""The Bolt app's listeners for lessons from chat (added by bot/slack/app.py)."""

from __future__ import annotations

from slack_bolt.app.async_app import AsyncApp

from bot.lessons.model import Draft
from bot.slack import blocks
from bot.slack.handlers import Handlers
from bot.slack.lesson_payloads import FormOpening, opening_from_command, opening_from_shortcut, submission_from_payload
from bot.slack.lesson_views import (
    APPROVE_ACTION,
    EDIT_ACTION,
    EDIT_VIEW,
    OFFER_ACTION,
    REJECT_ACTION,
    SAVE_OFFERED_ACTION,
    SUBMIT_VIEW,
)
from bot.slack.payloads import click_from_payload
from bot.slack.posting import Destination

LESSON_COMMAND = "/lesson"
LESSON_SHORTCUT = "save_lesson"  # the message shortcut's callback_id in slack/manifest.yaml


def add_lesson_listeners(app: AsyncApp, handlers: Handlers) -> None:
    """"Save as lesson", `/lesson`, the lesson form, the review card's buttons and "I can help"."""
    lessons = handlers.lessons

    def privately(channel: str, user: str, response_url: str) -> Destination:
        return Destination(channel, ephemeral_to=user, response_url=response_url)

    @app.message_shortcut(LESSON_SHORTCUT)
    async def on_save_lesson(ack, body, context):
        await ack()
        opening = opening_from_shortcut(body, context.bot_user_id or "")
        await handlers.guarded(privately(opening.channel, opening.user, opening.response_url),
                               lambda: lessons.open_form(opening, Draft(learned=opening.quoted_text)), opening.workspace)

    @app.command(LESSON_COMMAND)
    async def on_lesson(ack, body):
        await ack()
        opening = opening_from_command(body)
        await handlers.guarded(privately(opening.channel, opening.user, opening.response_url),
                               lambda: lessons.open_form(opening, Draft(title=opening.quoted_text)), opening.workspace)

    async def on_form(ack, body):
        """A new lesson's review card, owed in the inbox with it, is posted from there after the
        acknowledgement (bot/slack/review_posts.py); an edited one's card is updated."""
        submission = submission_from_payload(body)
        answer, lesson = await lessons.submit(submission)
        await ack(**answer)
        if lesson is None:
            return
        if submission.callback_id == EDIT_VIEW:
            await handlers.track(lambda: lessons.post_review(lesson))
        elif (owed := await handlers.reviews.owe(lesson)) is not None:
            await handlers.run(owed)

    app.view(SUBMIT_VIEW)(on_form)
    app.view(EDIT_VIEW)(on_form)

    async def on_decision(ack, body):
        """Approve or Reject: decided, then acknowledged (Slack never sends a click again, so one
        acknowledged is never lost to a restart); the records database unavailable is a 503, Slack
        telling the curator."""
        click = click_from_payload(body)
        decision = await lessons.decide(click)
        await ack()
        await handlers.guarded(privately(click.channel, click.user, click.response_url),
                               lambda: lessons.show_decision(click, decision), click.workspace)

    for action in (APPROVE_ACTION, REJECT_ACTION):
        app.action(action)(on_decision)

    @app.action(EDIT_ACTION)
    async def on_edit(ack, body):
        await ack()
        click = click_from_payload(body)
        await handlers.guarded(privately(click.channel, click.user, click.response_url), lambda: lessons.edit(click),
                               click.workspace)

    @app.action(SAVE_OFFERED_ACTION)
    async def on_save_offered(ack, body):
        await ack()
        click = click_from_payload(body)
        opening = FormOpening(click.trigger_id, click.user, click.channel, click.workspace)
        await handlers.guarded(privately(click.channel, click.user, click.response_url),
                               lambda: lessons.open_form(opening, Draft(learned=click.value)), click.workspace)

    @app.action(OFFER_ACTION)
    async def on_offer(ack, body):
        await ack()
        click = click_from_payload(body)
        await handlers.guarded(privately(click.channel, click.user, click.response_url), lambda: lessons.offer(click),
                               click.workspace)

    @app.action(blocks.WATCH_ACTION)
    async def on_watch(ack, body):
        click = click_from_payload(body)
        watching = await handlers.record_watch(click)  # recorded before the acknowledgement, as feedback
        await ack()
        await handlers.watch(click, watching)
