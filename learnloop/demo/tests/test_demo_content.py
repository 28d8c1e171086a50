"""The demo's content: consistent with the starter framework, and drawn the same way every time."""

import random
from pathlib import Path

import pytest

from learnloop.demo import content, cycle
from learnloop.demo.plan import (
    ANY,
    BUCKETS,
    SECOND_ROUND_COMMENTS_PATH,
    Change,
    DemoContentError,
    Respondent,
    bucket,
    load_comments,
    next_code,
    parse_comment,
    plan_answers,
    plan_next_round,
)
from learnloop.discussions.actions import MAX_WHYS
from learnloop.discussions.models import AgendaSection, CauseCategory, NoteKind
from learnloop.frameworks.library import load_starter
from learnloop.plan.models import ActionStatus


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


@pytest.mark.parametrize("path", [None, SECOND_ROUND_COMMENTS_PATH])
def test_every_comment_belongs_to_a_proof_point_of_the_starter_framework(path):
    keys = starter_keys()
    for module, proof_point, _kind in load_comments(path) if path else load_comments():
        if module == ANY:
            continue
        assert proof_point in keys[module], (module, proof_point)


def test_the_second_round_comments_are_new():
    def texts(comments):
        return {c.text for pool in comments.values() for c in pool}

    second = texts(load_comments(SECOND_ROUND_COMMENTS_PATH))
    assert len(second) >= 100
    assert not second & texts(load_comments())


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


# ---------------------------------------------------------------------------------------------
# The rest of the cycle (cycle.py)


def cycle_points() -> list[tuple[str, str]]:
    discussions = (cycle.FIRST_DISCUSSION, cycle.SECOND_DISCUSSION)
    points = [item.point for d in discussions for item in d.added]
    points += [point for d in discussions for votes in d.votes.values() for point in votes]
    for d in discussions:
        for problem in d.problems:
            points += [problem.chosen, *problem.proof_points]
    points += [point for action in cycle.ACTIONS for point in action.proof_points]
    return points + list(cycle.SECOND_ROUND.changes)


def test_the_cycle_names_proof_points_of_the_closed_session_and_known_people():
    keys = starter_keys()
    for module, key in cycle_points():
        assert module in content.CLOSED_SESSION.modules
        assert key in keys[module], (module, key)
    names = {name for people in content.PEOPLE.values() for name in people}
    discussions = (cycle.FIRST_DISCUSSION, cycle.SECOND_DISCUSSION)
    assert {name for d in discussions for name in (*d.room, *d.votes)} <= names
    assert {action.owner for action in cycle.ACTIONS} <= names
    assert cycle.SECOND_ROUND.left | set(cycle.SECOND_ROUND.not_submitted) <= names
    assert not cycle.SECOND_ROUND.left & set(cycle.SECOND_ROUND.not_submitted)


def test_the_cycle_uses_the_values_the_apps_store():
    discussions = (cycle.FIRST_DISCUSSION, cycle.SECOND_DISCUSSION)
    assert {item.section for d in discussions for item in d.added} <= set(AgendaSection.values)
    assert {kind for d in discussions for kind, _text in d.notes} <= set(NoteKind.values)
    causes = [c for d in discussions for p in d.problems for c in p.causes]
    assert {category for category, _text in causes} <= set(CauseCategory.values)
    statuses = {s for a in cycle.ACTIONS for _text, s in a.progress if s}
    statuses |= {review.status for review in cycle.REVIEWS}
    assert statuses <= set(ActionStatus.values)
    for d in discussions:
        for problem in d.problems:
            assert 3 <= len(problem.whys) <= MAX_WHYS
            assert 4 <= len(problem.causes) <= 7
        assert all(len(votes) == d.votes_per_person for votes in d.votes.values())
        assert set(d.votes) <= set(d.room)


def test_the_plan_ends_with_actions_done_open_overdue_and_dropped():
    reviewed = {review.action: review.status for review in cycle.REVIEWS}
    final = {
        a.title: reviewed.get(a.title, next((s for _t, s in reversed(a.progress) if s), "planned"))
        for a in cycle.ACTIONS
    }
    assert set(final.values()) == set(ActionStatus.values)
    overdue = [
        a for a in cycle.ACTIONS if a.due < 0 and final[a.title] in ("planned", "in_progress")
    ]
    assert len(overdue) == 1
    assert 5 <= len(cycle.ACTIONS) <= 7
    assert {a.problem for a in cycle.ACTIONS} == set(range(len(cycle.FIRST_DISCUSSION.problems)))


class Scripted:
    """A stand-in for random.Random that gives these draws in turn; "either way" goes up."""

    def __init__(self, *draws: float):
        self.draws = list(draws)

    def random(self) -> float:
        return self.draws.pop(0)

    def choice(self, options):
        return options[-1]


UP = Change(+1, {"Staff": 1.0}, further=0.0)


@pytest.mark.parametrize(
    ("code", "change", "draws", "expected"),
    [
        (3, UP, (0.5, 0.5, 0.5), 4),
        (3, Change(+1, {"Staff": 1.0}, further=1.0), (0.5, 0.5, 0.5), 5),
        (5, UP, (0.5, 0.5, 0.5), 5),  # already at the top
        (2, Change(-1, {"Staff": 1.0}, further=1.0), (0.5, 0.5, 0.5), 1),  # never below 1
        (4, Change(-1, {"Board": 1.0}), (0.5, 0.5, 0.5), 4),  # another group's change
        (3, None, (0.5, 0.5), 3),  # steady
        (3, None, (0.5, 0.1), 4),  # steady, drifting
        (3, UP, (0.01,), 0),  # now says "don't know"
        (0, Change(+1, {"Staff": 1.0}, now_know=0.0), (0.5,), 0),
        (0, Change(+1, {"Staff": 1.0}, now_know=1.0), (0.5,), 4),
    ],
)
def test_a_change_moves_ratings_its_way_and_stays_on_the_scale(code, change, draws, expected):
    rng = Scripted(*draws)
    assert next_code(code, change, "Staff", rng) == expected  # type: ignore[arg-type]
    assert rng.draws == []


def test_the_next_round_is_drawn_the_same_way_every_time_and_leaves_out_those_who_left():
    first = plan_answers(content.PROFILES, everyone(), load_comments(), 0.6, random.Random(1))
    group_of = {r.name: r.group for r in everyone()}
    second_comments = load_comments(SECOND_ROUND_COMMENTS_PATH)

    def draw():
        return plan_next_round(
            first,
            cycle.SECOND_ROUND.changes,
            group_of,
            cycle.SECOND_ROUND.left,
            second_comments,
            cycle.SECOND_ROUND.comment_rate,
            random.Random(cycle.SECOND_ROUND.seed),
        )

    answers = draw()
    assert answers == draw()
    assert {a.person for a in answers} == set(group_of) - cycle.SECOND_ROUND.left
    assert len(answers) == len(first) - 39 * len(cycle.SECOND_ROUND.left)
    written = [a.comment for a in answers if a.comment]
    assert len(written) == len(set(written))
    before = {(a.person, a.proof_point): a.code for a in first}
    for (_module, key), change in cycle.SECOND_ROUND.changes.items():
        moved = [
            a.code - before[(a.person, key)]
            for a in answers
            if a.proof_point == key and a.code and before[(a.person, key)]
        ]
        with_change = sum(1 for m in moved if m * change.direction > 0)
        against = sum(1 for m in moved if m * change.direction < 0)
        assert with_change > against, key
