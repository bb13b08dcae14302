from conftest import KNOWLEDGE

from index.chunking import chunk_blocks, count_words, parse_blocks, split_sentences
from index.documents import load_corpus


def sentence(n: int, word: str = "word") -> str:
    return " ".join([word] * (n - 1)) + " end."


def test_quote_keeps_its_attribution():
    body = "## Building trust\n\nIntro paragraph.\n\n> Words of wisdom.\n>\n> — Jo Bloggs, Chief executive, A Trust\n"
    blocks = parse_blocks(body)
    assert blocks[-1].kind == "quote"
    assert blocks[-1].text == "Words of wisdom.\n— Jo Bloggs, Chief executive, A Trust"
    assert all(b.section == "Building trust" for b in blocks)


def test_inline_markdown_is_read_as_the_words_it_marks():
    body = ("## The **staff** bank\n\nWe agreed **one shared staff bank**, wrote a *memorandum of understanding* "
            "and published it on [our website](https://example.org/mou).\n\n- a _first_ item\n- `second` item\n\n"
            "> Working __together__ got us further.\n>\n> — Dr Sam Example, Medical director\n")
    blocks = parse_blocks(body)
    assert [b.text for b in blocks] == [
        "We agreed one shared staff bank, wrote a memorandum of understanding and published it on our website.",
        "- a first item\n- second item",
        "Working together got us further.\n— Dr Sam Example, Medical director",
    ]
    assert {b.section for b in blocks} == {"The staff bank"}
    kept = "snake_case_name, 5 * 3 * 2, a footnote* and [a bracket] stay as written."
    assert parse_blocks(kept)[0].text == kept


def test_plain_attribution_line_after_a_quote_joins_it():
    blocks = parse_blocks("> Quoted words here.\n\n— Sam Lee, Chair\n")
    assert len(blocks) == 1 and blocks[0].text.endswith("— Sam Lee, Chair")


def test_passages_never_cross_headings_and_small_paragraphs_merge():
    body = "## One\n\n" + sentence(30) + "\n\n" + sentence(30) + "\n\n## Two\n\n" + sentence(20)
    passages = chunk_blocks(parse_blocks(body))
    assert [p.section for p in passages] == ["One", "Two"]
    assert passages[0].word_count == 60


def test_long_paragraph_is_split_at_sentences_within_limits():
    paragraph = " ".join(sentence(25) for _ in range(20))  # 500 words
    passages = chunk_blocks(parse_blocks(paragraph), max_words=150)
    assert len(passages) >= 4
    assert all(p.word_count <= 150 for p in passages)
    assert all(p.text.endswith("end.") for p in passages)


def test_token_budget_is_respected_and_no_text_is_lost():
    paragraph = " ".join(sentence(12, "supercalifragilistic") for _ in range(10))
    cost = lambda text: len(text.split()) * 3  # a stand-in tokenizer: 3 tokens a word  # noqa: E731
    passages = chunk_blocks(parse_blocks(paragraph), cost, budget=120)
    assert all(cost(p.text) <= 120 for p in passages)
    assert " ".join(p.text for p in passages).split() == paragraph.split()


def test_a_single_overlong_sentence_is_split_at_words():
    words = " ".join(f"w{i}" for i in range(400))
    passages = chunk_blocks(parse_blocks(words), max_words=150)
    assert all(p.word_count <= 150 for p in passages)
    assert " ".join(p.text for p in passages).split() == words.split()


def test_positions_are_sequential():
    body = "\n\n".join(sentence(100) for _ in range(4))
    assert [p.position for p in chunk_blocks(parse_blocks(body))] == [0, 1, 2, 3]


def test_sentences_split_on_ends_and_line_breaks():
    assert split_sentences("First one. Second “quoted” one! Third?\n— Name, Role") == [
        "First one.", "Second “quoted” one!", "Third?", "— Name, Role"]


def test_bundled_corpus_passages_are_mostly_60_to_150_words():
    docs = load_corpus(KNOWLEDGE).documents
    passages = [p for d in docs for p in chunk_blocks(parse_blocks(d.body))]
    assert all(p.word_count <= 180 for p in passages)
    in_range = [p for p in passages if 40 <= p.word_count <= 180]
    assert len(in_range) / len(passages) >= 0.7
    quote_passages = [p for p in passages if "— Diane Wake" in p.text]
    assert len(quote_passages) == 1 and "much more pleasant" in quote_passages[0].text
    assert sum(count_words(d.body) for d in docs) >= sum(p.word_count for p in passages) * 0.95


def test_a_pull_quote_repeating_a_longer_paragraph_is_dropped():
    body = (
        "Partners employed community connectors to tackle health challenges\n\n"
        "Other text in between.\n\n"
        "Partners employed community connectors to tackle health challenges (SMI). They also trained staff."
    )
    from index.chunking import drop_repeated_blocks

    kept = drop_repeated_blocks(parse_blocks(body))
    assert [b.text for b in kept] == ["Other text in between.", body.split("\n\n")[2]]
