"""The kinds of request peerbot declines (`out_of_scope.yaml`): loading, cues, pointers."""

import pytest

from bot.scope_files import ScopeError, load_out_of_scope


def test_every_kind_has_a_reply_examples_and_working_cues(corpus_dir):
    kinds = {k.name: k for k in load_out_of_scope(corpus_dir)}
    assert "care of a patient" in kinds and "contact details" in kinds
    assert all(k.reply and k.examples for k in kinds.values())
    assert kinds["contact details"].cued("What's the phone number for Bradford District Care?")
    assert kinds["care of a patient"].cued("Should I stop taking my antidepressants?")
    assert kinds["general knowledge and chat"].cued("Can you recommend a good book on leadership?")
    assert "clinician" in kinds["care of a patient"].reply
    # the file's lesson questions: the same request asked as what organisations did is not cued
    assert kinds["care of a patient"].cued("My dad needs a bed")
    assert not kinds["care of a patient"].cued("My dad needs a bed: how do trusts share beds?")


@pytest.mark.parametrize("question", [
    "How did trusts build trust at board level?",
    "What did the chief executive of Dudley say about mutual aid?",
    "How do collaboratives keep patients' voices at the centre?",
    "How did the committee in common make decisions?",
    "Which hospital hosted the weekend operating lists?",
])
def test_no_cue_fires_on_questions_about_how_collaboratives_work(corpus_dir, question):
    assert not any(k.cued(question) for k in load_out_of_scope(corpus_dir))


@pytest.mark.parametrize("text, problem", [
    ("out_of_scope:\n  chat:\n    - a list is the old format\n", "needs `reply:`"),
    ("out_of_scope:\n  chat:\n    reply: Go away.\n    examples: []\n", "at least one example"),
    ("out_of_scope:\n  chat:\n    reply: Go.\n    examples: [hi]\n    cues: ['(unclosed']\n", "is not a regular expression"),
    ("out_of_scope: [1, 2]\n", "expected `out_of_scope:` mapping"),
    ("lesson_questions: ['(']\nout_of_scope:\n  chat:\n    reply: Go.\n    examples: [hi]\n", "is not a regular expression"),
    ("lesson_questions: how\nout_of_scope:\n  chat:\n    reply: Go.\n    examples: [hi]\n", "must be a list"),
    ("out_of_scope: {a: [\n", "malformed YAML"),
])
def test_a_malformed_file_is_one_clear_error(tmp_path, text, problem):
    (tmp_path / "out_of_scope.yaml").write_text(text)
    with pytest.raises(ScopeError, match=problem):
        load_out_of_scope(tmp_path)


_KIND = "out_of_scope:\n  chat:\n    reply: Go.\n    examples: [hi]\n    cues: [{}]\n"


@pytest.mark.parametrize("cue, problem", [
    ("'a{4294967296}'", "repetition number is too large"),  # OverflowError, not re.error
    ("'" + "(" * 2000 + "a" + ")" * 2000 + "'", "nested too deeply"),  # RecursionError
    (r"'^(\w+\s?)*$'", "more than one way"),  # each would backtrack for ever on a question that nearly matches
    ("'^(a|aa)+$'", "more than one way"),
    ("'(.*)*x'", "more than one way"),
    ("'^([a-z ]+)*[0-9]'", "more than one way"),
    ("'(?=(\\w|\\w\\w)+$)'", "more than one way"),
    ("'" + "|".join(f"zz{i}qq" for i in range(50_000)) + "'", "longer than 5,000 characters"),  # compiles for minutes
    ("'.*.*.*x'", "two repeated parts in a row"),  # each can give the next any share of a question with no x
    (r"'\w+\s*\w+ cost'", "two repeated parts in a row"),
    ("'(.*)(.*)x'", "two repeated parts in a row"),
    # a long repeat after one that can take what is between them, one unbounded: too many splits at each start
    ("'a.*b.*c'", "split a question that nearly matches"),
    (r"'\bhow\b.*\bmuch\b.*cost'", "split a question that nearly matches"),
    ("'a.*(b.*c|d)'", "split a question that nearly matches"),
    (r"'a.*(\w+ ){0,3}x'", "split a question that nearly matches"),
    ("'a.*b[^.?!]{0,60}c'", "split a question that nearly matches"),
])
def test_a_cue_python_cannot_compile_or_that_could_backtrack_for_ever_is_refused(tmp_path, cue, problem):
    (tmp_path / "out_of_scope.yaml").write_text(_KIND.format(cue))
    with pytest.raises(ScopeError, match=problem):
        load_out_of_scope(tmp_path)


@pytest.mark.parametrize("cue", ["' (so|no|not)* useless'", "'(ab|a)*c'", r"'(\w+ ){0,3}jobs'", "'(a|b)+c'", "''",
                                 r"'\bhow\b[^.?!]{0,80}\bmuch\b[^.?!]{0,60}cost'", r"'\d+\s+\w+'", "'.*,.*'", "'( (me|at all))*\\W*$'",
                                 r"'[a-z]+, [a-z]+ .*z'"])
def test_a_repeat_that_splits_one_way_only_is_kept(tmp_path, cue):
    (tmp_path / "out_of_scope.yaml").write_text(_KIND.format(cue))
    assert load_out_of_scope(tmp_path)[0].cues


def test_answers_take_the_three_outcomes_with_the_hashing_model(answerer):
    answered = answerer.answer("How did the committee in common make decisions?")
    assert answered.outcome == "answered" and answered.snippets and not answered.closest
    uncovered = answerer.answer("marmalade wombats")  # English words the corpus never uses
    assert uncovered.outcome == "not_covered" and not uncovered.snippets and not uncovered.contacts
    pointed = answerer.answer("What's the phone number for Bradford District Care NHS Foundation Trust?")
    assert pointed.outcome == "out_of_scope" and pointed.off_topic and "switchboard" in pointed.pointer
    assert not pointed.snippets and pointed.to_dict()["answered"] is False
