"""Rule-based code suggestions for comments. No Django.

Each suggester reads one comment and returns a reason in plain words (shown to the analyst
next to the suggestion) or None. They only suggest: an analyst accepts or rejects every
suggestion, nothing is applied on their say-so. The rules, in order of evidence:

suggest_question(text)
    1. A sentence that ends with a question mark and is not rhetorical ("who knows?",
       "isn't it obvious?", "why would we ...?" and "how can/could anyone ...?" openings).
    2. A sentence that opens like a question without its mark: an interrogative word (who,
       what, when, where, why, how, which) or an inverted auxiliary (is there, do we, can
       we, should we, will they ...), provided it is not a relative clause ("what we need
       is ...", "how we report is fine").
    3. An indirect question: "I wonder whether/if/why ...", "I would like to know ...",
       "it is unclear (to me) whether/who/how ...", "not sure whether/who/how ...",
       "does anyone know", "can someone explain".

suggest_suggestion(text)
    1. Modal advice: "should", "could", "ought to", "need(s) to", "must", "have to" followed
       by an action, with the speaker or the organization as subject ("we should", "the board
       could", "staff need to") -- not a descriptive "should" ("as it should", "should be
       fine", "if anything should happen") and not a question.
    2. Explicit advice words: recommend, suggest, propose, advise, "it would help/be good/
       be better", "would benefit from", "why not", "consider ...", "I'd like to see",
       "what we need is", "there should be", "needs more/better ...".
    3. An imperative opening: a sentence that starts with a verb of action (add, create,
       introduce, start, stop, share, publish, hold, train, set up, make, ...).

suggest_misunderstanding(text, rating_code, levels)
    1. The comment says the proof point (or the question) is unclear, confusing, ambiguous,
       hard to understand or rate, or that the respondent does not know what it means or
       how to rate it.
    2. The comment contradicts the rating: a top rating (the top two levels of a scale of
       four or more, the top level otherwise) with a comment about something missing,
       absent, not done, lacking or not in place; or a bottom rating (level 1) with a comment
       that says it is fully in place, done well, or a strength.
    A question about the organization ("it is unclear to me whether we publish ...") is a
    question, not a misunderstanding of the proof point: rule 1 needs the unclear thing to
    be the proof point, the question, the wording or the meaning.
"""

import re

