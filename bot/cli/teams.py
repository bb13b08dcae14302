"""`peerbot teams-manifest` and `peerbot teams-conversations`: setting peerbot up in Teams."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from urllib.parse import urlsplit

from bot.cli.common import CommandError, say
from bot.cli.output_file import READER_SECONDS
from bot.setting_values import quoted
from bot.settings import Settings

PLACEHOLDER = "https://example.org/peerbot"  # --website's default: a side-load for a trial works with it
NAME_LIMIT, URL_LIMIT = 32, 2048  # Teams' limits on the publisher's name and each of its URLs


def register(commands: argparse._SubParsersAction) -> None:
    manifest = commands.add_parser(
        "teams-manifest", help="write the Teams app package (manifest.json and icons, zipped) to side-load",
        description="Write the Microsoft Teams app package (`manifest.json` and the two icons, zipped) for the Azure "
        "Bot whose app id is `CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID`, ready to side-load. "
        "`--developer`, `--website`, `--privacy-url` and `--terms-url` fill the publisher details Teams shows; "
        "a URL left as the placeholder is written, with one warning line to replace it before publishing the app "
        "to your organisation.",
    )
    manifest.add_argument("--output", type=Path, metavar="FILE", default=Path("peerbot-teams.zip"),
                          help=f"zip file to write (a named pipe: written once a reader opens it, waited for {READER_SECONDS:.0f} s)")
    manifest.add_argument("--developer", metavar="NAME", default="peerbot", type=_publisher_name,
                          help=f"publisher name shown in Teams (at most {NAME_LIMIT} characters)")
    manifest.add_argument("--website", metavar="URL", default=PLACEHOLDER, type=_https_address,
                          help="publisher website shown in Teams, an https:// address (replace the placeholder before "
                          "publishing)")
    manifest.add_argument("--privacy-url", metavar="URL", type=_https_address,
                          help="privacy statement URL (default: the website)")
    manifest.add_argument("--terms-url", metavar="URL", type=_https_address, help="terms of use URL (default: the website)")
    manifest.set_defaults(handler=cmd_teams_manifest)

    conversations = commands.add_parser(
        "teams-conversations",
        help="list the Teams chats and channels peerbot was added to; opt one in or out of the digest",
        description="List the Teams chats and channels peerbot was added to (id, kind, digest on or off, date, "
        "name), or opt one in or out of the weekly digest. Only the person running peerbot can do this: the "
        "digest's admin.",
    )
    choice = conversations.add_mutually_exclusive_group()
    choice.add_argument("--digest-on", metavar="ID", help="post the weekly digest to this conversation")
    choice.add_argument("--digest-off", metavar="ID", help="stop posting the digest to this conversation")
    conversations.set_defaults(handler=cmd_teams_conversations)


def cmd_teams_manifest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.output_file import write_whole
    from bot.teams.config import app_id
    from bot.teams.manifest import package

    if not settings.teams_client_id:
        raise CommandError("set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID to the Azure Bot's app id first")
    try:
        path = write_whole(args.output, package(
            app_id(settings), developer=args.developer, website=args.website,
            privacy_url=args.privacy_url or args.website, terms_url=args.terms_url or args.website,
        ))
    except OSError as e:  # a folder, a missing folder, no permission, a full disk
        raise CommandError(f"cannot write {args.output}: {e.strerror or e}") from None
    say(f"Wrote {path}: upload it in Teams (Apps > Manage your apps > Upload an app)")
    placeholders = [what for what, url in (("website", args.website), ("privacy statement", args.privacy_url),
                                           ("terms of use", args.terms_url)) if (url or args.website) == PLACEHOLDER]
    if placeholders:
        say(f"peerbot: warning: the publisher's {_listed(placeholders)} {'is' if len(placeholders) == 1 else 'are'} "
              f"the placeholder {PLACEHOLDER}: fine for a trial; give your organisation's own (--website, --privacy-url, "
              "--terms-url) before publishing it to your organisation", err=True)
    return 0


def _publisher_name(text: str) -> str:
    name = text.strip()
    if not name or len(name) > NAME_LIMIT:
        raise argparse.ArgumentTypeError(f"must be 1 to {NAME_LIMIT} characters (Teams' limit), got {quoted(text)}")
    return name


def _https_address(text: str) -> str:
    """A publisher URL as Teams takes it: https://, a host with a dot (not README's `https://YOUR-SITE`),
    no spaces, at most URL_LIMIT characters."""
    address = text.strip()
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
    except ValueError:  # an unclosed [ or a port that is not a number
        parts, host = None, ""
    if (parts is None or parts.scheme.lower() != "https" or "." not in host.strip(".") or len(address) > URL_LIMIT
            or re.search(r'[\s<>"]', address)):
        raise argparse.ArgumentTypeError("must be an https:// web address such as https://www.example.nhs.uk (Teams takes "
                                         f"no other), got {quoted(text)}")
    return address


def _listed(things: list[str]) -> str:
    return things[0] if len(things) == 1 else f"{', '.join(things[:-1])} and {things[-1]}"


def cmd_teams_conversations(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import open_state

    state = open_state(settings)
    chosen = args.digest_on or args.digest_off
    if chosen:
        if not state.set_digest_opt_in(chosen, bool(args.digest_on)):
            raise CommandError(f"peerbot was never added to Teams conversation {chosen!r} (see `peerbot teams-conversations`)")
        say(f"The weekly digest {'will' if args.digest_on else 'will no longer'} be posted to {chosen}.")
        return 0
    stored = state.conversations("teams")
    if not stored:
        print("peerbot has not been added to any Teams chat or team yet.")
    for c in stored:
        say(f"{c.id}  {c.kind}  digest {'on' if c.digest_opt_in else 'off'}  added {c.added_at[:10]}  {c.name}".rstrip())
    return 0
