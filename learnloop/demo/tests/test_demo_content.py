"""The demo's content: consistent with the starter framework, and drawn the same way every time."""

import random
from pathlib import Path

import pytest

from learnloop.demo import content
from learnloop.demo.plan import (
    ANY,
    BUCKETS,
    DemoContentError,
    Respondent,
    bucket,
    load_comments,
    parse_comment,
    plan_answers,
)
from learnloop.frameworks.library import load_starter


def starter_keys() -> dict[str, list[str]]:
    framework = load_starter(content.STARTER_FRAMEWORK)
    return {
        m.key: [pp.key for p in m.principles for pp in p.proof_points] for m in framework.modules
    }


def everyone() -> list[Respondent]:
    return [Respondent(name, group) for group in content.GROUPS for name in content.PEOPLE[group]]


@pytest.mark.parametrize("profiles", [content.PROFILES, content.OPEN_PROFILES])
def test_profiles_cover_every_proof_point_of_their_modules_in_order(profiles):
    keys = starter_keys()
    for module, proof_points in profiles.items():
        assert list(proof_points) == keys[module], module
        for by_group in proof_points.values():
            assert all(abs(sum(weights) - 1) < 1e-9 for weights in by_group.values())


def test_sessions_use_modules_of_the_starter_framework_and_known_people():
    keys = starter_keys()
    names = {name for people in content.PEOPLE.values() for name in people}
    for plan in (content.CLOSED_SESSION, content.OPEN_SESSION):
        assert set(plan.modules) <= set(keys)
        assert set(plan.not_submitted) | set(plan.submitted) | set(plan.in_progress) <= names
    assert set(content.CLOSED_SESSION.modules).isdisjoint(content.OPEN_SESSION.modules)
    assert content.OPEN_SESSION.link_for not in (
        set(content.OPEN_SESSION.submitted) | set(content.OPEN_SESSION.in_progress)
    )


def test_every_comment_belongs_to_a_proof_point_of_the_starter_framework():
    keys = starter_keys()
    for module, proof_point, _kind in load_comments():
        if module == ANY:
            continue
        assert proof_point in keys[module], (module, proof_point)


def test_people_have_distinct_example_org_addresses():
    names = [name for people in content.PEOPLE.values() for name in people]
    emails = [content.email_for(name) for name in names]
    assert len(names) == 24
    assert len(set(emails)) == 24
    assert all(e.endswith("@example.org") and "'" not in e for e in emails)
    assert content.email_for("Kevin O'Donnell") == "kevin.odonnell@example.org"


def test_drawing_the_answers_twice_with_the_seed_gives_the_same_answers():
    def draw():
        rng = random.Random(content.SEED)
        return plan_answers(content.PROFILES, everyone(), load_comments(), 0.6, rng)

    assert draw() == draw()


def test_no_comment_is_used_twice_and_each_fits_its_rating_and_its_writer():
    comments = load_comments()
    answers = plan_answers(content.PROFILES, everyone(), comments, 1.0, random.Random(content.SEED))
    group_of = {r.name: r.group for r in everyone()}
    written = [a for a in answers if a.comment]
    for answer in written:
        kind = bucket(answer.code)
        candidates = comments.get((answer.module, answer.proof_point, kind), []) + comments.get(
            (ANY, ANY, kind), []
        )
        match = [c for c in candidates if c.text == answer.comment]
        assert any(c.fits(group_of[answer.person]) for c in match), answer
    specific = [a.comment for a in written if len(a.comment) > 40]
    assert len(specific) == len(set(specific))


@pytest.mark.parametrize(
    ("code", "kind"), [(0, "unsure"), (1, "low"), (2, "low"), (3, "mid"), (4, "high"), (5, "high")]
)
def test_ratings_map_to_the_kind_of_comment_written_for_them(code, kind):
    assert bucket(code) == kind
    assert kind in BUCKETS


@pytest.mark.parametrize(
    ("raw", "text", "groups"),
    [
        ("Plain comment.", "Plain comment.", None),
        ("[board] I'm on the board.", "I'm on the board.", {"Board"}),
        ("[front-line] We never hear.", "We never hear.", {"Managers", "Staff"}),
        ("[leaders] We decided.", "We decided.", {"Board", "Executive team"}),
    ],
)
def test_a_comment_may_say_who_can_write_it(raw, text, groups):
    comment = parse_comment(raw, "here")
    assert comment.text == text
    assert comment.groups == (frozenset(groups) if groups else None)


def test_an_unknown_voice_or_rating_kind_is_reported_with_its_place(tmp_path: Path):
    with pytest.raises(DemoContentError, match=r"here: unknown voice \[volunteers\]"):
        parse_comment("[volunteers] Hello.", "here")
    path = tmp_path / "comments.yaml"
    path.write_text("leadership:\n  mission-reviewed:\n    great:\n      - Yes.\n")
    with pytest.raises(DemoContentError, match=r"leadership\.mission-reviewed\.great"):
        load_comments(path)
