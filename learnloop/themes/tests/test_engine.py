"""The clustering engine (learnloop.lib.themes): deterministic, order-free, and separating
obviously different topics."""

import random

import pytest

from learnloop.lib import themes as engine
from learnloop.themes.tests.comments import ALL, BUDGET, COMMUNICATION, TOPICS, TRAINING


def as_texts(comments, result):
    return [sorted(comments[i] for i in theme.member_indices) for theme in result.themes]


def test_handmade_topics_are_separated():
    result = engine.suggest_themes(ALL)
    groups = sorted(as_texts(ALL, result))
    assert groups == sorted(sorted(texts) for texts in TOPICS.values())
    assert result.unthemed_indices == []


@pytest.mark.parametrize(
    ("topic", "term"),
    [("budget", "budget"), ("training", "training"), ("communication", "communication")],
)
def test_each_topic_has_its_word_as_first_key_term(topic, term):
    result = engine.suggest_themes(ALL)
    (theme,) = [
        t for t in result.themes if {ALL[i] for i in t.member_indices} == set(TOPICS[topic])
    ]
    assert theme.key_terms[0] == term


def test_same_comments_give_the_same_themes():
    first = engine.suggest_themes(ALL)
    second = engine.suggest_themes(list(ALL))
    assert first == second


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_comments_give_the_same_themes(seed):
    shuffled = ALL[:]
    random.Random(seed).shuffle(shuffled)
    original = engine.suggest_themes(ALL)
    again = engine.suggest_themes(shuffled)
    assert as_texts(shuffled, again) == as_texts(ALL, original)
    assert [t.key_terms for t in again.themes] == [t.key_terms for t in original.themes]
    assert [[shuffled[i] for i in t.representative_indices] for t in again.themes] == [
        [ALL[i] for i in t.representative_indices] for t in original.themes
    ]


def test_larger_synthetic_set_is_deterministic_in_any_order():
    from benchmarks.themes import synthesize

    comments, _topics = synthesize(600, seed=7)
    shuffled = comments[:]
    random.Random(5).shuffle(shuffled)
    original, again = engine.suggest_themes(comments), engine.suggest_themes(shuffled)
    assert len(original.themes) >= 5
    assert as_texts(shuffled, again) == as_texts(comments, original)


def test_representatives_are_members_with_distinct_texts():
    comments = BUDGET + BUDGET[:2] + TRAINING + COMMUNICATION
    result = engine.suggest_themes(comments)
    for theme in result.themes:
        assert set(theme.representative_indices) <= set(theme.member_indices)
        texts = [comments[i] for i in theme.representative_indices]
        assert len(texts) == len(set(texts)) == engine.REPRESENTATIVES


def test_identical_comments_land_in_the_same_theme():
    comments = BUDGET + TRAINING + COMMUNICATION + [TRAINING[0]] * 3
    result = engine.suggest_themes(comments)
    (theme,) = [t for t in result.themes if 6 in t.member_indices]
    assert {18, 19, 20} <= set(theme.member_indices)


def test_members_are_ordered_by_closeness_to_the_centre():
    for theme in engine.suggest_themes(ALL).themes:
        assert theme.scores == sorted(theme.scores, reverse=True)
        assert all(0 < score <= 1 for score in theme.scores)


@pytest.mark.parametrize(
    ("comments", "reason"),
    [
        ([], engine.TOO_FEW_COMMENTS),
        (BUDGET[:5], engine.TOO_FEW_COMMENTS),
        (["", "  ", *BUDGET[:4]], engine.TOO_FEW_COMMENTS),
        (["Agreed.", "Yes.", "No.", "Ok.", "Same.", "Maybe.", "Agreed."], engine.NO_SHARED_WORDS),
    ],
)
def test_too_few_or_wordless_comments_give_no_theme_and_a_reason(comments, reason):
    result = engine.suggest_themes(comments)
    assert result.themes == []
    assert result.reason == reason
    assert result.unthemed_indices == sorted(i for i, c in enumerate(comments) if c.strip())


def test_wordless_comments_are_left_without_a_theme():
    comments = [*ALL, "Agreed.", "N/A"]
    result = engine.suggest_themes(comments)
    assert {18, 19} <= set(result.unthemed_indices)
    assert all(18 not in t.member_indices and 19 not in t.member_indices for t in result.themes)


def test_a_number_of_themes_can_be_asked_for():
    result = engine.suggest_themes(ALL, max_themes=2)
    assert len(result.themes) == 2
    assert sum(t.size for t in result.themes) + len(result.unthemed_indices) == len(ALL)


@pytest.mark.parametrize("bad", [0, 1, engine.MAX_THEMES + 1])
def test_an_impossible_number_of_themes_is_refused(bad):
    with pytest.raises(ValueError, match="between 2 and"):
        engine.suggest_themes(ALL, max_themes=bad)


def test_split_separates_two_mixed_topics():
    mixed = BUDGET + COMMUNICATION
    result = engine.split_theme(mixed)
    assert sorted(as_texts(mixed, result)) == sorted([sorted(BUDGET), sorted(COMMUNICATION)])


def test_describe_gives_key_terms_and_representatives_of_formed_groups():
    budget, training = list(range(6)), list(range(6, 12))
    described = engine.describe_themes(ALL, [budget, training, []])
    assert described[0].key_terms[0] == "budget"
    assert described[1].key_terms[0] == "training"
    assert sorted(described[0].member_indices) == budget
    assert described[2] is None


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("budgets", "budget"),
        ("policies", "policy"),
        ("reaches", "reach"),
        ("process", "process"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("bus", "bus"),
        ("processes", "process"),
    ],
)
def test_plurals_are_folded(word, folded):
    assert engine.fold(word) == folded


def test_terms_leave_out_stop_words_and_pair_neighbours():
    assert engine.analyze("The proof point: budgets are shared late!") == [
        "budget",
        "shared",
        "late",
        "budget shared",
        "shared late",
    ]
