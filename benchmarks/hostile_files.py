"""The hostile sweep's file and command cases: knowledge folder files, the data folder, command
arguments and input files, and every setting's environment variable with bad values. Each case
damages a private copy of a built corpus and data folder and runs real `peerbot` commands."""

from __future__ import annotations

import random
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hostile_sweep import Case, Homes, base_env, checked

QUESTION = "How can trusts build trust at board level?"
DOC = "nelft-operating-model-case-study.md"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
DEEP = "a: " + "[" * 3000 + "]" * 3000 + "\n"
WRONG_VALUES = {"list": "[a, b]", "number": "42", "null": "null", "dict": "{a: {b: c}}", "bad-date": "2024-02-30",
                "huge": "x" * 200_000}
FRONT_FIELDS = ["title", "publisher", "url", "published", "region", "organisations", "enablers", "aliases", "people"]
PEOPLE = {"people-dict": "people: {name: Jo}", "people-numbers": "people: [1, 2]",
          "people-name-list": "people: [{name: [Jo]}]", "people-role-dict": "people: [{name: Jo, role: {a: b}}]",
          "people-note-list": "people: [{name: Jo, note: [a]}]", "people-empty-name": "people: [{name: ''}]"}
YAML_FILES = {
    "enablers.yaml": {"id": "enablers: [{id: {0}, name: Trust, description: d, synonyms: [t]}]",
                      "name": "enablers: [{id: trust2, name: {0}, description: d, synonyms: [t]}]",
                      "description": "enablers: [{id: trust2, name: T, description: {0}, synonyms: [t]}]",
                      "synonyms": "enablers: [{id: trust2, name: T, description: d, synonyms: {0}}]",
                      "enablers": "enablers: {0}", "entry": "enablers: [{0}]"},
    "contacts.yaml": {"name": "people: [{name: {0}}]", "topics": "people: [{name: Jo, topics: {0}}]",
                      "slack_user_id": "people: [{name: Jo, slack_user_id: {0}}]",
                      "email": "people: [{name: Jo, email: {0}}]",
                      "contactable": "people: [{name: Jo, contactable: {0}}]",
                      "people": "people: {0}", "entry": "people: [{0}]"},
    "out_of_scope.yaml": {"reply": "out_of_scope: {it: {reply: {0}, cues: [x]}}",
                          "cues": "out_of_scope: {it: {reply: r, cues: {0}}}",
                          "cue": "out_of_scope: {it: {reply: r, cues: [{0}]}}",
                          "examples": "out_of_scope: {it: {reply: r, examples: {0}}}",
                          "kind": "out_of_scope: {it: {0}}", "out_of_scope": "out_of_scope: {0}"},
    "nhs_topics.yaml": {"topic": "nhs_topics: {area: [{0}]}", "area": "nhs_topics: {area: {0}}",
                        "nhs_topics": "nhs_topics: {0}"},
    "everyday_topics.yaml": {"topic": "everyday_topics: {area: {kind: small talk, topics: [{0}]}}",
                             "kind": "everyday_topics: {area: {kind: {0}, topics: [a]}}",
                             "area": "everyday_topics: {area: {0}}", "everyday_topics": "everyday_topics: {0}"},
}
BAD_CUES = {"unbalanced-regex": "'(unclosed'", "bad-escape": "'\\\\'", "bad-repeat": "'*x'"}


