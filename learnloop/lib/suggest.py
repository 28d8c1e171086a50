"""Rule-based code suggestions for comments. No Django.

Each suggester reads one comment and returns a reason in plain words (shown to the analyst
next to the suggestion) or None. They only suggest: an analyst accepts or rejects every
suggestion, nothing is applied on their say-so. The rules, sentence by sentence:

suggest_question(text)
    Skips rhetorical questions ("who knows?", "isn't it obvious ...?", "why would we ...?",
    "how could anyone ...?", a bare "why not?") and questions the writer answers at once
    ("Is it perfect? No."). Then:
    1. A sentence that ends with a question mark.
    2. A sentence that opens like a question without its mark: an inverted auxiliary (is
       there, do we, can we, should we ...) or a wh-word followed at once by a verb ("who
       is", "what happens", "how often does"); "when the auditors came, ..." and "how we
       decide is ..." are clauses of a statement, not questions.
    3. An indirect question: "I wonder whether/if/why ...", "I would like to know ...",
       "it is unclear (to me) whether/who/how ...", "not sure whether/who/how ...",
       "does anyone know", "can someone explain" -- unless what is unclear is the proof
       point itself (then it is a misunderstanding).

suggest_suggestion(text)
    1. Explicit advice: recommend, suggest, propose, "it would help/be good", "would benefit
       from", "X would help/make a difference/build/avoid ...", "why not <verb>", "why
       don't we", "consider ...", "I'd like to see", "there should be", "needs a clear
       owner/more/better ...", "the next step is", "let's", and proposals asked as
       questions ("could we", "should we", "have we thought about", "would it be possible").
    2. Modal advice: should, could, ought to, need(s) to, must, have to, with a person or
       the organization as subject ("we should", "trustees could", "staff need to") and an
       action after it -- not a state, guess or regret ("should be fine", "could mean",
       "should have done"), not in a question, and not a "should" that describes a rule or a
       practice ("as it should", "knows what they should report", "if anything should go
       wrong", "people say we should ...").
    3. An imperative opening: a sentence that starts with a verb of action (add, create,
       introduce, share, publish, hold, make, recommend ...) or "perhaps/maybe a ...".

suggest_misunderstanding(text, rating_code, levels)
    1. The comment says the proof point (the question, statement, wording, term) is unclear,
       confusing, ambiguous or jargon, or hard to rate; or that the respondent does not know
       what it (or a quoted term in it) means or how to rate it; or that they misread it.
    2. The comment contradicts the rating: a top rating (the top two levels of a scale of
       four or more, the top level otherwise) with a comment about something missing,
       absent, not done, lacking or not in place; or a bottom rating (level 1) with a comment
       that says it is fully in place, done well, or a strength.
    A question about the organization ("it is unclear to me whether we publish ...") is a
    question, not a misunderstanding of the proof point: rule 1 needs the unclear thing to
    be the proof point, the question, the wording or the meaning.

Measured on the labelled comments in learnloop/analysis/tests/labelled_comments.yaml; the
figures are in docs/coding.md.
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
    r"someone|somebody|people|staff|board|everyone|any|trustees|managers|volunteers)"
)
_LEAD_IN = r"(?:(?:and|but|so|also|then|ok|okay|honestly|just|quick question|question)[,:]?\s+)?"
# Without a question mark, a wh-word opens a question only when a verb follows it at once
# ("who is", "what happens", "how often does"); "when the auditors came, ..." and "how we
# decide is ..." are clauses of a statement.
_INTERROGATIVE_OPENING = re.compile(
    rf"^{_LEAD_IN}(?:{_WH}\s+(?:{_AUX}|often|much|many|long|soon|far|exactly|(?!this\b|his\b)\w+s)\b"
    rf"(?!\s+(?:is|was|are)\b)|{_AUX}\s+{_SUBJECT}\b)"
)
_RHETORICAL = re.compile(
    r"^(?:who knows|who cares|who doesn't|what else is new|why not\?|why bother|"
    r"isn't (?:it|that) (?:obvious|clear)|how (?:could|can) (?:anyone|anybody|we not)|"
    r"why would (?:anyone|anybody|we|you|i|they) |what's the point|what is the point|"
    r"(?:isn't|wasn't|aren't) (?:it|that|this|they) (?:always|just)|"
    r"(?:is|was) (?:it|that) (?:not )?(?:a )?surprise)"
)
# The writer answers their own question: "Is it perfect? No."
_SELF_ANSWER = re.compile(r"^(?:yes|no|not really|of course|absolutely|hardly)\b")
_INDIRECT_QUESTION = re.compile(
    r"\b(?:i wonder(?:ed)? (?:whether|if|why|how|who|what|when)|"
    r"i(?:'d| would) (?:like|love|want) to (?:know|understand|find out|hear)|"
    r"(?:is|it's) (?:not )?(?:clear|unclear|not obvious) (?:to me |to us )?"
    r"(?:whether|if|who|how|when|why|what|which)|"
    r"(?:not |un)sure (?:whether|if|who|how|when|why|what|which)|"
    r"(?:do(?:es)?|did) any(?:one|body) know|"
    r"can (?:someone|anyone|somebody) (?:explain|tell|clarify)|"
    r"(?:please )?(?:clarify|explain) (?:whether|if|who|how|when|why|what|which)|"
    r"i (?:don't|do not) know (?:whether|if|who|how|when|why|what|which)|"
    r"(?:my |one )?question is)"
)


def suggest_question(text: str) -> str | None:
    """A reason when the comment asks something, or None. Rules in the module docstring."""
    parts = sentences(text)
    for index, sentence in enumerate(parts):
        clean = _clean(sentence)
        opening = clean.lstrip("\"'(-\u2013 ")
        following = _clean(parts[index + 1]) if index + 1 < len(parts) else ""
        if _RHETORICAL.match(opening) or _SELF_ANSWER.match(following):
            continue
        if clean.endswith("?"):
            return f"Ends with a question mark: \u201c{_quote(sentence)}\u201d"
        if _INTERROGATIVE_OPENING.match(opening) and not clean.endswith("!"):
            return f"Opens like a question: \u201c{_quote(sentence)}\u201d"
        match = _INDIRECT_QUESTION.search(clean)
        # Not knowing what the proof point means is a misunderstanding, not a question.
        if match and not _UNCLEAR_ITEM.search(clean):
            return f"Asks indirectly (\u201c{match.group(0)}\u201d): \u201c{_quote(sentence)}\u201d"
    return None


# --- suggestions ------------------------------------------------------------------------

_ACTOR = (
    r"(?:we|you|they|i|the organi[sz]ation|the board|board|staff|management|leadership|"
    r"the (?:executive|leadership|senior|management|finance|hr|comms|communications) team|"
    r"the team|teams|managers|leaders|everyone|someone|somebody|there|the ceo|trustees|"
    r"volunteers|directors|the director|the chair|each (?:team|unit|department)|"
    r"every (?:team|unit|department)|the (?:process|policy|report|plan|budget|strategy|"
    r"website|newsletter|training|onboarding|form|framework|survey|meeting|meetings|"
    r"minutes|data)|it|this)"
)
_MODAL_ADVICE = re.compile(
    rf"\b{_ACTOR}\s+(?:really\s+|also\s+|definitely\s+|probably\s+|urgently\s+|still\s+)?"
    r"(?:should|could|ought to|needs? to|must|have to|has to|might want to|may want to)"
    r"\s+(?:also\s+|really\s+|perhaps\s+|maybe\s+)?"
    # What follows the modal is an action, not a state, a guess or a regret.
    r"(?!(?:be fine|be ok|be okay|be the case|be worse|be realistic|be honest|be patient|"
    r"not\b|mean|expect|happen|work as|be doing|be enough|"
    r"have (?!(?:a|an|the|more|some|one|regular|clear|proper|better|our|their|its|"
    r"any|somebody|someone)\b)))\w+"
)
# "should" that describes what happens or what a rule says, rather than proposing anything.
_DESCRIPTIVE_SHOULD = re.compile(
    r"\b(?:as (?:it|they|we|you) (?:should|must|would)|(?:if|in case|whether) (?:anything|"
    r"something|anyone|someone|it|that|this|we|they) (?:should|could|must)|"
    r"(?:what|how|when|where|whom?|which) (?:\w+ ){0,2}(?:should|must|needs? to|have to)|"
    r"(?:no|not a) need to|we could only|(?:i|we|you|they|one) could (?:see|tell|hear)|"
    r"(?:say|said|says|think|thinks|thought|feel|feels|felt|believe|believes) (?:that )?"
    r"(?:we|they|it|staff|the board) (?:should|must|could))\b"
)
_ADVICE_WORDS = re.compile(
    r"\b(?:i (?:would |'d |strongly )?(?:recommend|suggest|propose|advise|urge)|"
    r"(?:we|i) (?:would )?(?:recommend|suggest|propose)|recommendation|my suggestion|"
    r"a suggestion|suggest(?:ion)? (?:would be|is) |it would (?:help|be (?:good|great|better|"
    r"useful|helpful|nice|wise))|would benefit from|would be (?:good|great|better|useful|"
    r"helpful|nice|wise) (?:to|if)|why not \w+|why don't we|how about|what about (?:a|an|"
    r"\w+ing)|(?:please )?consider (?:\w+ing|a |an |the )|i(?:'d| would) (?:like|love) to "
    r"see|what (?:we|they|staff|the board) (?:need|needs|want) is|there (?:should|needs to|"
    r"has to|must) be|needs? (?:more|better|a clearer|clearer|a proper|proper|regular|"
    r"an? (?:\w+ ){0,2}(?:owner|plan|policy|process|review|update|date))|"
    r"next (?:step|thing|priority) (?:is|would be|should be|to)|is the next (?:step|thing|"
    r"priority)|(?:it|this|that) (?:is|would be) worth|let's |let us |"
    r"would (?:really )?(?:help|make (?:a |the )?(?:real |big |huge )?difference|improve|"
    r"build|avoid|save|make it easier|go a long way)|"
    r"(?:we|they|the board|staff|management) (?:really )?need (?:a |an |more |better )|"
    r"have we (?:thought about|considered|tried)|would it be possible|"
    r"(?:could|should|shall) we\b|could (?:they|you|it|this|these|the \w+) (?!not\b)\w+)"
)
_IMPERATIVE = re.compile(
    r"^(?:please\s+)?(?:(?:perhaps|maybe) (?=a |an |we |more |some |the |\w+ing\b)|"
    r"add|create|introduce|start|stop|share|publish|hold|"
    r"train|set up|make|provide|include|schedule|appoint|assign|review|update|document|"
    r"write|send|invite|involve|ask|agree|define|clarify|simplify|reduce|increase|move|"
    r"offer|build|develop|run|plan|put|give|keep|avoid|use|try|focus|circulate|post|bring|"
    r"hire|fund|budget|track|measure|communicate|explain|standardi[sz]e|recommend|suggest|"
    r"propose)\b(?!\s+(?:is|was|are|were|has|have|had)\b)"
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
        match = _MODAL_ADVICE.search(clean)
        if match and not clean.endswith("?") and not _DESCRIPTIVE_SHOULD.search(clean):
            return f"Says what should be done: \u201c{_quote(sentence)}\u201d"
        if _IMPERATIVE.match(opening):
            return f"Opens with an action to take: \u201c{_quote(sentence)}\u201d"
    return None


# --- possible misunderstandings ---------------------------------------------------------

_TARGET = (
    r"(?:the |this |that )?(?:proof point|question|statement|item|wording|criterion|"
    r"indicator|standard|phrasing|language|terminology|term|scale|rating|meaning|definition)"
)
_QUOTED = r"(?:\s*['\"\u2018\u201c][^'\"\u2019\u201d]{1,60}['\"\u2019\u201d])?"
_DONT_KNOW = r"(?:not sure|unsure|don't know|do not know|no idea|didn't know|did not know)"
_UNCLEAR_ITEM = re.compile(
    rf"\b(?:{_TARGET}{_QUOTED}\s+(?:is|was|seems|feels|reads as)\s+(?:\w+\s+){{0,2}}"
    r"(?:unclear|confusing|ambiguous|vague|hard to (?:understand|follow|interpret|rate|answer)|"
    r"difficult to (?:understand|follow|interpret|rate|answer)|open to interpretation|"
    r"not clear|jargon)"
    r"|(?:unclear|confusing|ambiguous|vague) (?:proof point|question|statement|item|wording|"
    r"criterion|phrasing)"
    rf"|{_DONT_KNOW}\s+what\s+(?:this|the|it|that)\s+(?:\w+\s+){{0,3}}(?:means|meant|"
    r"refers to|is asking|asks|is about|is getting at|wants)"
    # "not sure what 'systematic' means here", "unclear what counts as 'regular'"
    rf"|(?:{_DONT_KNOW}|unclear|not clear)\s+what\s+(?:counts as|is meant|they mean|you mean|"
    r"['\"\u2018\u201c][^'\"\u2019\u201d]{1,60}['\"\u2019\u201d]\s+(?:means|refers to))"
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
    r"(?:does|do|did) not (?:exist|happen)|(?:doesn't|don't|didn't) (?:exist|happen)|"
    r"(?:has|have) not been "
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
