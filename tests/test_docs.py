"""The README documents every command and every setting: its two tables are generated from the
parser and `Settings` (bot/cli/docs.py), and a README that drifts from them fails here."""

import argparse
import re
from pathlib import Path

from bot.cli import build_parser, docs, main
from bot.cli.common import shows_default
from bot.settings_help import describe

ROOT = Path(__file__).parent.parent
README_PATH = ROOT / "README.md"
README = README_PATH.read_text()


def test_every_command_is_in_the_readme_with_help():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0]
    for name, sub in commands.choices.items():
        assert f"peerbot {name}" in README, f"README lacks `peerbot {name}`"
        assert sub.description or any(a.help for a in commands._choices_actions if a.dest == name)


def test_every_setting_is_in_the_readme():
    for env, _default, help_text in describe():
        assert f"`{env}`" in README, f"README lacks setting {env}"
        assert help_text


def test_data_we_keep_lists_every_table_and_field_of_peerbots_database(state_database):
    import sqlalchemy as sa

    from bot.state import StateStore

    section = README.split("## Data we keep", 1)[1].split("\n## ", 1)[0]
    store = StateStore(state_database)
    inspector = sa.inspect(store.engine)
    tables = inspector.get_table_names()
    assert "questions" in tables and "threads" in tables
    for table in tables:
        assert f"`{table}`" in section, f"Data we keep lacks table {table}"
        for column in inspector.get_columns(table):
            assert f"`{column['name']}`" in section, f"Data we keep lacks {table}.{column['name']}"
    store.close()


def test_the_readme_tables_are_the_generated_ones_options_and_defaults_included():
    assert docs.generated(README) == README, "run `python -m bot.cli.docs`"
    assert docs.main(["--check"], README_PATH) == 0
    parser = build_parser()
    for sub in parser._subparsers._group_actions[0].choices.values():
        for action in sub._actions:
            for option in action.option_strings:
                assert option in README or option in ("-h", "--help")
            if shows_default(action):
                assert f"(default: `{action.default}`)" in README
    assert "(default: ``)" not in README  # an empty default is not shown
    for env, _default, _help in describe():
        assert f"| `{env}` | " in README


def test_a_readme_that_drifts_from_the_code_fails_the_check_and_is_regenerated(tmp_path, capsys):
    copy = tmp_path / "README.md"
    copy.write_text(README.replace("(default: `peerbot-teams.zip`)", "(default: `teams.zip`)"))
    assert docs.main(["--check"], copy) == 1
    assert "run `python -m bot.cli.docs`" in capsys.readouterr().err
    assert docs.main([], copy) == 0 and copy.read_text() == README


def test_help_shows_each_setting_s_default_as_the_readme_does():
    help_text = " ".join(build_parser().format_help().split()) + " "  # wrapped to the terminal: as one line
    for env, default, _help in describe():
        shown = docs.default_text(env, default)
        assert f"| `{env}` | {shown} |" in README
        assert f"(default: {shown.replace('`', '')}) " in help_text
    assert "(default: unset (off))" in help_text and "(default: .peerbot in the project folder)" in help_text


def test_each_command_s_help_shows_its_options_defaults_as_the_readme_does():
    """`peerbot teams-manifest --help` did not say which file it writes when --output is not given."""
    parser = build_parser()
    for sub in parser._subparsers._group_actions[0].choices.values():
        text = " ".join(sub.format_help().split())
        for action in sub._actions:
            if shows_default(action):
                assert f"(default: {action.default})" in text, (sub.prog, action.dest)
                assert f"(default: `{action.default}`)" in README


def test_help_gives_a_setting_too_long_for_its_column_a_line_of_its_own():
    lines = build_parser().format_help().splitlines()
    for env, _default, help_text in describe():
        [line] = [i for i, text in enumerate(lines) if text.split()[:1] == [env]]
        if len(env) >= 24:
            assert lines[line].strip() == env and lines[line + 1].strip().startswith(help_text.split()[0])
        else:
            assert lines[line].split(None, 1)[1].startswith(help_text.split()[0])


def test_command_summaries_say_what_each_command_does_today():
    summaries = {a.dest: a.help for a in build_parser()._subparsers._group_actions[0]._choices_actions}
    assert summaries["teams-conversations"] == ("list the Teams chats and channels peerbot was added to; opt one in or "
                                                "out of the digest")
    assert summaries["migrate"] == "apply peerbot's database migrations (a release step) and say what was done"


def test_version_prints_the_installed_version(capsys):
    from importlib.metadata import version

    try:
        main(["--version"])
    except SystemExit as exit:
        assert exit.code == 0
    assert capsys.readouterr().out.strip() == f"peerbot {version('peerbot')}"