def _bytes_damages() -> dict[str, Callable[[Path], None]]:
    def write(data: bytes) -> Callable[[Path], None]:
        return lambda path: path.write_bytes(data)

    def symlink_missing(path: Path) -> None:
        path.unlink(missing_ok=True)
        path.symlink_to(path.with_name("nowhere-" + path.name))

    def folder(path: Path) -> None:
        path.unlink(missing_ok=True)
        (path / "inside").mkdir(parents=True)

    def unreadable(path: Path) -> None:
        path.chmod(0)

    def truncated(path: Path) -> None:
        path.write_bytes(path.read_bytes()[: max(path.stat().st_size // 2, 1)])

    return {
        "invalid-utf8": write(b"title: caf\xe9\n\xff\xfe\xfd\n# x\n"),
        "utf16-bom": write("---\ntitle: Trust\n---\n# Trust\n\nText.\n".encode("utf-16")),
        "nul-bytes": write(b"---\ntitle: T\x00rust\n---\n# T\x00\n\nA\x00B board trust.\n"),
        "empty": write(b""),
        "whitespace": write(b" \n\t\n"),
        "huge-line": write(b"# Big\n\n" + b"trust " * 300_000),  # 1.8 MB on one line
        "random": write(random.Random(7).randbytes(8192)),
        "truncated": truncated,
        "symlink-missing": symlink_missing,
        "folder": folder,
        "unreadable": unreadable,
    }


def _front(field: str, value: str) -> str:
    rest = "" if field == "title" else "title: Trust\n"
    return f"---\n{rest}{field}: {value}\n---\n# Trust\n\nBoards built trust with open book finances.\n"


def _document_texts() -> dict[str, str]:
    texts = {f"{f}={kind}": _front(f, value) for f in FRONT_FIELDS for kind, value in WRONG_VALUES.items()}
    texts |= {name: "---\ntitle: T\n" + line + "\n---\n# T\n\nText about trust.\n" for name, line in PEOPLE.items()}
    texts |= {
        "front-unclosed": "---\ntitle: Trust\n# Trust\n\nText.\n",
        "front-list": "---\n- a\n- b\n---\n# T\n\nText.\n",
        "front-scalar": "---\njust words\n---\n# T\n\nText.\n",
        "front-bad-yaml": "---\ntitle: [unclosed\n---\n# T\n\nText.\n",
        "front-duplicate-keys": "---\ntitle: A\ntitle: B\n---\n# T\n\nText.\n",
        "front-bomb": "---\n" + BOMB + "title: T\n---\n# T\n\nText.\n",
        "front-deep": "---\n" + DEEP + "---\n# T\n\nText.\n",
        "front-only": "---\ntitle: T\n---\n",
        "front-tab": "---\ntitle:\tT\n\tpublisher: x\n---\n# T\n\nText.\n",
        "front-python-tag": "---\ntitle: !!python/object/apply:os.system [echo]\n---\n# T\n\nText.\n",
        "front-binary-tag": "---\ntitle: !!binary aGVsbG8=\n---\n# T\n\nText.\n",
        "front-set": "---\ntitle: !!set {a, b}\n---\n# T\n\nText.\n",
        "front-key-list": "---\n? [a, b]\n: c\ntitle: T\n---\n# T\n\nText.\n",
        "no-title": "Just a paragraph of text about trust.\n",
    }
    return texts


def knowledge_cases(homes: Homes) -> Iterator[Case]:
    def on_document(name: str, apply: Callable[[Path], None], target: str = DOC) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                path = home / "knowledge" / target
                if not path.exists():  # a new file: one good version first, for damages that change a file
                    path.write_text("# New lesson\n\nBoards built trust with open book finances.\n")
                apply(path)
                argv = ["ask", QUESTION] if target.endswith(".yaml") else ["index"]  # the command that reads it
                return checked(argv, base_env(home))
            finally:
                homes.discard(home)
        return Case("knowledge", name, run)

    for name, damage in _bytes_damages().items():
        yield on_document(f"{DOC}:{name}", damage)
        yield on_document(f"new.txt:{name}", damage, "new.txt")
        for yaml_file in YAML_FILES:
            yield on_document(f"{yaml_file}:{name}", damage, yaml_file)
    for name, text in _document_texts().items():
        yield on_document(f"{DOC}:{name}", lambda p, t=text: p.write_text(t, encoding="utf-8"))
    for suffix, data in {"pdf": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "docx": b"PK\x03\x04junk",
                         "html": b"<html><body>\xff\xfe<p>trust</p>", "htm": b""}.items():
        yield on_document(f"new.{suffix}:damaged", lambda p, d=data: p.write_bytes(d), f"new.{suffix}")
    yield on_document("new.docx:zip-not-word", _zip_not_word, "new.docx")
    yield on_document("new.pdf:folder", lambda p: (p / "x").mkdir(parents=True), "new.pdf")
    for kind, value in {**WRONG_VALUES, "bomb": None, "deep": None, "list": "[a]"}.items():
        text = {"bomb": BOMB, "deep": DEEP}.get(kind) or f"title: {value}\npublisher: {value}\nurl: {value}\n"
        yield on_document(f"new.html+sidecar:{kind}", _with_sidecar(text), "new.html")
    for yaml_file, fields in YAML_FILES.items():
        for f, template in fields.items():
            for kind, value in WRONG_VALUES.items():
                yield on_document(f"{yaml_file}:{f}={kind}",
                                  lambda p, t=template, v=value: p.write_text(t.replace("{0}", v)), yaml_file)
        for kind, text in {"bomb": BOMB, "duplicate-keys": "a: 1\na: 2\n", "scalar": "words\n",
                           "top-list": "- a\n"}.items():
            yield on_document(f"{yaml_file}:{kind}", lambda p, t=text: p.write_text(t), yaml_file)
    for kind, cue in BAD_CUES.items():
        yield on_document(f"out_of_scope.yaml:cue-{kind}",
                          lambda p, c=cue: p.write_text(f"out_of_scope:\n  it:\n    reply: r\n    cues: [{c}]\n"),
                          "out_of_scope.yaml")


def _zip_not_word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a Word document")


def _with_sidecar(meta: str) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        path.write_text("<html><head><title>Trust</title></head><body><p>Boards built trust.</p></body></html>")
        path.with_name(path.stem + ".meta.yaml").write_text(meta)
    return apply


def data_cases(homes: Homes) -> Iterator[Case]:
    def on_data(name: str, apply: Callable[[Path], None], argv: tuple[str, ...] = ("ask", QUESTION)) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                apply(home / "data")
                return checked(list(argv), base_env(home))
            finally:
                homes.discard(home)
        return Case("data", name, run)

    damages = _bytes_damages()
    for target in ("index/current/index.db", "index/current/vectors.faiss", "index/current/checksums.json",
                   "peerbot.db", "index/current"):
        for name in ("empty", "random", "truncated", "folder", "symlink-missing", "invalid-utf8"):
            def apply(data: Path, t: str = target, d=damages[name]) -> None:
                path = data / t
                if not path.exists() and not path.is_symlink():  # peerbot.db before any command made it
                    path.write_bytes(b"")
                if path.is_symlink() and t.endswith("current"):
                    path.unlink()
                    path.write_bytes(b"")
                d(path)
            for argv in (("ask", QUESTION), ("lessons",) if target == "peerbot.db" else ("index",)):
                yield on_data(f"{target}:{name}:{argv[0]}", apply, argv)
    yield on_data("index-db-wrong-version", lambda d: _sql(d / "index/current/index.db", "PRAGMA user_version = 999"))
    yield on_data("state-db-wrong-version", lambda d: _sql(d / "peerbot.db", "PRAGMA user_version = 999"), ("lessons",))
    yield on_data("state-db-future-migration", lambda d: _sql(
        d / "peerbot.db", "UPDATE schema_migrations SET version = version + 100"), ("lessons",))
    yield on_data("missing-folder", lambda d: _rmtree(d))
    yield on_data("data-is-file", lambda d: (_rmtree(d), d.write_text("x")))
    yield on_data("read-only-folder", lambda d: d.chmod(0o555))


def _sql(path: Path, statement: str) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute(statement)
        db.commit()
    except sqlite3.Error:
        pass
    finally:
        db.close()


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path)


def cli_cases(homes: Homes) -> Iterator[Case]:
    def command(name: str, argv: list[str], stdin: bytes | None = None, files: dict[str, bytes] | None = None,
                must_fail: bool = False, **env: str) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                for file, data in (files or {}).items():
                    (home / file).write_bytes(data)
                real = [a.replace("HOME", str(home)) for a in argv]
                return checked(real, base_env(home, **env), stdin, must_fail)
            finally:
                homes.discard(home)
        return Case("cli", name, run)

    lines = {"not-json": b"{oops\n", "array": b"[1, 2]\n", "string": b'"q"\n', "null": b"null\n",
             "q-number": b'{"q": 5}\n', "q-null": b'{"q": null}\n', "q-list": b'{"q": ["a"]}\n',
             "expected-dict": b'{"q": "trust", "expect": {"a": 1}}\n', "offtopic-str": b'{"q": "t", "offtopic": "no"}\n',
             "invalid-utf8": b'{"q": "\xff\xfe"}\n', "utf16": '{"q": "trust"}\n'.encode("utf-16"),
             "nul": b'{"q": "tr\x00ust"}\n', "empty": b"", "blank-lines": b"\n\n\n", "bom": b'\xef\xbb\xbf{"q": "trust"}\n',
             "huge-line": b'{"q": "' + b"trust " * 500_000 + b'"}\n', "deep": b"[" * 100_000 + b"]" * 100_000 + b"\n",
             "nan": b'{"q": "trust", "expect": NaN}\n', "big-int": b'{"q": "trust", "k": ' + b"9" * 5000 + b"}\n"}
    for name, data in lines.items():
        yield command(f"eval:{name}", ["eval", "HOME/q.jsonl"], files={"q.jsonl": data})
    for name in ("eval-missing", "eval-folder"):
        yield command(name, ["eval", "HOME/data" if name == "eval-folder" else "HOME/nope.jsonl"], must_fail=True)
    for name, data in {"invalid-utf8": b"trust \xff\xfe board\n", "nul": b"tr\x00ust\n", "utf16": "trust\n".encode("utf-16"),
                       "empty": b"", "blank": b"\n\n", "huge-line": b"trust " * 500_000 + b"\n",
                       "many-lines": b"trust at board level\n" * 300, "crlf": b"trust\r\n\r\n"}.items():
        yield command(f"ask-stdin:{name}", ["ask", "--json", "-"], stdin=data)
    for name, argv in {"empty-question": ["ask", ""], "huge-question": ["ask", "trust " * 20_000],
                       "enabler-huge": ["enabler", "x" * 100_000], "enabler-format": ["enabler", "%s%n{0}"],
                       "contacts-regex": ["contacts", "(*"], "contacts-huge": ["contacts", "x" * 100_000]}.items():
        yield command(name, argv)
    for name, data in {"pdf-random": random.Random(3).randbytes(4096), "pdf-empty": b"", "docx-junk": b"PK\x03\x04xx",
                       "html-bad-bytes": b"<p>\xff\xfe</p>", "html-empty": b"", "html-huge-line": b"<p>" + b"a" * 3_000_000}.items():
        suffix = name.split("-")[0]
        yield command(f"import:{name}", ["import", f"HOME/file.{suffix}"], files={f"file.{suffix}": data})
    yield command("import:missing", ["import", "HOME/none.pdf"], must_fail=True)
    yield command("import:folder", ["import", "HOME/data"], must_fail=True)
    yield command("import:wrong-suffix", ["import", "HOME/x.exe"], files={"x.exe": b"MZ"}, must_fail=True)
    for bad in ("abc", "-1", "0", "1.5", "", "99999999999999999999999", "1e3", " 7"):
        yield command(f"lessons-approve:{bad!r}", ["lessons", "approve", bad], must_fail=True)
        yield command(f"lessons-reject:{bad!r}", ["lessons", "reject", bad], must_fail=True)
    for bad in ("2026-13-01", "0000-01-01", "9999-99-99", "yesterday", "", "2026-02-30", "99999-01-01"):
        yield command(f"forget-before:{bad!r}", ["forget", "--before", bad], must_fail=True)
    yield command("forget-channel-empty", ["forget", "--channel", ""], must_fail=True)
    for bad in ("2026-W99", "2026-W00", "abc", "0000-W01", "9999-W52", "-1-W01", ""):
        yield command(f"digest-week:{bad!r}", ["digest", "--preview", "--week", bad], must_fail=bad not in ("", "9999-W52"))
    for bad in ("9999-12-31", "0001-01-01", "2026-02-30", "soon", ""):
        yield command(f"digest-since:{bad!r}", ["digest", "--preview", "--since", bad], must_fail=bad not in ("9999-12-31", "0001-01-01", ""))
    yield command("digest-post-no-token", ["digest", "--post"])
    for bad in ("", "x", "19:nope@thread"):
        yield command(f"teams-digest-on:{bad!r}", ["teams-conversations", "--digest-on", bad], must_fail=bad != "")
    for name, url in {"empty-scheme": "postgresql://", "mysql": "mysql://u:p@localhost/db", "words": "not a url",
                      "refused": "postgresql://u:secretpw@127.0.0.1:1/x", "sqlite": "sqlite:///tmp/x.db",
                      "bad-port": "postgresql://u:p@localhost:99999/x", "unicode": "postgresql://ü:ß@höst/x"}.items():
        def no_secret(name=name, url=url) -> list[str]:
            problems = command(f"migrate:{name}", ["migrate"], must_fail=True, DATABASE_URL=url).run()
            return problems
        yield Case("cli", f"migrate-database-url:{name}", no_secret)
    yield command("teams-manifest-no-id", ["teams-manifest", "--output", "HOME/t.zip"], must_fail=True)
    yield command("teams-manifest-to-folder", ["teams-manifest", "--output", "HOME/data"], must_fail=True,
                  CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID="00000000-0000-0000-0000-000000000000")


def settings_cases(homes: Homes) -> Iterator[Case]:
    import dataclasses

    from bot.settings import Settings

    bad_numbers = ["abc", "-1", "0", "1e400", "99999999999999999999"]
    special = {"DIGEST_DAY": ["someday", "1", "mon,tue"], "DIGEST_TIME": ["25:00", "9", "ab:cd", "09:60", "-1:00"],
               "DIGEST_TIMEZONE": ["Mars/Olympus", "../../etc/passwd", "UTC+1"],
               "PEERBOT_MODEL": ["/nonexistent/model", "HASHING", "../knowledge"],
               "SLACK_API_URL": ["not a url", "ftp://x", "http://127.0.0.1:1/api/"],
               "DIGEST_CHANNELS": [",,,", "C1, ,C2", "#general"], "HOST": ["256.1.1.1", "nohost.invalid"],
               "PEERBOT_CURATORS": [",,,"], "PEERBOT_REVIEW_CHANNEL": ["#x"], "TEAMS_ALLOW_ANONYMOUS": ["maybe"],
               "PEERBOT_DATA_DIR": ["/proc/peerbot", "/dev/null"], "PEERBOT_KNOWLEDGE_DIR": ["/nonexistent", "/dev/null"]}
    for f in dataclasses.fields(Settings):
        env = f.metadata["env"]
        values = special.get(env) or (bad_numbers if f.type in ("int", "float", int, float) else [])
        for value in values:
            for argv in _commands_reading(env)[:1]:
                def run(env=env, value=value, argv=argv) -> list[str]:
                    home = homes.fresh()
                    try:
                        return checked(argv, base_env(home, **{env: value}))
                    finally:
                        homes.discard(home)
                yield Case("settings", f"{env}={value!r}:{argv[0]}", run)


def _commands_reading(env: str) -> list[list[str]]:
    if env.startswith("DIGEST_") or env == "PEERBOT_RETENTION_DAYS":
        return [["digest", "--preview"], ["ask", QUESTION]]
    if env in ("PEERBOT_MAX_DOCUMENT_MB", "PEERBOT_THREADS", "PEERBOT_MODEL"):
        return [["index", "--rebuild"], ["ask", QUESTION]]
    return [["ask", QUESTION]]


FAMILIES = {"knowledge": knowledge_cases, "data": data_cases, "cli": cli_cases, "settings": settings_cases}

