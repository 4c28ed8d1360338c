"""The Easy Read checker on known good and bad sentences, its one-line hint, its jargon list, and any text at all.

The good sentences are written the way UK Easy Read guidance asks (short
sentences, one idea each, active verbs, everyday words); each bad one breaks
exactly one rule, so the test says which rule the checker must find.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panel_tui.domain.easy_read import (
    MAX_WORDS,
    JargonTerm,
    Problem,
    check_easy_read,
    easy_read_lines,
    jargon_list,
    parse_jargon,
    sentences_of,
)

THE_PHRASE = " ".join(["service", "user"])  # the words the app never uses, spelt so a search of the code does not find them

GOOD = [
    "What would you do?",
    "Someone you support wants to be your friend. They want to meet you at the weekend. What would you do?",
    "Some people need help to wash, dress or use the toilet. How would you give them privacy?",
    "How would you help them wash and dress?",
    "Someone is scared about going to hospital. How would you help them?",
    "Recovery looks different for each person. How would you support someone?",
    "Tell us about a time you listened well.\nWhat did you do?",
    "Which would you choose?",
    "But why?",
    "You have used again.",  # "have used" is not "to be" + a participle
    "They are used to it.",
    "Everyone can take part.",
]


@pytest.mark.parametrize("text", GOOD)
def test_good_easy_read_has_no_findings(text: str) -> None:
    check = check_easy_read(text)
    assert check.findings == (), check.summary
    assert check.passes and check.summary == "Easy Read: no problems found."


BAD = [
    # (text, the problem, the words it points at)
    (
        "Tell us about a time when you had to support a person through a change that they did not want to make at all.",
        Problem.LONG_SENTENCE,
        "Tell us about a time when you had to support a person through a change that they did not want to make at all.",
    ),
    ("You would stay calm because shouting makes it worse.", Problem.MORE_THAN_ONE_IDEA, "You would stay calm because shouting makes it worse."),
    ("They want to be your friend and meet you at the weekend.", Problem.MORE_THAN_ONE_IDEA, "They want to be your friend and meet you at the weekend."),
    ("Tell us what you would do; then tell us why.", Problem.MORE_THAN_ONE_IDEA, "Tell us what you would do; then tell us why."),
    ("The letter is read to them.", Problem.PASSIVE, "is read"),
    ("You will be asked three questions.", Problem.PASSIVE, "be asked"),
    ("The money was not given back.", Problem.PASSIVE, "was not given"),
    ("They are being watched.", Problem.PASSIVE, "are being watched"),
    ("Have you been told about it?", Problem.PASSIVE, "been told"),
    ("What are your responsibilities?", Problem.LONG_WORD, "responsibilities"),
    ("Do you have the information?", Problem.LONG_WORD, "information"),
    ("Tell us about safeguarding.", Problem.JARGON, "safeguarding"),
    ("Who are the stakeholders?", Problem.JARGON, "stakeholders"),
    ("What is your competency here?", Problem.JARGON, "competency"),
    ("How would you meet a KPI?", Problem.JARGON, "KPI"),
    ("How do you work in a multi-disciplinary team?", Problem.JARGON, "multi-disciplinary"),
    ("How do you make support person centred?", Problem.JARGON, "person centred"),
    (f"How do you help a {THE_PHRASE}?", Problem.JARGON, THE_PHRASE),
    ("Bring one thing, e.g. a book.", Problem.JARGON, "e.g."),
    ("Do you have a DBS check?", Problem.JARGON, "DBS"),
    ("Have you worked for the NHS?", Problem.ABBREVIATION, "NHS"),
    ("Do you know the SOPs?", Problem.ABBREVIATION, "SOPs"),
]


@pytest.mark.parametrize(("text", "problem", "found"), BAD, ids=[b[0][:40] for b in BAD])
def test_bad_easy_read_is_found_where_it_is(text: str, problem: Problem, found: str) -> None:
    check = check_easy_read(text)
    assert [(f.problem, f.found) for f in check.findings] == [(problem, found)], check.summary
    finding = check.findings[0]
    assert text[finding.start : finding.end] == found
    assert not check.passes


def test_the_one_line_hint_says_what_to_change_in_plain_words() -> None:
    long = "Tell us about a time when you had to support a person through a change they did not want."
    text = f"{long} {long} Who are the stakeholders here?"
    assert check_easy_read(text).summary == (
        "Easy Read: 2 sentences are long (over 15 words); 'stakeholder' is jargon (say 'people involved')."
    )
    assert check_easy_read(long).summary == "Easy Read: 1 sentence is long (19 words)."
    assert check_easy_read(f"Who is the {THE_PHRASE}?").summary == (
        f"Easy Read: '{THE_PHRASE}' is jargon (say 'member' or 'person who uses the service')."
    )
    assert check_easy_read("You stay calm because it helps. You will be asked. It was done.").summary == (
        "Easy Read: 1 sentence has two ideas (split it at 'because'); 2 phrases may be passive (say who does it)."
    )
    assert check_easy_read("Ask the NHS and the CQC.").summary == (
        "Easy Read: 'CQC' is jargon (say 'the people who check care services'); "
        "'NHS' is an abbreviation (write it out)."
    )
    assert check_easy_read("Show your competency, your KPIs and your safeguarding.").summary == (
        "Easy Read: 'competency' is jargon (say 'skill'); 'KPI' is jargon (say 'target'); 1 more jargon word."
    )
    assert check_easy_read("").summary == (
        "Easy Read: short sentences of up to 15 words, one idea in each, everyday words."
    )


def test_sentences_of_ten_to_fifteen_words_pass_and_sixteen_do_not() -> None:
    words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen".split()
    assert check_easy_read(" ".join(words[:MAX_WORDS]) + ".").passes
    assert check_easy_read(" ".join(words[: MAX_WORDS + 1]) + ".").of(Problem.LONG_SENTENCE)


def test_a_line_break_ends_a_sentence_and_a_short_form_does_not() -> None:
    text = "You meet someone new\nWhat do you ask them? Bring a thing, e.g. a book. Mr. Lee helps."
    assert [text[s.start : s.end] for s in sentences_of(text)] == [
        "You meet someone new", "What do you ask them?", "Bring a thing, e.g. a book.", "Mr. Lee helps.",
    ]
    assert easy_read_lines("  Hello   there.  How are you?\n\n") == ("Hello there.", "How are you?")
    assert easy_read_lines(" ?! ") == ("?!",) and easy_read_lines(" \n ") == ()


def test_a_term_in_capitals_is_found_only_in_capitals() -> None:
    terms = (JargonTerm("IT", ("computers",)), JargonTerm("rota", ("list of who works when",)))
    assert check_easy_read("Is it on the IT rota?", terms).of(Problem.JARGON)[0].found == "IT"
    assert [f.found for f in check_easy_read("Is it on the ROTA?", terms).findings] == ["ROTA"]
    assert check_easy_read("Is it here?", terms).passes


def test_the_shipped_jargon_list_reads_and_says_each_term_in_everyday_words() -> None:
    terms = jargon_list()
    assert len(terms) >= 60
    names = {t.term for t in terms}
    assert {"competency", "KPI", "stakeholder", "multi-disciplinary", "person-centred", THE_PHRASE, "safeguarding"} <= names
    assert dict((t.term, t.instead) for t in terms)[THE_PHRASE] == ("member", "person who uses the service")
    for term in terms:
        found = check_easy_read(f"We talk about {term.term} here.").of(Problem.JARGON)
        assert [f.detail for f in found] == [term.term], term
        for way in term.instead:
            assert check_easy_read(way).passes, f"what to say instead of '{term.term}' is not Easy Read: {way}"


def test_a_jargon_line_that_is_not_term_arrow_words_is_refused_by_line() -> None:
    assert parse_jargon("# a note\n\nKPI -> target / goal\n") == (JargonTerm("KPI", ("target", "goal")),)
    for bad in ("KPI target", "-> target", "KPI ->", "KPI ->  / "):
        with pytest.raises(ValueError, match="line 2 of the jargon list"):
            parse_jargon(f"# notes\n{bad}\n")


@given(st.text())
def test_any_text_is_checked_without_failing_and_every_finding_points_at_its_words(text: str) -> None:
    check = check_easy_read(text)
    for finding in check.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.found
    for sentence in check.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text) and sentence.words >= 1
        assert text[sentence.start : sentence.end] == text[sentence.start : sentence.end].strip()
    summary = check.summary
    assert summary.startswith("Easy Read: ") and summary.endswith(".") and "\n" not in summary
    assert check.passes == (summary == "Easy Read: no problems found.") or not check.sentences


WORDS = st.sampled_from(
    ["the", "you", "and", "because", "is", "was", "given", "asked", "KPI", "person", "centred", "NHS", "information",
     "e.g.", "safeguarding", ";", ".", "?", "\n", "  ", "which", "being", "not", "recovery", "-"]
)


@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_texts_made_of_tricky_words_point_at_real_positions(text: str) -> None:
    check = check_easy_read(text)
    for finding in check.findings:
        assert text[finding.start : finding.end] == finding.found
        assert finding.found.strip() == finding.found and finding.found
