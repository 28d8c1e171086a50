"""The YAML reader and writer (learnloop/lib/framework_yaml.py), as tables of files."""

import textwrap

import pytest

from learnloop.lib.framework_yaml import (
    DEFAULT_SCALE,
    FrameworkFileError,
    ParsedChoice,
    ParsedFramework,
    dump_framework,
    parse_framework,
)

GOOD = """\
key: small
title: Small framework
description: Two modules.
version: 3
scale:
  name: Four levels
  levels:
    - Not yet
    - label: Partly
      description: Some of it, some of the time.
    - Mostly
    - Fully
  non_ordinal:
    - code: 0
      label: Don't know
    - code: -1
      label: Not applicable
modules:
  - key: leadership
    title: Leadership
    description: How the board leads.
    principles:
      - key: direction
        title: Clear direction
        proof_points:
          - key: plan
            text: A current strategic plan exists.
            guidance: Look at the board minutes.
          - key: review
            text: The board reviews the plan twice a year.
  - key: money
    title: Money
    principles:
      - key: budget
        title: Budget
        proof_points:
          - key: approved
            text: The budget is approved before the year starts.
"""


def parse(text: str) -> ParsedFramework:
    return parse_framework(textwrap.dedent(text))


def errors_of(text: str | bytes, **kwargs) -> list[str]:
    with pytest.raises(FrameworkFileError) as info:
        parse_framework(textwrap.dedent(text) if isinstance(text, str) else text, **kwargs)
    return info.value.errors


def test_a_good_file_is_read_in_order_with_its_scale():
    parsed = parse(GOOD)
    assert parsed.key == "small"
    assert parsed.version == 3
    assert [m.key for m in parsed.modules] == ["leadership", "money"]
    leadership = parsed.modules[0]
    assert leadership.description == "How the board leads."
    assert [pp.key for pp in leadership.principles[0].proof_points] == ["plan", "review"]
    assert leadership.principles[0].proof_points[0].guidance == "Look at the board minutes."
    assert parsed.scale.levels[1] == ParsedChoice(2, "Partly", "Some of it, some of the time.")
    assert [c.code for c in parsed.scale.levels] == [1, 2, 3, 4]
    assert [(c.code, c.label) for c in parsed.scale.non_ordinal] == [
        (0, "Don't know"),
        (-1, "Not applicable"),
    ]
    assert parsed.proof_point_count == 3


def test_a_file_without_a_scale_leaves_the_scale_to_the_organization():
    parsed = parse(GOOD.split("scale:")[0] + "modules:" + GOOD.split("modules:")[1])
    assert parsed.scale is None


def test_a_scale_without_non_ordinal_answers_gets_dont_know():
    text = GOOD.replace(
        "  non_ordinal:\n    - code: 0\n      label: Don't know\n    - code: -1\n"
        "      label: Not applicable\n",
        "",
    )
    assert parse(text).scale.non_ordinal == DEFAULT_SCALE.non_ordinal


def test_an_empty_non_ordinal_list_means_no_dont_know_answer():
    text = GOOD.replace(
        "  non_ordinal:\n    - code: 0\n      label: Don't know\n    - code: -1\n"
        "      label: Not applicable\n",
        "  non_ordinal: []\n",
    )
    assert parse(text).scale.non_ordinal == ()


