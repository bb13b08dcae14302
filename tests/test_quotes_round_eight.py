"""Quotation classes round eight of the adversarial set found (tests/data/quotes_adversarial/adv8-*,
BENCHMARKS.md "An eighth round"): each test failed before its fix."""

from test_quotes import attributed, found

from index.documents import Person
from index.readers import read_document

DELANEY = Person("Marcus Delaney", "Network manager", "Ellerby Neonatal Operational Delivery Network")
QUAYE = Person("Dr Esther Quaye", "Clinical lead", "Ellerby Neonatal Operational Delivery Network")
OKAFOR = Person("Dr Rose Okafor", "Clinical director", "Tamsworth Children's Collaborative")
WARD = Person("Ben Ward", "Programme manager", "Tamsworth Children's Collaborative")


def test_words_a_pull_quote_credits_to_someone_else_than_the_body_does_are_no_ones():
    """"“A,” said Marcus Delaney" in the text, "> “A.” / > — Dr Esther Quaye" in a pull quote: whose are
    they? No one's, in both places, and the pull quote's line is hidden (an empty quotation credited to
    its name covers it). Before, the body credited them to him and the box to her."""
    markdown = ("“Every cot in the network is our cot,” said Marcus Delaney, the network's manager.\n\n"
                "> “Every cot in the network is our cot.”\n>\n> — Dr Esther Quaye, clinical lead\n\n"
                "“We agreed the cot bureau before we agreed anything about money,” said Marcus Delaney.\n")
    quotes = [(text, q) for text, q in found(markdown, [DELANEY, QUAYE])]
    assert [(q.name, q.text) for _, q in quotes if q.text] == [
        ("", "Every cot in the network is our cot"), ("", "Every cot in the network is our cot."),
        ("Marcus Delaney", "We agreed the cot bureau before we agreed anything about money")]
    (text, line), = [(text, q) for text, q in quotes if q.name and not q.text]
    assert line.name == "Dr Esther Quaye" and text[line.span_start:line.span_end] == "— Dr Esther Quaye, clinical lead"


def test_a_pull_quote_repeating_the_bodys_words_under_the_same_person_keeps_them_theirs():
    markdown = ("“Every cot in the network is our cot,” said Marcus Delaney, the network's manager.\n\n"
                "> “Every cot in the network is our cot.”\n>\n> — Marcus Delaney\n")
    assert [name for name, _ in attributed(markdown, [DELANEY, QUAYE])] == ["Marcus Delaney", "Marcus Delaney"]


def test_a_pull_quote_set_as_a_heading_over_another_name_makes_the_bodys_credit_no_ones():
    """A PDF's pull quote read as a heading, "— Ben Ward, programme manager" under it, and the same
    words "said Dr Rose Okafor" in the body: before, credited to her."""
    markdown = ("## “Every child is on one community paediatrics list.”\n\n— Ben Ward, programme manager\n\n"
                "“Every child is on one community paediatrics list,” said Dr Rose Okafor.\n\n"
                "“Children now move to whichever clinic has the first slot,” said Dr Rose Okafor.\n")
    quotes = [(text, q) for text, q in found(markdown, [OKAFOR, WARD])]
    assert [(q.name, q.text) for _, q in quotes if q.text] == [
        ("", "Every child is on one community paediatrics list"),
        ("Dr Rose Okafor", "Children now move to whichever clinic has the first slot")]
    (text, line), = [(text, q) for text, q in quotes if not q.text]
    assert line.name == "Ben Ward" and text[line.span_start:line.span_end] == "— Ben Ward, programme manager"


def test_an_html_pull_quote_aside_and_a_figure_caption_are_read(tmp_path):
    """A pull-quote `<aside>` (text opening with a quotation mark) is a blockquote with its "— Name" line,
    and a `<figure>`'s caption a paragraph; other asides are still dropped. Before, both were dropped, so
    the pull quote's other name for the body's words was never seen."""
    page = tmp_path / "briefing.html"
    page.write_text("<html><body><article><h1>Neonatal</h1>"
                    "<p>“Every cot in the network is our cot,” said Marcus Delaney.</p>"
                    "<aside class=\"pull-quote\"><p>“Every cot in the network is our cot.”</p>"
                    "<p>— Dr Esther Quaye, clinical lead</p></aside>"
                    "<aside class=\"related\"><p>Read more: the neonatal review</p></aside>"
                    "<figure><img src=\"t.jpg\" alt=\"\"><figcaption>“We were always one team, we just had four "
                    "badges,” says Dr Esther Quaye.</figcaption></figure>"
                    "</article></body></html>", encoding="utf-8")
    body = read_document(page).markdown()
    assert "> “Every cot in the network is our cot.”\n>\n> — Dr Esther Quaye, clinical lead" in body
    assert "“We were always one team, we just had four badges,” says Dr Esther Quaye." in body
    assert "Read more" not in body


