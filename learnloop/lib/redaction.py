"""Finding names, email addresses and phone numbers in comments, and replacing them. Django-free.

The rules, in the order they win when two matches overlap (the longer match wins, then the
earlier rule):

* **Analyst terms**: every occurrence of a term the analyst added, as a whole word or phrase,
  in any case.
* **Small groups**: the names of groups too small to be shown (fewer respondents than the
  minimum group size), as whole words in any case: a comment naming one points at its few
  members.
* **Email addresses**: any address, whether or not it belongs to someone in the organization.
* **Full names** of the organization's people, as whole words in any case ("maria lopez").
* **Single first or last names** (two letters or more) as whole words. A part that is also a
  common English word ("Will", "Hope", "Grace", "May", "Bill") is matched only when written with
  a capital and not at the start of a sentence, where the capital says nothing: "we hope so" and
  "Will we get a budget?" keep their words, "ask Will first" loses the name. Other parts match in
  any case ("maria said"). A possessive keeps its ending: "Maria's" becomes "[name]'s".
* **Phone numbers**: international ("+44 20 7946 0958") and local formats ("(555) 123-4567",
  "020 7946 0958", "07700900123"), with 7 to 15 digits. Years and ranges of years, dates,
  times, percentages, amounts of money and plain numbers with thousands separators are left
  alone.

Nothing is removed silently: every match says what it found and why, so the analyst can review
each change and undo one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

NAME = "name"
EMAIL = "email"
PHONE = "phone"
TERM = "term"
GROUP = "group"

# First names and surnames that are also everyday English words: matched only when capitalised
# and not at the start of a sentence.
_COMMON_WORDS_TEXT = """
    al amber april art august baker bell ben best bill black brook brooks brown carpenter case
    chance charity chase cook crystal daisy dawn destiny don drew duke earl ed faith field fisher
    ford frank gay grace green guy hall harmony heather hill holly honor honour hope hunter iris
    ivy jack joy june king lane lee lily little long love major mark mason may melody miller olive
    page park pat patience pearl penny price prince prudence queen ray rich rivers rose ruby sky
    smith star sterling stone stones sue summer sunny taylor trinity victor wall white will wood
    young
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())

WORD = r"[^\W_]"  # a letter or digit, in any script
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
# A run of digits with the separators phone numbers use; checked further by _is_phone.
PHONE_RE = re.compile(r"(?<![\w+])(?:\+\s?)?(?:\(\d{1,5}\)[\s.-]?)?\d(?:[\d\s().-]*\d)?(?![\w%])")
CURRENCY = "$£€¥₹₦"
SENTENCE_END = re.compile(r"(?:^|[.!?]\s+|[\n\r]\s*|[\"“(]\s*)$")


@dataclass(frozen=True)
class Match:
    """One change to a comment: replace ``text[start:end]`` (``original``) with ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str
    reason: str

    def as_tuple(self) -> tuple[int, int, str, str, str]:
        return (self.start, self.end, self.original, self.replacement, self.reason)


NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019-](?=[^\W\d_]))*")


def name_words(name: str) -> list[str]:
    """The words of a name, keeping "Jean-Luc" and "O'Neill" whole."""
    return NAME_WORD.findall(name)


def name_parts(name: str) -> list[str]:
    """What of a name could appear alone: each word and each piece of a hyphenated or
    apostrophed word ("Jean-Luc", "Jean", "Luc"), two letters or more, so no initials."""
    parts = []
    for word in name_words(name):
        parts.append(word)
        pieces = re.split(r"['\u2019-]", word)
        if len(pieces) > 1:
            parts.extend(pieces)
    return [part for part in dict.fromkeys(parts) if len(part) >= 2]


def _phrase_pattern(phrase: str) -> str:
    """A whole-word pattern for a phrase, allowing any run of spaces between its words."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _alternation(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive whole-word pattern for many phrases, the longest tried first."""
    unique = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not unique:
        return None
    body = "|".join(_phrase_pattern(phrase) for phrase in unique)
    return re.compile(rf"(?<!{WORD})(?:{body})(?!{WORD})", re.IGNORECASE)


def _sentence_initial(text: str, start: int) -> bool:
    return bool(SENTENCE_END.search(text[:start]))