def test_every_module_the_architecture_section_names_exists():
    section = README[README.index("## Architecture"):]
    section = section[:section.index("\n## ", 1)] if "\n## " in section[1:] else section
    named = set(re.findall(r"`([\w/]+\.py)`", section))
    modules = [p.relative_to(ROOT).as_posix() for top in ("bot", "index", "tests", "benchmarks") for p in (ROOT / top).rglob("*.py")]
    missing = [n for n in sorted(named) if not any(m == n or m.endswith("/" + n) for m in modules)]
    assert named and not missing, f"README Architecture names modules that do not exist: {missing}"


def _command_lines() -> list[tuple[str, str]]:
    """Every `peerbot COMMAND …` README shows (in backticks or a shell block) and the deployment files run:
    (where, the words after `peerbot`)."""
    found = [("README", words) for words in re.findall(r"`(?:\.venv/bin/)?peerbot ([a-z][^`]*)`", README)]
    for block in re.findall(r"```\w*\n(.*?)```", README, re.S):
        block = re.sub(r"(?m)^(docker run .*?) peerbot(?=\s)", r"\1 IMAGE", block)  # the image's name, not the command
        found += [("README", w) for w in re.findall(r"(?:^|[\s\"&;:])(?:\.venv/bin/)?peerbot ([a-z][^\n#&\"|>]*)", block, re.M)]
    for name in ("Procfile", "Dockerfile", "bin/post_compile"):
        text = (ROOT / name).read_text()
        found += [(name, w) for w in re.findall(r"(?<![\w/.-])peerbot ([a-z][a-z-]*(?: --?[\w-]+)*)", text)]
        found += [(name, " ".join(w.split('", "'))) for w in re.findall(r'\["peerbot", "([^\]]*)"\]', text)]
    return found


def test_every_command_line_readme_and_the_deployment_files_show_names_a_command_and_its_options():
    """Stop 42: nothing checked that README's examples and the Procfile's and Dockerfile's commands name
    commands and options peerbot has: a renamed option would leave them failing on a new engineer's machine."""
    commands = build_parser()._subparsers._group_actions[0].choices
    lines = _command_lines()
    assert {where for where, _ in lines} == {"README", "Procfile", "Dockerfile", "bin/post_compile"}
    wrong = []
    for where, words in lines:
        name = words.split()[0]
        if name == "COMMAND":  # `peerbot COMMAND --help`
            continue
        if name not in commands:
            wrong.append((where, words))
            continue
        options = {o for action in commands[name]._actions for o in action.option_strings}
        wrong += [(where, words) for option in re.findall(r"(?<![\w-])--?[a-z][\w-]*", words) if option not in options]
    assert not wrong, f"command lines naming a command or option peerbot lacks: {wrong}"


def test_every_option_value_readme_shows_is_one_the_option_takes():
    """Stop 43: a value an option cannot take is a usage error (`--week 2026-99`); README's examples
    (`digest --preview --json --week 2026-W47`, `--since 2026-11-18`) must stay values it takes."""
    commands = build_parser()._subparsers._group_actions[0].choices
    checked, wrong = [], []
    for where, words in _command_lines():
        if words.split()[0] not in commands:
            continue
        typed = {o: a for a in commands[words.split()[0]]._actions for o in a.option_strings if a.type}
        tokens = words.split()
        for option, value in zip(tokens, [*tokens[1:], ""], strict=True):
            option, _, given = option.partition("=")
            value = given or value
            if option not in typed or not value or re.search(r"[A-Z]{2,}|…|^-", value):  # a placeholder: DATE, ID
                continue
            checked.append(value)
            try:
                typed[option].type(value)
            except (argparse.ArgumentTypeError, ValueError) as e:
                wrong.append((where, words, str(e)))
    assert "2026-W47" in checked and "2026-11-18" in checked
    assert not wrong, f"README shows option values peerbot refuses: {wrong}"


def test_no_option_s_help_gives_a_default_that_means_not_given():
    """`digest --help` said `--resend DESTINATION … (repeatable) (default: [])`, and README `(default: `[]`)`."""
    for sub in build_parser()._subparsers._group_actions[0].choices.values():
        assert "(default: [])" not in " ".join(sub.format_help().split()), sub.prog
    assert "(default: `[]`)" not in README and "(default: `None`)" not in README


def test_readme_names_every_field_and_category_a_question_set_may_hold():
    """Stop 43: README's question-set sentence left out `offtopic`, which `dev_questions.jsonl` uses, and the
    categories `eval` scores apart."""
    from bot.evaluation import CATEGORIES, FIELDS

    sentence = README[README.index("A question set is JSON lines"):]
    sentence = sentence[:sentence.index(".\n") if ".\n" in sentence else None]
    missing = [name for name in (*FIELDS, *CATEGORIES) if f"`{name}`" not in sentence]
    assert not missing, f"README's question-set sentence lacks {missing}"
