"""The Teams app package: manifest.json and its two icons, zipped, ready to side-load."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from importlib.metadata import version

from bot.teams import messages
from bot.teams.lesson_cards import SAVE_COMMAND

MANIFEST_VERSION = "1.19"
SCHEMA = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
NHS_BLUE = (0x00, 0x5E, 0xB8)
SCOPES = ["personal", "team", "groupChat"]
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"


def manifest(app_id: str, *, developer: str, website: str, privacy_url: str, terms_url: str) -> dict:
    """The manifest for the Azure Bot whose Microsoft Entra app id is `app_id`."""
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version("peerbot"),
        "id": app_id,
        "developer": {"name": developer, "websiteUrl": website, "privacyUrl": privacy_url, "termsOfUseUrl": terms_url},
        "name": {"short": messages.APP_NAME, "full": messages.APP_FULL_NAME},
        "description": {"short": messages.APP_SHORT_DESCRIPTION, "full": messages.APP_FULL_DESCRIPTION},
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*NHS_BLUE),
        "bots": [{
            "botId": app_id,
            "scopes": SCOPES,
            "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{
                "scopes": SCOPES,
                "commands": [{"title": title, "description": text} for title, text in messages.COMMANDS],
            }],
        }],
        "composeExtensions": [{
            "botId": app_id,
            "commands": [{"id": SAVE_COMMAND, "type": "action", "title": messages.SAVE_AS_LESSON,
                          "description": messages.SAVE_AS_LESSON_DESCRIPTION, "context": ["message"],
                          "fetchTask": True}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def package(app_id: str, **developer_details: str) -> bytes:
    """The zipped app package: manifest.json and the two icons."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("manifest.json", json.dumps(manifest(app_id, **developer_details), indent=2))
        zipped.writestr(COLOR_ICON, color_icon())
        zipped.writestr(OUTLINE_ICON, outline_icon())
    return buffer.getvalue()


def color_icon(size: int = 192) -> bytes:
    """Two peers as overlapping white discs on NHS blue (Teams wants 192x192, full colour)."""
    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        inside = [_distance(x, y, size, cx) <= 0.22 for cx in (0.38, 0.62)]
        if all(inside):
            return 0x41, 0xB6, 0xE6, 255
        return (255, 255, 255, 255) if any(inside) else (*NHS_BLUE, 255)
    return _png(size, pixel)


def outline_icon(size: int = 32) -> bytes:
    """The same two peers as white rings on transparency (Teams wants 32x32, white only)."""
    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        ring = any(abs(_distance(x, y, size, cx) - 0.24) <= 0.045 for cx in (0.36, 0.64))
        return (255, 255, 255, 255) if ring else (255, 255, 255, 0)
    return _png(size, pixel)


def _distance(x: int, y: int, size: int, centre_x: float) -> float:
    """Distance from a pixel's centre to (centre_x, 0.5), in icon widths."""
    return (((x + 0.5) / size - centre_x) ** 2 + ((y + 0.5) / size - 0.5) ** 2) ** 0.5


def _png(size: int, pixel: Callable[[int, int], tuple[int, int, int, int]]) -> bytes:
    """A square RGBA PNG."""
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel(x, y)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
