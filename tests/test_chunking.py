from conftest import KNOWLEDGE

from index.chunking import chunk_blocks, count_words, drop_furniture, parse_blocks, split_sentences
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


def test_footnotes_are_no_passage_and_their_markers_go():
    body = ("The trusts cut waiting times by a third[^1] after pooling beds.[^note]\n\n"
            "[^1]: Figures from the collaborative's own dashboard.\n    A second line of the note.\n"
            "[^note]: See the annual report.\n")
    assert [b.text for b in parse_blocks(body)] == ["The trusts cut waiting times by a third after pooling beds."]


def test_a_table_row_is_read_as_header_and_value_pairs():
    body = ("| Measure | Before | After |\n|:---|---:|---|\n| Out-of-area placements | 41 | 12 |\n"
            "| Stay \\| days | 60 | |\n")
    blocks = parse_blocks(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("table", "Measure: Out-of-area placements; Before: 41; After: 12\nMeasure: Stay | days; Before: 60")]
    assert drop_furniture(blocks) == blocks


def test_raw_html_in_markdown_reads_as_a_table_or_words_apart():
    body = ("<table>\n<tr><th>Measure</th><th>Before</th></tr>\n<tr><td>Out-of-area placements</td>"
            "<td>41 <b>beds</b></td></tr>\n</table>\n\n<details><summary>More</summary>Words that explain the "
            "plan.</details>\n")
    assert [(b.kind, b.text) for b in parse_blocks(body)] == [
        ("table", "Measure: Out-of-area placements; Before: 41 beds"),
        ("paragraph", "More Words that explain the plan.")]


def test_link_and_image_syntax_reads_as_the_words_alone():
    body = ("![A chart of waiting times](chart.png) We followed the [guide][g], the [NHS page][] and the "
            "[toolkit] closely; see <https://example.org/page> or <team@example.org>.\n\n"
            "[g]: https://example.org/guide \"Guide\"\n[NHS page]: https://example.org/nhs\n"
            "[toolkit]: <https://example.org/toolkit>\n")
    assert [b.text for b in parse_blocks(body)] == [
        "We followed the guide, the NHS page and the toolkit closely; see https://example.org/page or "
        "team@example.org."]


def test_html_code_rules_and_setext_headings_are_no_text():
    body = ("Intro\n=====\n\nThe lead said the <span class=\"hl\">single form</span> helped<br>families."
            "<!-- check with finance -->\n\n<!--\na comment\n\nover paragraphs -->\n\n```\nrun | this\n\n"
            "and this\n```\n\n***\n\nWhat we learnt\n--------------\n\nRun ``the `ask` verb`` today.\n")
    blocks = parse_blocks(body)
    assert [(b.section, b.text) for b in blocks] == [
        ("Intro", "The lead said the single form helped families."),
        ("What we learnt", "Run the `ask` verb today.")]
    assert [b.text for b in parse_blocks("```\n\nA fence never closed loses none of the words after it.\n")] == [
        "A fence never closed loses none of the words after it."]


def test_entities_escapes_lone_stars_and_invisible_marks_are_read():
    body = ("The board met &amp; agreed&nbsp;it; the lead&#8217;s note said &quot;yes&quot; &#x2014; and "
            "3\\*2, file\\_name, \\# and \\[x\\] stay. This *emphasis and **this are unclosed. "
            "Co\u200dordi\u00adnation mat\u200btered.\n")
    assert parse_blocks(body)[0].text == (
        "The board met & agreed it; the lead’s note said \"yes\" — and 3*2, file_name, # and [x] stay. "
        "This emphasis and this are unclosed. Coordination mattered.")


def test_task_boxes_and_definition_lists_read_as_text():
    body = ("- [ ] Agree the shared budget.\n- [x] Appoint a lead.\n\nShared budget\n: One pot for the "
            "three trusts.\n: Agreed yearly.\nLead\n: A named person.\n")
    assert [(b.kind, b.text) for b in parse_blocks(body)] == [
        ("list", "- Agree the shared budget.\n- Appoint a lead."),
        ("table", "Shared budget: One pot for the three trusts.\nShared budget: Agreed yearly.\nLead: A named person.")]


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
    from index.repeated_blocks import drop_repeated_blocks

    kept = drop_repeated_blocks(parse_blocks(body))
    assert [b.text for b in kept] == ["Other text in between.", body.split("\n\n")[2]]
