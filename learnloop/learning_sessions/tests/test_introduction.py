"""Default introduction text, by purpose and anonymity mode."""

import pytest

from learnloop.learning_sessions.introduction import default_introduction, follow_defaults
from learnloop.learning_sessions.models import Anonymity, Purpose


@pytest.mark.parametrize(
    ("anonymity", "phrase"),
    [
        (Anonymity.NAMED, "see your name beside your ratings"),
        (Anonymity.CONFIDENTIAL, "nobody sees your name beside your answers"),
        (Anonymity.ANONYMOUS, "not even the administrators"),
    ],
)
def test_privacy_text_matches_the_mode(anonymity, phrase):
    text = default_introduction(Purpose.DEEP_DIVE, anonymity, "Riverside", 4)["intro_privacy"]
    assert phrase in text
    assert "at least 4 people" in text
    assert "without names" in text


@pytest.mark.parametrize(
    ("purpose", "phrase"),
    [(Purpose.DEEP_DIVE, "one-time deep dive"), (Purpose.MODULE_REVIEW, "regular module reviews")],
)
def test_process_text_matches_the_purpose(purpose, phrase):
    assert phrase in default_introduction(purpose, Anonymity.NAMED, "Riverside")["intro_process"]


@pytest.mark.parametrize(
    ("edited", "expected_follows"),
    [(False, True), (True, False)],
)
def test_only_untouched_defaults_follow_a_change_of_mode(edited, expected_follows):
    old = default_introduction(Purpose.DEEP_DIVE, Anonymity.NAMED, "Riverside", 3)
    values = dict(old)
    if edited:
        values["intro_privacy"] = "Our own words."
    result = follow_defaults(values, Purpose.DEEP_DIVE, Anonymity.ANONYMOUS, "Riverside", 5, 3)
    new = default_introduction(Purpose.DEEP_DIVE, Anonymity.ANONYMOUS, "Riverside", 5)
    assert (result["intro_privacy"] == new["intro_privacy"]) is expected_follows
    assert result["intro_process"] == new["intro_process"]


def test_an_emptied_field_stays_empty():
    result = follow_defaults({"intro_why": ""}, Purpose.DEEP_DIVE, Anonymity.NAMED, "Riverside", 3)
    assert result["intro_why"] == ""