# --- shared helpers ---------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a comment, trimmed, without empty ones."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def _clean(text: str) -> str:
    """Lower case, straight apostrophes and single spaces, for matching."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def _quote(sentence: str, limit: int = 80) -> str:
    sentence = sentence.strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "\u2026"


# --- questions --------------------------------------------------------------------------

_WH = r"(?:who|whom|whose|what|when|where|why|how|which)"
_AUX = (
    r"(?:is|are|was|were|am|do|does|did|can|could|will|would|should|shall|may|might|must|"
    r"have|has|had|isn't|aren't|wasn't|don't|doesn't|didn't|can't|couldn't|won't|"
    r"wouldn't|shouldn't|haven't|hasn't)"
)
_SUBJECT = (
    r"(?:i|we|you|they|he|she|it|there|the|this|that|these|those|our|my|anyone|anybody|"
    r"someone|somebody|people|staff|board|everyone|any)"
)
_INTERROGATIVE_OPENING = re.compile(
    rf"^(?:(?:and|but|so|also|then|ok|okay|honestly|just|quick question|question)[,:]?\s+)?"
    rf"(?:{_WH}\b(?!\s+(?:we|i|they|you|it|this|that)\s+(?:need|want|do|did|have|report|"
    rf"decide|call|work|measure|share|run)\b(?:\s+\w+){{0,3}}\s+(?:is|was)\b)"
    rf"|{_AUX}\s+{_SUBJECT}\b)"
)
# A relative clause dressed as an opening: "what we need is ...", "how we decide is fine".
_RELATIVE_OPENING = re.compile(
    rf"^{_WH}\s+(?:\w+\s+){{1,5}}(?:is|was|are|were|matters|works|helps|happens)\b"
    rf"(?!\s+(?:it|there|this|that|the|our|we|they)\b)"
)
_RHETORICAL = re.compile(
    r"^(?:who knows|who cares|who doesn't|what else is new|why not|why bother|"
    r"isn't (?:it|that) (?:obvious|clear)|how (?:could|can) (?:anyone|anybody|we not)|"
    r"why would (?:anyone|anybody) |what's the point|what is the point|"
    r"(?:isn't|wasn't|aren't) (?:it|that|this|they) (?:always|just)|"
    r"(?:is|was) (?:it|that) (?:not )?(?:a )?surprise)"
)
_INDIRECT_QUESTION = re.compile(
    r"\b(?:i wonder(?:ed)? (?:whether|if|why|how|who|what|when)|"
    r"i(?:'d| would) (?:like|love|want) to (?:know|understand|find out|hear)|"
    r"(?:is|it's) (?:not )?(?:clear|unclear|not obvious) (?:to me |to us )?"
    r"(?:whether|if|who|how|when|why|what|which)|"
    r"(?:not|un)sure (?:whether|if|who|how|when|why|what|which)|"
    r"(?:do(?:es)?|did) any(?:one|body) know|"
    r"can (?:someone|anyone|somebody) (?:explain|tell|clarify)|"
    r"(?:please )?(?:clarify|explain) (?:whether|if|who|how|when|why|what|which)|"
    r"i (?:don't|do not) know (?:whether|if|who|how|when|why|what|which)|"
    r"(?:my |one )?question is)"
)


def suggest_question(text: str) -> str | None:
    """A reason when the comment asks something, or None. Rules in the module docstring."""
    for sentence in sentences(text):
        clean = _clean(sentence)
        opening = clean.lstrip("\"'(-\u2013 ")
        rhetorical = bool(_RHETORICAL.match(opening))
        if clean.endswith("?") and not rhetorical:
            return f"Ends with a question mark: \u201c{_quote(sentence)}\u201d"
        if (
            not rhetorical
            and _INTERROGATIVE_OPENING.match(opening)
            and not _RELATIVE_OPENING.match(opening)
            and not clean.endswith("!")
        ):
            return f"Opens like a question: \u201c{_quote(sentence)}\u201d"
        match = _INDIRECT_QUESTION.search(clean)
        if match:
            return f"Asks indirectly (\u201c{match.group(0)}\u201d): \u201c{_quote(sentence)}\u201d"
    return None


# --- suggestions ------------------------------------------------------------------------

_ACTOR = (
    r"(?:we|you|they|i|the organi[sz]ation|the board|board|staff|management|leadership|"
    r"the (?:executive|leadership|senior|management|finance|hr|comms|communications) team|"
    r"the team|teams|managers|leaders|everyone|someone|somebody|it|this|there|the ceo|"
    r"the director|the chair|each (?:team|unit|department)|every (?:team|unit|department)|"
    r"the (?:process|policy|report|plan|budget|strategy|website|newsletter|training|"
    r"onboarding|form|framework|survey|meeting|meetings|minutes|data))"
)
_MODAL_ADVICE = re.compile(
    rf"\b{_ACTOR}\s+(?:really\s+|also\s+|definitely\s+|probably\s+|urgently\s+|still\s+)?"
    rf"(?:should|could|ought to|needs? to|must|have to|has to|might want to|may want to)"
    rf"(?!\s+(?:be fine|be ok|be okay|be the case|have been|not be a problem|happen|"
    rf"expect|be expected|work as|be doing fine|be enough))"
    rf"\s+(?:also\s+|really\s+|perhaps\s+|maybe\s+|consider\s+|start\s+|stop\s+)?\w+"
)
_DESCRIPTIVE_SHOULD = re.compile(
    r"\b(?:as (?:it|they|we|you) (?:should|must|would)|(?:if|in case|whether) (?:anything|"
    r"something|anyone|someone|it|that|this|we|they) (?:should|could|must)|could be worse|"
    r"could not|couldn't|could have been worse|should be fine|should be ok|"
    r"(?:no|not a) need to|could see|could tell|could hear|we could only|"
    r"(?:say|said|says|think|thinks|thought|feel|feels|felt|believe|believes) (?:that )?"
    r"(?:we|they|it|staff|the board) (?:should|must|could))\b"
)
_ADVICE_WORDS = re.compile(
    r"\b(?:i (?:would |'d |strongly )?(?:recommend|suggest|propose|advise|urge)|"
    r"(?:we|i) (?:would )?(?:recommend|suggest|propose)|recommendation|my suggestion|"
    r"a suggestion|suggest(?:ion)? (?:would be|is) |it would (?:help|be (?:good|great|better|"
    r"useful|helpful|nice|wise))|would benefit from|would be (?:good|great|better|useful|"
    r"helpful|nice|wise) (?:to|if)|why not |(?:please )?consider (?:\w+ing|a |an |the |"
    r"adding|making)|i(?:'d| would) (?:like|love) to see|what (?:we|they|staff|the board) "
    r"(?:need|needs|want) is|there (?:should|needs to|has to|must) be|needs? (?:more|better|"
    r"a clearer|clearer|a proper|proper|regular|an? (?:\w+ )?(?:plan|policy|process|"
    r"review|update|owner))|next step (?:is|would be|should be)|"
    r"(?:it|this|that) (?:is|would be) worth|let's |let us |"
    r"(?:more|better|regular|clearer) \w+ (?:would|will) help|"
    r"(?:we|they|the board|staff|management) (?:really )?need (?:a |an |more |better |to )|"
    r"(?:a|an) (?:\w+ ){0,2}(?:would|could) (?:help|make a difference|improve))"
)
_IMPERATIVE = re.compile(
    r"^(?:please\s+)?(?:add|create|introduce|start|stop|share|publish|hold|train|set up|"
    r"make|provide|include|schedule|appoint|assign|review|update|document|write|send|"
    r"invite|involve|ask|agree|define|clarify|simplify|reduce|increase|move|offer|"
    r"build|develop|run|plan|put|give|keep|avoid|use|try|focus|circulate|post|"
    r"bring|hire|fund|budget|track|measure|report|communicate|explain|standardi[sz]e)\b"
    r"(?!\s+(?:is|was|are|were|has|have|had)\b)"
)


def suggest_suggestion(text: str) -> str | None:
    """A reason when the comment proposes something to do, or None."""
    for sentence in sentences(text):
        clean = _clean(sentence)
        opening = clean.lstrip("\"'(-\u2013 ")
        match = _ADVICE_WORDS.search(clean)
        if match:
            words = match.group(0).strip()
            return f"Gives advice (\u201c{words}\u201d): \u201c{_quote(sentence)}\u201d"
        asked = clean.endswith("?")
        match = _MODAL_ADVICE.search(clean)
        if match and not asked and not _DESCRIPTIVE_SHOULD.search(clean):
            return f"Says what should be done: \u201c{_quote(sentence)}\u201d"
        if _IMPERATIVE.match(opening) and not asked:
            return f"Opens with an action to take: \u201c{_quote(sentence)}\u201d"
    return None


# --- possible misunderstandings ---------------------------------------------------------

_TARGET = (
    r"(?:the |this |that )?(?:proof point|question|statement|item|wording|criterion|"
    r"indicator|standard|phrasing|language|terminology|term|scale|rating|meaning|definition)"
)
_UNCLEAR_ITEM = re.compile(
    rf"\b(?:{_TARGET}\s+(?:is|was|seems|feels|reads as)\s+(?:\w+\s+){{0,2}}"
    r"(?:unclear|confusing|ambiguous|vague|hard to (?:understand|follow|interpret|rate|answer)|"
    r"difficult to (?:understand|follow|interpret|rate|answer)|open to interpretation|"
    r"not clear|jargon)"
    r"|(?:unclear|confusing|ambiguous|vague) (?:proof point|question|statement|item|wording|"
    r"criterion|phrasing)"
    r"|(?:not sure|unsure|don't know|do not know|no idea|didn't know|did not know)\s+what\s+"
    r"(?:this|the|it|that)\s+(?:\w+\s+){0,3}(?:means|meant|refers to|is asking|asks|is about|"
    r"is getting at|wants)"
    r"|(?:not sure|unsure|don't know|do not know|no idea) how to (?:rate|answer|score|judge)"
    r"|(?:hard|difficult|impossible) to (?:rate|answer|score|judge) (?:this|because|as|without)"
    r"|what (?:is|does) (?:meant by|\"?[\w ]{1,40}\"? mean)"
    r"|(?:i|we) (?:don't|do not|didn't|did not) understand (?:the |this |what )"
    r"|(?:i|we) (?:may have|might have|probably) (?:misread|misunderstood)"
    r"|(?:could|can) (?:mean|be read as) (?:several|different|two|many) things"
    r"|(?:depends|depending) (?:on )?what (?:is meant|you mean|they mean)"
    r"|not sure (?:i|we) understand)"
)
_MISSING = re.compile(
    r"\b(?:(?:is|are) (?:still )?(?:missing|absent|lacking)|(?:we|they) (?:still )?"
    r"(?:lack|don't have|do not have|have no)|there (?:is|are) (?:still )?no |"
    r"(?:does|do|did) not (?:exist|happen)|doesn't exist|don't exist|(?:has|have) not been "
    r"(?:done|set up|written|published|agreed|started|shared|introduced)|(?:hasn't|haven't) "
    r"(?:been|started|happened)|not (?:yet )?in place|never (?:been|happens|happened|done|"
    r"shared|published|discussed)|nothing (?:is )?(?:in place|written|documented|shared)|"
    r"no (?:written|formal|clear|documented|agreed) \w+|not (?:yet )?(?:written|documented|"
    r"published|shared|implemented|started)|lack of |we are not doing|not done)"
)
_FULLY_IN_PLACE = re.compile(
    r"\b(?:fully (?:in place|embedded|implemented|met|meets)|(?:is|are) (?:well )?"
    r"(?:established|embedded|firmly in place)|works (?:very )?well|a (?:real |clear |"
    r"great )?strength|done (?:very )?well|excellent|exemplary|best practice|"
    r"(?:is|are) (?:always|consistently) (?:done|followed|shared|published))"
)
_NEGATED_STRENGTH = re.compile(
    r"\b(?:not|never|isn't|aren't|no longer|hardly)\s+(?:\w+\s+)?"
    r"(?:fully|well|established|embedded|excellent|a strength)"
)


def top_levels(levels: int) -> set[int]:
    """The levels that count as a top rating: the top two on a scale of four or more."""
    if levels <= 0:
        return set()
    return {levels, levels - 1} if levels >= 4 else {levels}


def suggest_misunderstanding(text: str, rating_code: int | None, levels: int) -> str | None:
    """A reason when the comment suggests the proof point was misread, or None."""
    clean = _clean(text)
    match = _UNCLEAR_ITEM.search(clean)
    if match:
        return f"Says the proof point is unclear (\u201c{match.group(0).strip()}\u201d)."
    if rating_code is None or rating_code < 1:
        return None
    if rating_code in top_levels(levels):
        missing = _MISSING.search(clean)
        if missing:
            return (
                f"A top rating ({rating_code} of {levels}) with a comment about something "
                f"missing (\u201c{missing.group(0).strip()}\u201d)."
            )
    if rating_code == 1 and levels >= 3:
        strong = _FULLY_IN_PLACE.search(clean)
        if strong and not _NEGATED_STRENGTH.search(clean):
            return (
                f"The lowest rating with a comment that says it is in place "
                f"(\u201c{strong.group(0).strip()}\u201d)."
            )
    return None