class Redactor:
    """The rules compiled once for a set of people and terms, to run over many comments."""

    def __init__(
        self,
        people_names: Iterable[str] = (),
        emails: Iterable[str] = (),
        extra_terms: Iterable[str | tuple[str, str]] = (),
        small_groups: Iterable[str] = (),
    ) -> None:
        names = list(people_names)
        self.small_groups = _alternation(small_groups)
        self.full_names = _alternation(
            " ".join(words) for words in map(name_words, names) if len(words) >= 2
        )
        self.parts = _alternation(part for name in names for part in name_parts(name))
        self.terms: list[tuple[re.Pattern[str], str]] = []
        for term in extra_terms:
            phrase, replacement = (term, "[removed]") if isinstance(term, str) else term
            pattern = _alternation([phrase])
            if pattern is not None:
                self.terms.append((pattern, replacement or "[removed]"))
        local_parts = [e.split("@")[0] for e in emails if "@" in e]
        pattern = _alternation(p for p in local_parts if len(p) >= 4 and "." in p)
        if pattern is not None:
            self.terms.append((pattern, "[email]"))

    def find(self, text: str) -> list[Match]:
        """Every change to make to ``text``, in order, none overlapping."""
        matches = []
        for pattern, replacement in self.terms:
            for m in pattern.finditer(text):
                reason = EMAIL if replacement == "[email]" else TERM
                matches.append(Match(m.start(), m.end(), m.group(), replacement, reason))
        if self.small_groups is not None:
            for m in self.small_groups.finditer(text):
                matches.append(Match(m.start(), m.end(), m.group(), "[group]", GROUP))
        for m in EMAIL_RE.finditer(text):
            matches.append(Match(m.start(), m.end(), m.group(), "[email]", EMAIL))
        matches.extend(self._names(text))
        matches.extend(_phone_matches(text))
        return _without_overlaps(matches)

    def _names(self, text: str) -> list[Match]:
        found = []
        if self.full_names is not None:
            for m in self.full_names.finditer(text):
                found.append(Match(m.start(), m.end(), m.group(), "[name]", NAME))
        if self.parts is not None:
            for m in self.parts.finditer(text):
                word = m.group()
                if word.casefold() in COMMON_WORDS and (
                    not word[0].isupper() or _sentence_initial(text, m.start())
                ):
                    continue
                found.append(Match(m.start(), m.end(), word, "[name]", NAME))
        return found


def _is_phone(candidate: str, text: str, start: int) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return False
    before = text[max(0, start - 4) : start]
    if any(symbol in before for symbol in CURRENCY) or re.search(r"[A-Z]{3}\s?$", before):
        return False  # money: "$ 1 200 000", "EUR 1500000"
    groups = re.findall(r"\d+", candidate)
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # years: "2019-2020", "2019 2020 2021"
    if re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", candidate.strip()):
        return False  # dates: 12/05/2024, 2024-05-12, 12.05.2024
    if "." in candidate and not re.fullmatch(r"(?:\+?\d{1,3}\.)?\d{3}\.\d{3}\.\d{4}", candidate):
        return False  # decimals and dotted thousands, except 555.123.4567
    if candidate.startswith("+") or "(" in candidate:
        return True
    if len(groups) == 1:
        return digits.startswith("0") and 10 <= len(digits) <= 11  # 07700900123
    if re.fullmatch(r"\d{1,3}(?: \d{3})+", candidate):
        return digits.startswith("0")  # "12 500 000" is an amount, "020 794 6095" is not
    return True


def _phone_matches(text: str) -> list[Match]:
    found = []
    for m in PHONE_RE.finditer(text):
        candidate = m.group().rstrip(" .-(")
        if _is_phone(candidate, text, m.start()):
            found.append(Match(m.start(), m.start() + len(candidate), candidate, "[phone]", PHONE))
    return found


def _without_overlaps(matches: list[Match]) -> list[Match]:
    """Longest first, then by rule order; a match overlapping a kept one is dropped."""
    order = {TERM: 0, GROUP: 1, EMAIL: 2, NAME: 3, PHONE: 4}
    kept: list[Match] = []
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), order[m.reason], m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def find_redactions(
    text: str,
    people_names: Iterable[str] = (),
    emails: Iterable[str] = (),
    extra_terms: Iterable[str | tuple[str, str]] = (),
    small_groups: Iterable[str] = (),
) -> list[Match]:
    """Every change to make to ``text``, in order, none overlapping.

    Any email address is found; the part before the "@" of the people's own ``emails``, when
    it holds a dot ("maria.lopez"), is also caught alone, as in "maria.lopez at example dot
    org". ``extra_terms`` are the analyst's: a term, or (term, replacement). ``small_groups``
    are the names of groups below the minimum size. To scan many comments, build one Redactor
    and call its ``find``.
    """
    return Redactor(people_names, emails, extra_terms, small_groups).find(text)


def numbered(matches: Iterable[Match]) -> list[tuple[Match, int]]:
    """Each match with its occurrence: how many earlier matches in the same text found the
    same words. (original, occurrence) names a change across re-scans of an edited comment."""
    seen: dict[str, int] = {}
    result = []
    for match in matches:
        occurrence = seen.get(match.original, 0)
        seen[match.original] = occurrence + 1
        result.append((match, occurrence))
    return result


def apply_redactions(text: str, accepted: Iterable[Match | tuple]) -> str:
    """``text`` with each accepted change made; overlapping or out-of-range changes are refused."""
    changes = sorted(
        (m.as_tuple() if isinstance(m, Match) else tuple(m) for m in accepted),
        key=lambda change: change[0],
    )
    pieces = []
    position = 0
    for start, end, original, replacement, *_rest in changes:
        if start < position or end > len(text) or text[start:end] != original:
            raise ValueError(f"The change {original!r} at {start}-{end} does not fit the text.")
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
