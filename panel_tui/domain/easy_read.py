"""Easy Read: a checker that shows a question writer what to change, like the reading-ease hint.

UK Easy Read guidance asks for sentences of 10 to 15 words, one idea in each
sentence, active verbs ("we will ask you", not "you will be asked"),
everyday words with no jargon or abbreviations, pictures beside the words,
and asking each person which format they want. This checker looks at the
words only:

- pictures are out of scope: a terminal shows no pictures, so nothing here
  asks for one (a printed pack may add them beside the words);
- asking each person which format they want is the panel member's access
  profile, not a property of a text.

What it finds, and how (each is a heuristic, so it guides; it never refuses):

- **long sentences**: more than `MAX_WORDS` (15) words. Short sentences are
  never found: "What would you do?" is good Easy Read.
- **more than one idea**: a semicolon inside a sentence; or a joining word
  that starts a second part, with words on both sides: "because", "but",
  "which", "although", "though", "whereas", "unless" when at least
  `ALWAYS_MIN_WORDS` (2) words come before and after ("In which room?" and
  "But why?" are one idea); "and" and "or" only when at least
  `AND_MIN_WORDS` (4) words follow them and `BEFORE_AND_MIN_WORDS` (3) come
  before, so "wash and dress" is one idea and "wants to be your friend and
  meet up at the weekend" is two. Only the first joining word of a sentence
  is named. Limits: ideas joined only by a comma, "that", "when" or "if"
  are not found; a long list joined by "and" is.
- **passive voice**: a form of "to be" (is, are, was, were, be, been, being,
  am, and "isn't"-style forms), then up to two words such as "not", "often"
  or one ending in -ly, then a past participle: a word ending in -ed or one of
  the known irregular ones (given, told, seen...). Words that describe how
  someone feels ("scared", "worried", "tired") are not counted: "They are
  scared" is active and good Easy Read. Limits: "got told" and passives
  without "to be" are not found; an -ed adjective not in the list is.
- **long words**: `LONG_SYLLABLES` (4) or more syllables and at least
  `LONG_LETTERS` (9) letters, or `VERY_LONG_LETTERS` (13) letters or more.
  Syllables are counted by `readability.syllables`. Three syllables would
  find everyday words ("family", "hospital", "volunteer", "everyone"), and
  4 syllables alone would find "recovery"; "information" and
  "responsibility" are found.
- **jargon**: the terms in `easy_read_jargon.txt`, kept as data (one term a
  line with what to say instead; its header says how terms are matched).
- **abbreviations**: any other word written in capitals of two letters or
  more (DBS, NHS), with or without a plural s.

A word inside a jargon term is not reported again as a long word or an
abbreviation. Every finding points at the words it is about: `text[start:end]`
is exactly `found`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from .readability import syllables

MAX_WORDS = 15
ALWAYS_MIN_WORDS = 2
AND_MIN_WORDS = 4
BEFORE_AND_MIN_WORDS = 3
LONG_SYLLABLES = 4
LONG_LETTERS = 9
VERY_LONG_LETTERS = 13
JARGON_FILE = "easy_read_jargon.txt"

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE_MARK = re.compile(r"[.!?]+(?=\s|$)")
_NOT_AN_END = re.compile(r"(?:^|[\s(])(?:e\.g|i\.e|mr|mrs|ms|dr)$", re.IGNORECASE)
"""A full stop after one of these short forms does not end the sentence."""

JOINS_ALWAYS = frozenset({"because", "but", "which", "although", "though", "whereas", "unless"})
JOINS_WHEN_LONG = frozenset({"and", "or"})
BE_FORMS = frozenset(
    {"am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't", "weren't",
     "isn’t", "aren’t", "wasn’t", "weren’t"}
)
BETWEEN = frozenset(
    {"not", "never", "always", "often", "also", "still", "just", "usually", "sometimes", "already", "ever",
     "being", "been", "then", "all"}
)
IRREGULAR_PARTICIPLES = frozenset(
    """
    beaten begun bent bitten blown bought broken brought built caught chosen dealt done drawn driven
    eaten fallen fed felt forbidden forgiven forgotten found frozen given grown heard held hidden hit
    kept known laid led lent lost made meant met paid put read ridden rung said seen sent set shaken
    shown shut sold spent spoken stolen struck swept taken taught thrown told torn understood woken won
    worn written withdrawn overheard overtaken mistaken misunderstood
    """.split()
)
FEELINGS = frozenset(
    """
    scared worried tired bored interested excited pleased surprised confused annoyed embarrassed
    frightened ashamed relaxed stressed concerned married supposed amazed amused delighted disappointed
    upset hurt gone left born
    """.split()
)
"""Words after "to be" that describe how someone is, not something done to them."""
NOT_PARTICIPLES = frozenset({"bed", "red", "shed", "need", "seed", "feed", "speed", "hundred", "naked", "wicked", "sacred"})


class Problem(StrEnum):
    LONG_SENTENCE = "long sentence"
    MORE_THAN_ONE_IDEA = "more than one idea"
    PASSIVE = "passive"
    LONG_WORD = "long word"
    JARGON = "jargon"
    ABBREVIATION = "abbreviation"


@dataclass(frozen=True)
class JargonTerm:
    term: str
    instead: tuple[str, ...]
    """Ways to say it in everyday words, best first."""


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    words: int


@dataclass(frozen=True)
class Finding:
    """One thing to change. `text[start:end] == found`."""

    problem: Problem
    start: int
    end: int
    found: str
    detail: str = ""
    """The joining word (more than one idea), the number of words (long sentence), the term (jargon)."""
    instead: tuple[str, ...] = ()
    """For jargon: what to say instead."""


@dataclass(frozen=True)
class EasyReadCheck:
    """What the checker found in one text: the read model the form's hint shows."""

    text: str
    sentences: tuple[Sentence, ...]
    findings: tuple[Finding, ...]

    @property
    def passes(self) -> bool:
        return not self.findings

    def of(self, problem: Problem) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.problem is problem)

    @property
    def summary(self) -> str:
        """One line in plain words for the hint under the field."""
        if not self.sentences:
            return "Easy Read: short sentences of up to 15 words, one idea in each, everyday words."
        if self.passes:
            return "Easy Read: no problems found."
        return "Easy Read: " + "; ".join(self._parts()) + "."

    def _parts(self) -> Iterator[str]:
        long = self.of(Problem.LONG_SENTENCE)
        if long:
            yield f"1 sentence is long ({long[0].detail} words)" if len(long) == 1 else (
                f"{len(long)} sentences are long (over {MAX_WORDS} words)"
            )
        ideas = self.of(Problem.MORE_THAN_ONE_IDEA)
        if ideas:
            yield f"1 sentence has two ideas (split it at '{ideas[0].detail}')" if len(ideas) == 1 else (
                f"{len(ideas)} sentences have two ideas (split them)"
            )
        passive = self.of(Problem.PASSIVE)
        if passive:
            yield f"'{_one_line(passive[0].found)}' may be passive (say who does it)" if len(passive) == 1 else (
                f"{len(passive)} phrases may be passive (say who does it)"
            )
        yield from _named(self.of(Problem.LONG_WORD), "is a long word", "are long words", "long words")
        jargon = _distinct(self.of(Problem.JARGON))
        for finding in jargon[:2]:
            say = " or ".join(f"'{way}'" for way in finding.instead)
            yield f"'{finding.detail}' is jargon (say {say})"
        if len(jargon) > 2:
            more = len(jargon) - 2
            yield f"{more} more jargon {'word' if more == 1 else 'words'}"
        yield from _named(
            self.of(Problem.ABBREVIATION),
            "is an abbreviation (write it out)",
            "are abbreviations (write them out)",
            "abbreviations (write them out)",
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _distinct(findings: Iterable[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for finding in findings:
        seen.setdefault((finding.detail or finding.found).casefold(), finding)
    return list(seen.values())


def _named(findings: tuple[Finding, ...], one: str, some: str, many: str) -> Iterator[str]:
    words = [f.found for f in _distinct(findings)]
    if not words:
        return
    if len(words) == 1:
        yield f"'{words[0]}' {one}"
    elif len(words) <= 3:
        listed = ", ".join(f"'{w}'" for w in words[:-1])
        yield f"{listed} and '{words[-1]}' {some}"
    else:
        yield f"{len(words)} {many}, like '{words[0]}'"


# The jargon list -------------------------------------------------------------


def parse_jargon(text: str) -> tuple[JargonTerm, ...]:
    """The list from its file's text; a line that is not "term -> instead" raises ValueError naming it."""
    terms: list[JargonTerm] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        term, arrow, instead = line.partition("->")
        ways = tuple(w.strip() for w in instead.split("/") if w.strip())
        if not arrow or not term.strip() or not ways:
            raise ValueError(f"line {number} of the jargon list is not written as 'term -> what to say instead': {line}")
        terms.append(JargonTerm(term.strip(), ways))
    return tuple(terms)


@cache
def jargon_list() -> tuple[JargonTerm, ...]:
    """The list shipped with panel-tui (read once)."""
    return parse_jargon(resources.files(__package__).joinpath(JARGON_FILE).read_text(encoding="utf-8"))


@cache
def _jargon_pattern(terms: tuple[JargonTerm, ...]) -> re.Pattern[str] | None:
    """One pattern for every term, longest first, so "key performance indicator" wins over a shorter term."""
    parts = []
    for index, entry in sorted(enumerate(terms), key=lambda pair: -len(pair[1].term)):
        pieces = [re.escape(p) for p in re.split(r"[\s\-]+", entry.term) if p]
        body = r"[\s\-]+".join(pieces)
        plural = "(?:e?s)?" if entry.term[-1].isalpha() else ""
        if entry.term.isupper():
            body = f"(?-i:{body})"
        parts.append(rf"(?P<t{index}>(?<![^\W_]){body}{plural}(?![^\W_]))")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


# The checks ------------------------------------------------------------------


def sentences_of(text: str) -> tuple[Sentence, ...]:
    """Sentences end at . ! or ? before a space or the end, and at each line break (one sentence a line is Easy Read's way)."""
    found: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for mark in _SENTENCE_MARK.finditer(text, line.start(), line.end()):
            if _NOT_AN_END.search(text, start, mark.start()):
                continue
            found.extend(_sentence(text, start, mark.end()))
            start = mark.end()
        found.extend(_sentence(text, start, line.end()))
    return tuple(found)


def easy_read_lines(text: str) -> tuple[str, ...]:
    """Easy Read words one sentence a line, the way Easy Read is laid out.

    Text with no words ("?!") is kept as one line, so nothing typed is hidden; blank text gives no lines.
    """
    lines = tuple(" ".join(text[s.start : s.end].split()) for s in sentences_of(text))
    return lines or ((" ".join(text.split()),) if text.strip() else ())


def _sentence(text: str, start: int, end: int) -> list[Sentence]:
    words = len(_WORD.findall(text, start, end))
    if not words:
        return []
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return [Sentence(start, end, words)]


def check_easy_read(text: str, jargon: tuple[JargonTerm, ...] | None = None) -> EasyReadCheck:
    """Everything the checker finds in `text`, in the order it appears. Never raises on any text."""
    terms = jargon_list() if jargon is None else jargon
    sentences = sentences_of(text)
    findings: list[Finding] = []
    covered: list[tuple[int, int]] = []
    pattern = _jargon_pattern(terms)
    if pattern is not None:
        for match in pattern.finditer(text):
            entry = terms[int((match.lastgroup or "t0")[1:])]
            findings.append(Finding(Problem.JARGON, match.start(), match.end(), match.group(), entry.term, entry.instead))
            covered.append(match.span())
    for sentence in sentences:
        findings.extend(_sentence_findings(text, sentence))
    for word in _WORD.finditer(text):
        if any(s <= word.start() < e for s, e in covered):
            continue
        problem = _word_problem(word.group())
        if problem is not None:
            findings.append(Finding(problem, word.start(), word.end(), word.group()))
    findings.sort(key=lambda f: (f.start, f.end))
    return EasyReadCheck(text, sentences, tuple(findings))


def _word_problem(word: str) -> Problem | None:
    core = word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word
    if len(core) >= 2 and core.isupper() and sum(c.isalpha() for c in core) >= 2:
        return Problem.ABBREVIATION
    letters = sum(c.isalpha() for c in word)
    if letters >= VERY_LONG_LETTERS or (letters >= LONG_LETTERS and syllables(word) >= LONG_SYLLABLES):
        return Problem.LONG_WORD
    return None


def _sentence_findings(text: str, sentence: Sentence) -> Iterator[Finding]:
    span = text[sentence.start : sentence.end]
    if sentence.words > MAX_WORDS:
        yield Finding(Problem.LONG_SENTENCE, sentence.start, sentence.end, span, str(sentence.words))
    words = list(_WORD.finditer(text, sentence.start, sentence.end))
    joiner = _joining_word(text, sentence, words)
    if joiner is not None:
        yield Finding(Problem.MORE_THAN_ONE_IDEA, sentence.start, sentence.end, span, joiner)
    yield from _passives(words)


def _joining_word(text: str, sentence: Sentence, words: list[re.Match[str]]) -> str | None:
    semicolon = text.find(";", sentence.start, sentence.end)
    if semicolon != -1 and any(w.start() < semicolon for w in words) and any(w.start() > semicolon for w in words):
        return ";"
    for index, word in enumerate(words):
        lower = word.group().lower()
        before, after = index, len(words) - index - 1
        if lower in JOINS_ALWAYS and before >= ALWAYS_MIN_WORDS and after >= ALWAYS_MIN_WORDS:
            return lower
        if lower in JOINS_WHEN_LONG and before >= BEFORE_AND_MIN_WORDS and after >= AND_MIN_WORDS:
            return lower
    return None


def _passives(words: list[re.Match[str]]) -> Iterator[Finding]:
    lowered = [w.group().lower() for w in words]
    after_last = 0
    for index, word in enumerate(lowered):
        if word not in BE_FORMS or index < after_last:
            continue  # "is being watched" is one passive, not two
        ahead = index + 1
        skipped = 0
        while ahead < len(lowered) and skipped < 2 and (lowered[ahead] in BETWEEN or lowered[ahead].endswith("ly")):
            ahead += 1
            skipped += 1
        if ahead < len(lowered) and _participle(lowered[ahead], lowered[ahead + 1] if ahead + 1 < len(lowered) else ""):
            first, last = words[index], words[ahead]
            after_last = ahead + 1
            text = first.string
            yield Finding(Problem.PASSIVE, first.start(), last.end(), text[first.start() : last.end()])


def _participle(word: str, next_word: str) -> bool:
    if word in FEELINGS or word in NOT_PARTICIPLES:
        return False
    if word == "used" and next_word == "to":
        return False  # "are used to it"
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) >= 4 and word.endswith("ed") and word.isalpha()
