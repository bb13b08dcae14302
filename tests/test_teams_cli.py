"""The Teams commands: `peerbot teams-manifest` (the app package to side-load) and
`peerbot teams-conversations` (where peerbot was added, and the digest opt-in)."""

import json
import struct
import zipfile
import zlib

import pytest

from bot.cli import main
from bot.cli.teams import PLACEHOLDER
from bot.state import StateStore

APP_ID = "11111111-2222-3333-4444-555555555555"


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """(width, height, RGBA pixels) of the unfiltered RGBA PNGs peerbot writes."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour) == (8, 6)
    idat = data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8]
    raw = zlib.decompress(idat)
    stride = 1 + 4 * width
    pixels = [tuple(raw[y * stride + 1 + 4 * x:y * stride + 5 + 4 * x]) for y in range(height) for x in range(width)]
    return width, height, pixels


def test_the_package_holds_a_manifest_for_the_bot_and_two_icons(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", APP_ID)
    target = tmp_path / "app.zip"
    assert main(["teams-manifest", "--output", str(target), "--website", "https://collab.example.org"]) == 0
    assert str(target) in capsys.readouterr().out
    with zipfile.ZipFile(target) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color, outline = package.read("color.png"), package.read("outline.png")
    assert manifest["id"] == APP_ID and manifest["manifestVersion"] == "1.19"
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert [c["title"] for c in bot["commandLists"][0]["commands"]] == ["help", "enablers", "enabler", "lesson"]
    [extension] = manifest["composeExtensions"]
    assert extension["botId"] == APP_ID and [(c["id"], c["type"], c["context"], c["fetchTask"]) for c in
                                             extension["commands"]] == [("saveLesson", "action", ["message"], True)]
    assert manifest["developer"]["privacyUrl"] == "https://collab.example.org"
    assert len(manifest["description"]["short"]) <= 80 and len(manifest["name"]["short"]) <= 30
    width, height, pixels = png_pixels(color)
    assert (width, height) == (192, 192) and all(p[3] == 255 for p in pixels)
    width, height, pixels = png_pixels(outline)
    assert (width, height) == (32, 32)
    assert {p[:3] for p in pixels} == {(255, 255, 255)} and {p[3] for p in pixels} == {0, 255}  # white on transparent


@pytest.mark.parametrize("given, placeholders", [
    ([], "website, privacy statement and terms of use are"),
    (["--website", "https://collab.example.nhs.uk", "--terms-url", PLACEHOLDER], "terms of use is"),
    (["--website", "https://collab.example.nhs.uk"], None),
])
def test_a_publisher_url_left_as_the_placeholder_is_written_with_one_warning_line(tmp_path, monkeypatch, capsys,
                                                                                  given, placeholders):
    """Stop 44: the placeholder website went into the package silently; a trial side-load still gets
    its package, and one line says what to replace before the app is published to an organisation."""
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", APP_ID)
    target = tmp_path / "app.zip"
    assert main(["teams-manifest", "--output", str(target), *given]) == 0
    out, err = capsys.readouterr()
    assert out == f"Wrote {target}: upload it in Teams (Apps > Manage your apps > Upload an app)\n"
    if placeholders is None:
        assert err == ""
    else:
        assert err == (f"peerbot: warning: the publisher's {placeholders} the placeholder {PLACEHOLDER}: fine for a "
                       "trial; give your organisation's own (--website, --privacy-url, --terms-url) before publishing it "
                       "to your organisation\n")
    with zipfile.ZipFile(target) as package:
        developer = json.loads(package.read("manifest.json"))["developer"]
    urls = [developer[k] for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl")]
    assert urls.count(PLACEHOLDER) == (0 if placeholders is None else 3 if not given else 1)


@pytest.mark.parametrize("option, value, said", [
    ("--website", "collab.example.nhs.uk", "must be an https:// web address such as https://www.example.nhs.uk (Teams "
     "takes no other), got 'collab.example.nhs.uk'"),
    ("--website", "http://collab.example.nhs.uk", "must be an https:// web address"),
    ("--website", "https://YOUR-SITE", "must be an https:// web address"),  # README's placeholder, pasted (stop 43)
    ("--privacy-url", "https:///privacy", "must be an https:// web address"),
    ("--privacy-url", "https://[::1/privacy", "must be an https:// web address"),
    ("--terms-url", "https://collab.example.nhs.uk/terms of use", "must be an https:// web address"),
    ("--website", "https://collab.example.nhs.uk/" + "x" * 2048, "must be an https:// web address"),
    ("--developer", " ", "must be 1 to 32 characters (Teams' limit), got ' '"),
    ("--developer", "North East and North Cumbria Provider Collaborative", "must be 1 to 32 characters"),
])
def test_publisher_details_teams_would_refuse_are_a_usage_error_and_no_package(tmp_path, monkeypatch, capsys,
                                                                              option, value, said):
    """Stop 44: any text was written into the package, for Teams to refuse it at upload."""
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", APP_ID)
    with pytest.raises(SystemExit) as stopped:
        main(["teams-manifest", "--output", str(tmp_path / "app.zip"), option, value])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: peerbot teams-manifest") and f"error: argument {option}: {said}" in err
    assert not (tmp_path / "app.zip").exists()


def test_without_the_bot_app_id_it_says_what_to_set(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", raising=False)
    assert main(["teams-manifest", "--output", str(tmp_path / "app.zip")]) == 1
    assert "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID" in capsys.readouterr().err
    assert not (tmp_path / "app.zip").exists()


def test_an_app_id_that_is_not_a_guid_is_one_line_and_no_package(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "peerbot-bot")  # a name, not the id
    assert main(["teams-manifest", "--output", str(tmp_path / "app.zip")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line == ("peerbot: error: CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID must be the Azure Bot's app "
                    "(client) id, a GUID like 00000000-0000-0000-0000-000000000000 (Azure Bot > Configuration), "
                    "got 'peerbot-bot'")
    assert not (tmp_path / "app.zip").exists()


@pytest.mark.parametrize("where", ["a folder", "in a missing folder", "under a file"])
def test_a_package_that_cannot_be_written_is_one_line(tmp_path, monkeypatch, capsys, where):
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", APP_ID)
    (tmp_path / "file").write_text("x")
    output = {"a folder": tmp_path, "in a missing folder": tmp_path / "nope" / "app.zip",
              "under a file": tmp_path / "file" / "app.zip"}[where]
    assert main(["teams-manifest", "--output", str(output)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"peerbot: error: cannot write {output}: ") and len(err.splitlines()) == 1


def test_conversations_are_listed_and_opted_in_to_the_digest(settings, monkeypatch, capsys):
    monkeypatch.setenv("PEERBOT_DATA_DIR", str(settings.data_dir))
    assert main(["teams-conversations"]) == 0
    assert "not been added to any Teams chat or team yet" in capsys.readouterr().out
    state = StateStore(settings.state_db_path)
    state.save_conversation("19:leads@thread.tacv2", "teams", {"conversation": {
        "id": "19:leads@thread.tacv2", "conversationType": "channel", "name": "Collaboration leads"}})
    assert main(["teams-conversations", "--digest-on", "19:leads@thread.tacv2"]) == 0
    assert main(["teams-conversations"]) == 0
    out = capsys.readouterr().out
    assert "The weekly digest will be posted to 19:leads@thread.tacv2." in out
    assert "19:leads@thread.tacv2  channel  digest on  added " in out and out.rstrip().endswith("Collaboration leads")
    assert [c.id for c in state.conversations("teams", digest_only=True)] == ["19:leads@thread.tacv2"]
    assert main(["teams-conversations", "--digest-off", "19:leads@thread.tacv2"]) == 0
    assert state.conversations("teams", digest_only=True) == []
    assert main(["teams-conversations", "--digest-on", "19:unknown"]) == 1
    assert "never added to Teams conversation '19:unknown'" in capsys.readouterr().err


def test_an_opted_in_conversation_without_teams_settings_is_named_as_the_reason_nothing_posts(settings, monkeypatch,
                                                                                              capsys):
    """`digest --post` and `schedule` run without the Teams settings `peerbot serve` had: the opted-in
    conversation is not a destination, and the error says why, not "opt a conversation in"."""
    for name in ("DIGEST_CHANNELS", "SLACK_BOT_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID",
                 "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET", "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PEERBOT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PEERBOT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    StateStore(settings.state_db_path).save_conversation("19:leads@thread.tacv2", "teams", {"conversation": {
        "id": "19:leads@thread.tacv2", "conversationType": "channel", "name": "Collaboration leads"}})
    assert main(["teams-conversations", "--digest-on", "19:leads@thread.tacv2"]) == 0
    capsys.readouterr()
    for command, lead in ((["digest", "--post"], "no digest destinations"), (["schedule"], "nothing to schedule")):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err == (f"peerbot: error: {lead}: 1 Teams conversation is opted in, but Teams is not configured here: "
                       "set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, __CLIENTSECRET and __TENANTID as for "
                       "`peerbot serve` (or TEAMS_ALLOW_ANONYMOUS=1 for local development)\n")
