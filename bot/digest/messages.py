"""The digest's user-facing phrases (every surface), and the lines that report a posting run."""

from __future__ import annotations

from datetime import datetime

from bot.digest.model import Digest, Gap
from bot.digest.week import Week
from bot.setting_values import quoted

TITLE = "peerbot weekly digest"
LESSONS_HEADING = "New and updated lessons"
FEATURE_HEADING = "Enabler of the week"
ASKED_HEADING = "What people asked"
GAPS_HEADING = "Knowledge gaps"
SPOTLIGHT_HEADING = "People spotlight"
LIBRARY_HEADING = "From the library"
KEY_PRACTICE = "Key practice"


def key_practice(example_of: str) -> str:
    """The heading of the enabler of the week's practice, naming the organisation when it is its example."""
    return f"{KEY_PRACTICE}, from {example_of}" if example_of else KEY_PRACTICE
TALK_TO = "Talk to"


def talk_to_note(is_person: bool) -> str:
    """Beside the enabler of the week's contact when it is an organisation (its lessons name no one)."""
    return "" if is_person else "the organisation: its lessons name no one to contact"
EXAMPLES = "Some of the questions"
CONTRIBUTE = (
    "Have you done one of these? Share what you learned so peers can find it: a short lesson added to the "
    "knowledge folder (see “Adding documents” in peerbot's README) answers the next person who asks."
)
QUIET_WEEK = "A quiet week: no new lessons and no questions. Here is one worth revisiting."
EMPTY_CORPUS = (
    "The lessons library is empty, so there is nothing to share yet. "
    "Add lessons to the knowledge folder and run `peerbot index`."
)
STATUS = {"new": "new", "updated": "updated", "library": ""}
I_CAN_HELP = "I can help"
CONTRIBUTE_IN_CHAT = (
    "Have you done one of these? Press “I can help” to share what you learned: a curator reviews it, and the "
    "person who asked hears about it if they asked to."
)


def contributed_by(name: str) -> str:
    return f"Shared by {name}"


def preview_of_post(week: Week, next_due: Week) -> str:
    """`digest --preview`'s first line (text, no --week or --since): which week it shows, that it is
    what `--post` sends now, and how to see the next one due when that is another week."""
    line = f"Week {week}'s digest, as `peerbot digest --post` sends it now (to each destination that has not had it)"
    return f"{line}; the next one due: `--week {next_due}`." if next_due != week else f"{line}."


def not_a_workspace(workspace: str) -> str:
    """`digest --preview --workspace` naming neither a Slack workspace nor a Teams team peerbot knows."""
    return (f"argument --workspace: must be a Slack workspace id like T0123ABCD, or a Teams team peerbot was added to "
            f"(its General channel's id, as `peerbot teams-conversations` lists it), got {quoted(workspace)}")


def index_behind(added: int, updated: int, removed: int, enablers: bool = False) -> str:
    """`digest --preview`'s one line when the corpus folder has changed since the index was built: its
    documents, or `enablers.yaml` (`enablers`: the lessons are still linked to the enablers as they were)."""
    changes = ", ".join(f"{count} {what}" for count, what in ((added, "new"), (updated, "changed"), (removed, "removed"))
                        if count)
    one = added + updated + removed == 1
    documents = f"{changes} {'document' if one else 'documents'}" if changes else ""
    if not enablers:
        return (f"the index is older than the corpus ({documents} since it was built), so this digest does not reflect"
                f" {'it' if one else 'them'}: run `peerbot index` first")
    what = f"{documents}, and enablers.yaml changed," if documents else "enablers.yaml changed"
    shown = f"does not reflect {'that document' if one else 'those documents'} and " if documents else ""
    return (f"the index is older than the corpus ({what} since it was built), so this digest {shown}links its lessons "
            "to the enablers as they were: run `peerbot index` first")


def window(week: str, start: datetime, end: datetime, since: bool = False) -> str:
    """E.g. "Week 2026-W47 · 10 Nov 09:00 to 17 Nov 09:00"; `since` (a window from a day until now,
    not a week's): "1 Nov 00:00 to 29 Nov 19:23 · weeks 2026-W44 to 2026-W48"."""
    if not since:
        return f"Week {week} · {_when(start)} to {_when(end)}"
    first, last = Week.of(start), Week.of(end)
    weeks = f"week {first}" if first == last else f"weeks {first} to {last}"
    return f"{_when(start)} to {_when(end)} · {weeks}"


def _when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %H:%M}"


def asked(count: int, answered: int, follow_ups: int = 0) -> str:
    """The week's questions counted: only those asked in public channels (the rest are never shown), so it
    says so; a thread's follow-ups apart, as part of their threads, not new questions."""
    if not count and not follow_ups:
        return "No questions in public channels this week."
    line = (f"{_plural(count, 'question')} in public channels this week, {answered} answered"
            if count else "No new questions in public channels this week")
    if follow_ups:
        line += f", and {_plural(follow_ups, 'follow-up')} in {'its thread' if follow_ups == 1 else 'their threads'}"
    return line + "."


def themes(names_and_counts: list[tuple[str, int]]) -> str:
    return "Most asked: " + ", ".join(f"{name} ({count})" for name, count in names_and_counts) + "."


def gap_note(gap: Gap) -> str:
    """E.g. "asked 2 times, no answer", "marked not helpful by 3 people" (people, not clicks), "asked 2 times,
    no answer or marked not helpful" (one answer marked so, the other none), "a follow-up in its thread, marked
    not helpful"."""
    marked = "marked not helpful" + (f" by {gap.not_helpful} people" if gap.not_helpful > 1 else "")
    how = ("no answer" + (f" or {marked}" if gap.not_helpful else "")) if gap.unanswered else marked
    if gap.follow_up:
        note = (f"asked {gap.asked} times as follow-ups in their threads, {how}" if gap.asked > 1
                else f"a follow-up in its thread, {how}")
    else:
        note = f"asked {gap.asked} times, {how}" if gap.asked > 1 else how
    return note + (f"; the new lesson “{gap.new_lesson}” may answer it" if gap.new_lesson else "")