HOPE_WARD = Person("Hope Ward", "Network director", "Calderside Vascular Network")


def test_a_parenthetical_between_a_quotation_and_said_name_does_not_hide_the_speaker():
    """"“…” (a view we heard in every trust, …), said Hope Ward": hers. Before, left to no one (safe, missed)."""
    markdown = ("“Nobody wants to go back to three vascular rotas” (a view we heard in every trust we visited, from "
                "porters to board members, and one the staff survey bears out), said Hope Ward.\n")
    assert attributed(markdown, [HOPE_WARD]) == [("Hope Ward", "Nobody wants to go back to three vascular rotas")]


def test_a_parenthetical_saying_someone_else_spoke_keeps_the_quotation_no_ones():
    markdown = ("“Nobody wants to go back to three vascular rotas” (as one porter told us), said Hope Ward.\n\n"
                "“Nobody wants to go back to three separate theatre rotas” (a consultant's words), Hope Ward recalled "
                "a colleague saying.\n")
    assert attributed(markdown, [HOPE_WARD]) == []


WILL_ROSE = Person("Will Rose", "Consultant vascular surgeon", "Calderside Vascular Network")


def test_a_listed_surname_before_a_post_is_no_mention_of_them():
    """"said Ward sister Amy Chen" is no quotation of Hope Ward's ("Ward" is the ward, before a post).
    Before, hers."""
    markdown = ("“The night transfers were the hardest part of the whole year,” said Ward sister Amy Chen.\n\n"
                "“The night transfers were the hardest part of the whole year,” said Ward manager Amy Chen.\n\n"
                "“Every spoke keeps its vascular clinics and its outpatient rooms,” said Ward.\n")
    assert attributed(markdown, [HOPE_WARD, WILL_ROSE]) == [
        ("Hope Ward", "Every spoke keeps its vascular clinics and its outpatient rooms")]


def test_a_listed_first_name_introducing_someone_new_is_no_mention_of_them():
    """"said Will, a patient", "Hope, 34, said:", "said Hope, whose son …": a newcomer who shares a
    listed leader's first name. Before, Will Rose's and Hope Ward's words."""
    markdown = ("“I was home the same day after my bypass operation,” said Will, a patient from the furthest spoke.\n\n"
                "Hope, 34, said: “The nurses knew our names by the second night at the hub.”\n\n"
                "“The nurses knew our names by the second night at the hub,” said Hope, whose son was treated there.\n\n"
                "“Every spoke keeps its vascular clinics and its outpatient rooms,” said Will Rose.\n")
    assert attributed(markdown, [HOPE_WARD, WILL_ROSE]) == [
        ("Will Rose", "Every spoke keeps its vascular clinics and its outpatient rooms")]


def test_a_quotation_said_by_a_listed_person_and_others_together_is_no_ones():
    """"said Hope Ward and her team", "said Hope Ward and colleagues in a joint letter": a group's words,
    not hers alone (as "Hope Ward and colleagues said:" already was). Before, hers. "said Hope Ward and
    added …" is still hers."""
    markdown = ("“The nurses knew our names by the second night at the hub,” said Hope Ward and her team.\n\n"
                "“The transfer protocol was rehearsed twice before the first night,” said Hope Ward and colleagues "
                "in a joint letter.\n\n"
                "“Every spoke keeps its vascular clinics and its outpatient rooms,” said Hope Ward and added that "
                "the clinics were busier than ever.\n")
    assert attributed(markdown, [HOPE_WARD]) == [
        ("Hope Ward", "Every spoke keeps its vascular clinics and its outpatient rooms")]