def test_numbers_and_words_yaml_would_read_as_booleans_stay_text():
    text = GOOD.replace("title: Money", "title: 2024").replace("title: Budget", "title: yes")
    parsed = parse(text)
    assert parsed.modules[1].title == "2024"
    assert parsed.modules[1].principles[0].title == "yes"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "            text: A current strategic plan exists.\n",
            "",
            ["line 26: modules[0].principles[0].proof_points[0]: 'text' is required"],
        ),
        (
            "key: small",
            "key: Small Framework",
            [
                "line 1: key: 'Small Framework' is not a valid key: use at most 80 lowercase "
                "letters, digits, hyphens and underscores, starting with a letter or digit"
            ],
        ),
        (
            "title: Small framework",
            "titel: Small framework",
            [
                "line 1: 'title' is required",
                "line 2: unknown field 'titel' (did you mean 'title'?); allowed fields: key, "
                "title, description, version, scale, modules",
            ],
        ),
        (
            "- key: money",
            "- key: leadership",
            [
                "line 31: modules[1].key: duplicate key 'leadership' "
                "(already used by modules[0] on line 19)"
            ],
        ),
        (
            "          - key: review",
            "          - key: plan",
            [
                "line 29: modules[0].principles[0].proof_points[1].key: duplicate key 'plan' "
                "(already used by modules[0].principles[0].proof_points[0] on line 26)"
            ],
        ),
        (
            "version: 3",
            "version: three",
            ["line 4: version: must be a whole number, not 'three'"],
        ),
        ("version: 3", "version: 0", ["line 4: version: must be 1 or more"]),
        (
            "    title: Money\n",
            "    title: Money\n    title: Cash\n",
            ["line 33: modules[1]: 'title' appears twice (first on line 32)"],
        ),
        (
            "    title: Money\n",
            "    title: [Money]\n",
            ["line 32: modules[1].title: must be text, not a list"],
        ),
        (
            "        title: Budget\n",
            "        title: ''\n",
            ["line 35: modules[1].principles[0].title: must not be empty"],
        ),
        (
            "        title: Budget\n        proof_points:\n",
            "        title: Budget\n        proof_points: []\n        old_points:\n",
            [
                "line 36: modules[1].principles[0].proof_points: must not be an empty list",
                "line 37: modules[1].principles[0]: unknown field 'old_points' (did you mean "
                "'proof_points'?); allowed fields: key, title, description, proof_points",
            ],
        ),
        (
            "modules:\n  - key: leadership",
            "modules:\n  - leadership\n  - key: leadership",
            ["line 19: modules[0]: must be a mapping of fields, not text"],
        ),
        (
            "    - Mostly\n",
            "    - not yet\n",
            ["line 11: scale.levels[2]: 'not yet' is already an answer (line 8)"],
        ),
        (
            "    - code: -1\n",
            "    - code: 2\n",
            [
                "line 16: scale.non_ordinal[1].code: must be 0 (don't know) or below; "
                "codes 1 and up are the ordered levels"
            ],
        ),
        (
            "    - code: -1\n      label: Not applicable\n",
            "    - code: 0\n      label: Not applicable\n",
            ["line 16: scale.non_ordinal[1]: the code 0 is already used (line 14)"],
        ),
        (
            "    - Not yet\n",
            "",
            [],  # three levels are fine; the next case has one
        ),
        (
            "  levels:\n    - Not yet\n    - label: Partly\n"
            "      description: Some of it, some of the time.\n    - Mostly\n    - Fully\n",
            "  levels: [Only]\n",
            ["line 7: scale.levels: must have between 2 and 11 levels"],
        ),
        (
            "  name: Four levels\n",
            "",
            ["line 6: scale: 'name' is required"],
        ),
    ],
)
def test_a_bad_file_names_the_line_and_field_of_each_problem(old, new, expected):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    if not expected:
        parse(text)
        return
    assert errors_of(text) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", ["the file is empty"]),
        ("# only a comment\n", ["the file is empty"]),
        (
            "key: a\ntitle: [unclosed\n",
            [
                "line 3, column 1: this is not valid YAML: while parsing a flow sequence, "
                "expected ',' or ']', but got '<stream end>'"
            ],
        ),
        (
            "key: a\n  title: b\n",
            ["line 2, column 8: this is not valid YAML: mapping values are not allowed here"],
        ),
        (
            "- one\n- two\n",
            ["line 1: the file must be a mapping with key, title and modules, not a list"],
        ),
        (
            "just words",
            ["line 1: the file must be a mapping with key, title and modules, not text"],
        ),
        (
            "key: a\n---\nkey: b\n",
            [
                "line 2, column 1: this is not valid YAML: expected a single document in the "
                "stream, but found another document"
            ],
        ),
        (
            "key: &k a\ntitle: *k\n",
            ["line 2: YAML aliases (*name) are not supported"],
        ),
        (b"key: caf\xe9\n", ["the file is not UTF-8 text (byte 9 cannot be read)"]),
        (b"\x89PNG\r\n\x1a\n", ["the file is not UTF-8 text (byte 1 cannot be read)"]),
        (
            "key: a\ntitle: b\n",
            ["line 1: 'modules' is required"],
        ),
        (
            "key: a\ntitle: b\nmodules: {}\n",
            ["line 3: modules: must be a list, not a mapping"],
        ),
        (
            "key: a\ntitle: b\nmodules:\n  - key: m\n    title: M\n",
            ["line 4: modules[0]: 'principles' is required"],
        ),
        (
            "key: a\ntitle: b\nmodules:\n  - key: m\n    title: M\n    principles:\n"
            "      - key: p\n        title: P\n        proof_points:\n          - key: x\n"
            "            text:\n",
            ["line 11: modules[0].principles[0].proof_points[0].text: must not be empty"],
        ),
    ],
)
def test_files_that_are_not_frameworks_get_a_clear_error(data, expected):
    assert errors_of(data) == expected


def test_a_file_over_the_size_limit_is_refused_before_reading():
    assert errors_of(GOOD, max_bytes=100) == [
        f"the file is {len(GOOD.encode())} bytes; the largest accepted is 100 bytes"
    ]


def test_every_problem_is_reported_in_line_order():
    text = GOOD.replace("key: money", "key: Money").replace("key: small", "key: ")
    assert errors_of(text) == [
        "line 1: key: must not be empty",
        "line 31: modules[1].key: 'Money' is not a valid key: use at most 80 lowercase "
        "letters, digits, hyphens and underscores, starting with a letter or digit",
    ]


def test_a_very_broken_file_stops_after_fifty_problems():
    modules = "".join(f"  - key: m{i}\n    title: M\n" for i in range(80))
    errors = errors_of(f"key: a\ntitle: b\nmodules:\n{modules}")
    assert len(errors) == 51
    assert errors[-1] == "stopped after 50 problems; fix these and try again"


def test_a_byte_order_mark_is_ignored():
    assert parse_framework("\ufeff" + GOOD).key == "small"


def test_a_dumped_framework_reads_back_identical():
    parsed = parse(GOOD)
    assert parse_framework(dump_framework(parsed)) == parsed


def test_multi_line_text_survives_the_round_trip_as_a_block():
    parsed = parse(GOOD.replace("description: Two modules.", 'description: "One.\\n\\nTwo."'))
    text = dump_framework(parsed)
    assert "description: |-\n  One.\n\n  Two." in text
    assert parse_framework(text) == parsed


def test_a_dumped_framework_lists_children_indented_under_their_field():
    text = dump_framework(parse(GOOD))
    assert "modules:\n  - key: leadership\n    title: Leadership\n" in text
    assert "    - label: Partly\n      description: Some of it, some of the time.\n" in text
