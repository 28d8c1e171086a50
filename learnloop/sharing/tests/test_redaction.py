"""Redaction rules (learnloop.lib.redaction) as tables of cases."""

import pytest

from learnloop.lib.redaction import Match, apply_redactions, find_redactions, numbered

PEOPLE = ["Maria Lopez", "Will Hope", "Grace Okafor", "Jean-Luc Ba", "Siobhán O'Neill"]
EMAILS = ["maria.lopez@example.org", "will@example.org"]


def redact(text: str, terms=()) -> str:
    return apply_redactions(text, find_redactions(text, PEOPLE, EMAILS, terms))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maria Lopez runs the board.", "[name] runs the board."),
        ("maria lopez runs the board.", "[name] runs the board."),
        ("Ask Maria about it.", "Ask [name] about it."),
        ("ask maria about it.", "ask [name] about it."),
        ("Maria's minutes are late.", "[name]'s minutes are late."),
        ("Maria\u2019s minutes are late.", "[name]\u2019s minutes are late."),
        ("Lopez never replies.", "[name] never replies."),
        ("Mariana is new.", "Mariana is new."),  # not a whole word
        ("Ask Will first.", "Ask [name] first."),
        ("Will we get a budget?", "Will we get a budget?"),  # sentence-initial common word
        ("It will take time.", "It will take time."),
        ("We hope so.", "We hope so."),
        ("Hope is not a plan.", "Hope is not a plan."),
        ("Talk to Hope about it.", "Talk to [name] about it."),
        ("Will Hope chairs.", "[name] chairs."),  # the full name wins at the start
        ("By God's grace we passed.", "By God's grace we passed."),
        ("Grace Okafor and Okafor's team.", "[name] and [name]'s team."),
        ("Jean-Luc Ba said so.", "[name] said so."),
        ("SIOBHÁN O'NEILL wrote it.", "[name] wrote it."),
        ("Siobhán wrote it.", "[name] wrote it."),
        ("Minutes go out within a week.", "Minutes go out within a week."),
    ],
)
def test_names_of_the_organizations_people(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to maria.lopez@example.org now.", "Write to [email] now."),
        ("Write to someone.else@other-place.co.uk.", "Write to [email]."),
        ("(will@example.org)", "([email])"),
        ("maria.lopez at example dot org", "[email] at example dot org"),
        ("The @ sign and a@b are not addresses.", "The @ sign and a@b are not addresses."),
    ],
)
def test_email_addresses(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call +44 20 7946 0958 today.", "Call [phone] today."),
        ("Call +1-555-123-4567.", "Call [phone]."),
        ("Call (555) 123-4567 after 5.", "Call [phone] after 5."),
        ("Call 555-123-4567.", "Call [phone]."),
        ("Call 555.123.4567.", "Call [phone]."),
        ("Call 020 7946 0958.", "Call [phone]."),
        ("Call 07700900123.", "Call [phone]."),
        ("Call 0033 1 23 45 67 89!", "Call [phone]!"),
    ],
)
def test_phone_numbers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Since 2019 nothing changed.",
        "From 2019-2020 and 2020 2021 to 2023.",
        "The budget is $1,200,000 this year.",
        "The budget is $ 1 200 000 this year.",
        "The budget is EUR 1500000.",
        "We spent 12 500 000 on it.",
        "We spent 1500000 on it.",
        "Attendance was 87.5% last term.",
        "Met on 12/05/2024 and 2024-05-12 and 12.05.2024.",
        "At 9:30 or 14:45.",
        "Pi is 3.14159265.",
        "Proof point 1.2.3 is unclear.",
        "Reference 1234567% grew.",
        "Only 120 of 400 staff replied.",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_kept(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        ("The Northside clinic is slow.", ["Northside clinic"], "The [removed] is slow."),
        ("the NORTHSIDE  clinic", ["Northside clinic"], "the [removed]"),
        ("Northsider", ["Northside"], "Northsider"),
        ("Room 12B leaks.", [("Room 12B", "[place]")], "[place] leaks."),
        ("Nothing here.", ["  "], "Nothing here."),
    ],
)
def test_terms_the_analyst_adds(text, terms, expected):
    assert redact(text, terms) == expected


def test_each_change_says_what_it_found_and_why():
    text = "Maria (maria.lopez@example.org, 555-123-4567) asked."
    found = find_redactions(text, PEOPLE, EMAILS, ["asked"])
    assert [(m.original, m.replacement, m.reason) for m in found] == [
        ("Maria", "[name]", "name"),
        ("maria.lopez@example.org", "[email]", "email"),
        ("555-123-4567", "[phone]", "phone"),
        ("asked", "[removed]", "term"),
    ]
    assert all(text[m.start : m.end] == m.original for m in found)


def test_changes_never_overlap_and_the_longest_wins():
    found = find_redactions("Maria Lopez", PEOPLE, [], ["Lopez"])
    assert [m.original for m in found] == ["Maria Lopez"]


def test_applying_only_some_changes_keeps_the_others_text():
    text = "Maria called 555-123-4567."
    _name, phone = find_redactions(text, PEOPLE)
    assert apply_redactions(text, [phone]) == "Maria called [phone]."
    assert apply_redactions(text, []) == text


def test_a_change_that_does_not_fit_the_text_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        apply_redactions("Hello Bob", [Match(6, 9, "Rob", "[name]", "name")])
    with pytest.raises(ValueError, match="does not fit"):
        apply_redactions("Hello Bob", [(0, 5, "Hello", "x", "term"), (4, 9, "o Bob", "y", "term")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Finance is never consulted.", "[group] is never consulted."),
        ("the finance team", "the [group] team"),
        ("Refinanced twice.", "Refinanced twice."),
    ],
)
def test_names_of_groups_too_small_to_show(text, expected):
    found = find_redactions(text, PEOPLE, EMAILS, small_groups=["Finance"])
    assert apply_redactions(text, found) == expected


def test_occurrences_number_repeated_words_in_one_comment():
    found = find_redactions("Maria, then Maria again, then Lopez.", PEOPLE)
    assert [(m.original, n) for m, n in numbered(found)] == [
        ("Maria", 0),
        ("Maria", 1),
        ("Lopez", 0),
    ]