def more(count: int, what: str) -> str:
    return f"…and {count} more {what}."


def unquoted_gaps(digest: Digest) -> list[str]:
    """The lines counting what was asked and not answered that the digest never quotes: asked privately, with
    identifying details removed, follow-ups unanswered or marked not helpful that mean little out of their thread, and
    questions declined as off-topic (counted, so the week's questions add up, but not gaps in the lessons)."""
    counted = ((digest.private_gaps, private_gaps), (digest.withheld_gaps, withheld_gaps),
               (digest.unquoted_follow_ups, unquoted_follow_ups), (digest.off_topic, off_topic))
    return [line(count) for count, line in counted if count]


def off_topic(count: int) -> str:
    """Public questions declined as not about the lessons (a password reset, the canteen's hours): counted, never
    quoted (they may be personal)."""
    return (f"{_plural(count, 'off-topic question')} (not about the lessons) {'was' if count == 1 else 'were'} "
            "pointed elsewhere, not quoted.")


def unquoted_follow_ups(count: int) -> str:
    """Follow-ups unanswered or marked not helpful that are not quoted ("any examples?" says nothing out of its
    thread)."""
    return (f"{_plural(count, 'follow-up')} in {'its thread' if count == 1 else 'their threads'} had no answer or "
            "{} marked not helpful, not quoted: {} little out of the thread.".format(
                *(("was", "it says") if count == 1 else ("were", "they say"))))


def withheld_gaps(count: int) -> str:
    """Gaps whose question had details that could identify someone removed: counted, never quoted."""
    return (f"{_plural(count, 'more question')} had no answer and held details that could identify someone, "
            "so {} not quoted.".format("it is" if count == 1 else "they are"))


def private_gaps(count: int) -> str:
    """Unanswered questions asked in DMs, group chats and private channels: counted, never quoted."""
    return f"{_plural(count, 'more question')} asked privately had no answer."


def theme_link(name: str) -> str:
    return f"asked about: {name}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# -- reporting a posting run (the CLI and the scheduler's log) ---------------------------------------


def posted(destination: str) -> str:
    return f"{destination}: posted"


def already_posted(destination: str, at: str) -> str:
    return f"{destination}: already posted this week ({at}), nothing to do"


def in_progress(destination: str, since: str) -> str:
    return f"{destination}: another run has been posting it since {since}, left to that run"


def unconfirmed(destination: str, error: str) -> str:
    return (f"{destination}: sent, but its answer was lost or unreadable ({error}), so it may be there already; not posted again "
            f"blindly: the next run looks for it where peerbot can read the conversation. {_check_then_resend(destination)}")


def unchecked(destination: str, since: str, error: str) -> str:
    """An earlier post whose outcome is unknown, and the destination cannot be read to look for it."""
    how = f"its answer was lost: {error}" if error else "the run posting it was interrupted"
    return (f"{destination}: an earlier post may have arrived ({since}; {how}) and peerbot cannot read the "
            f"conversation to look; not posted again automatically. {_check_then_resend(destination)}")


def found(destination: str, since: str) -> str:
    return f"{destination}: the earlier post ({since}, its answer lost) is there; recorded as posted, nothing to do"


def _check_then_resend(destination: str) -> str:
    return f"Check it; if the digest is not there, run: peerbot digest --post --resend {destination}"


def failed(destination: str, error: str, attempts: int, max_attempts: int) -> str:
    tail = "will be retried" if attempts < max_attempts else "giving up for this week"
    return f"{destination}: failed ({error}); attempt {attempts} of {max_attempts}, {tail}"


def gave_up(destination: str, error: str, attempts: int) -> str:
    return f"{destination}: not retried after {attempts} failed attempts this week (last: {error})"


def summary(week: str, posted_count: int, total: int, failures: int, unconfirmed: int = 0, had: int = 0) -> str:
    """The last line of a `--post` run; `had`: destinations that already had this week's digest."""
    line = f"Digest {week}: posted to {posted_count} of {_plural(total, 'destination')}"
    line += (f"; {'all' if had == total > 1 else had} already had it" if had else "")
    line += f"; {failures} failed" if failures else ""
    return line + (f"; {unconfirmed} may have it (see above)." if unconfirmed else ".")


def not_a_destination(key: str, keys: list[str]) -> str:
    return f"--resend {key}: not a digest destination (they are: {', '.join(keys)})"


def no_destinations(teams_unconfigured: int = 0) -> str:
    if teams_unconfigured:
        return f"no digest destinations: {teams_off(teams_unconfigured)}"
    return f"no digest destinations: {DESTINATIONS_HINT}"


def teams_off(opted_in: int) -> str:
    """Teams conversations opted in to the digest while this process has no Teams settings."""
    return (f"{_plural(opted_in, 'Teams conversation')} {'is' if opted_in == 1 else 'are'} opted in, but Teams is "
            "not configured here: set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, __CLIENTSECRET and "
            "__TENANTID as for `peerbot serve` (or TEAMS_ALLOW_ANONYMOUS=1 for local development)")


DESTINATIONS_HINT = (
    "set DIGEST_CHANNELS to Slack channel ids (with SLACK_BOT_TOKEN), or opt a Teams conversation in "
    "with `peerbot teams-conversations --digest-on ID`"
)


def nothing_to_post() -> str:
    return "nothing to post: the lessons library is empty (add lessons to the knowledge folder and run `peerbot index`)"
