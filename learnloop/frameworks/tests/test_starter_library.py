"""The frameworks shipped with Learnloop load and are as complete as promised."""

import pytest

from learnloop.frameworks.actions import do_add_starter_framework
from learnloop.frameworks.library import (
    STARTER_DIR,
    STARTER_KEYS,
    UnknownStarterError,
    list_starters,
    load_starter,
)
from learnloop.frameworks.models import ProofPoint


def test_every_file_in_the_starter_folder_is_listed():
    assert sorted(p.stem for p in STARTER_DIR.glob("*.yaml")) == sorted(STARTER_KEYS)


@pytest.mark.parametrize("key", STARTER_KEYS)
def test_each_starter_loads_with_the_default_scale_and_every_module_complete(key):
    parsed = load_starter(key)
    assert parsed.key == key
    assert [c.label for c in parsed.scale.levels] == [
        "Not started",
        "Beginning",
        "Partially meets",
        "Substantially meets",
        "Fully meets",
    ]
    assert [(c.code, c.label) for c in parsed.scale.non_ordinal] == [(0, "Don't know")]
    for module in parsed.modules:
        assert len(module.principles) >= 3, module.key
        for principle in module.principles:
            assert len(principle.proof_points) >= 3, (module.key, principle.key)


def test_organizational_performance_has_the_seven_modules(organizational_performance):
    assert [m.key for m in organizational_performance.modules] == [
        "leadership",
        "management",
        "programs",
        "financial-health",
        "culture",
        "internal-monitoring",
        "external-evaluation",
    ]


def test_learning_routines_covers_the_seven_routines():
    assert [m.key for m in load_starter("learning-routines").modules] == [
        "learning-goals",
        "cycles-of-inquiry",
        "small-frequent-cycles",
        "collaborative-teams",
        "tracking-learning",
        "safety-to-fail",
        "leading-lagging-indicators",
    ]


def test_action_learning_sets_covers_the_six_areas_of_set_health():
    assert [m.key for m in load_starter("action-learning-sets").modules] == [
        "sponsorship",
        "attendance",
        "facilitation",
        "questions-before-advice",
        "organization",
        "size-and-format",
    ]


def test_no_proof_point_text_is_repeated_within_a_starter():
    for key in STARTER_KEYS:
        texts = [
            pp.text
            for m in load_starter(key).modules
            for p in m.principles
            for pp in p.proof_points
        ]
        assert len(texts) == len(set(texts)), key


def test_the_library_lists_module_and_proof_point_counts():
    starters = {s.key: s for s in list_starters()}
    assert starters["organizational-performance"].module_count == 7
    assert starters["organizational-performance"].proof_point_count == 89
    assert starters["action-learning-sets"].module_count == 6


def test_an_unknown_starter_key_is_refused():
    with pytest.raises(UnknownStarterError, match="no starter framework 'nope'"):
        load_starter("nope")


def test_adding_a_starter_saves_every_proof_point_with_its_module(organization):
    framework = do_add_starter_framework(organization, "organizational-performance")
    assert framework.version == 1
    assert framework.modules.count() == 7
    points = ProofPoint.objects.filter(module__framework=framework)
    assert points.count() == 89
    mismatched = [
        pp for pp in points.select_related("principle") if pp.principle.module_id != pp.module_id
    ]
    assert mismatched == []
