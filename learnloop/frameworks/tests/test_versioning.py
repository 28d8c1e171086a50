"""Importing, editing and versioning frameworks through the actions."""

import pytest

from conftest import make_framework
from learnloop.frameworks import actions
from learnloop.frameworks.models import Framework, Module, Principle, ProofPoint, RatingScale
from learnloop.frameworks.queries import framework_as_parsed
from learnloop.lib.framework_yaml import dump_framework, parse_framework


def snapshot(framework: Framework):
    """Everything about a version a report depends on, to check it has not changed."""
    framework.refresh_from_db()
    return (framework.title, framework.description, framework_as_parsed(framework))


def test_importing_a_new_key_makes_version_one_with_the_default_scale(organization, small_yaml):
    framework = actions.do_import_framework(organization, parse_framework(small_yaml))
    assert (framework.key, framework.version, framework.previous_version) == ("small", 1, None)
    labels = [c.label for c in framework.default_scale.choices.order_by("code")]
    assert labels == [
        "Don't know",
        "Not started",
        "Beginning",
        "Partially meets",
        "Substantially meets",
        "Fully meets",
    ]
    assert [m.key for m in framework.modules.all()] == ["leadership", "money"]


def test_importing_an_existing_key_makes_the_next_version(organization, small_yaml):
    first = actions.do_import_framework(organization, parse_framework(small_yaml))
    second = actions.do_import_framework(
        organization, parse_framework(small_yaml.replace("Small framework", "Small, revised"))
    )
    assert (second.version, second.previous_version) == (2, first)
    first.refresh_from_db()
    assert first.title == "Small framework"


def test_the_version_in_the_file_does_not_choose_the_version_number(organization, small_yaml):
    framework = actions.do_import_framework(
        organization, parse_framework("version: 7\n" + small_yaml)
    )
    assert framework.version == 1


def test_identical_scales_are_shared_between_imports(organization, small_yaml):
    actions.do_import_framework(organization, parse_framework(small_yaml))
    actions.do_import_framework(organization, parse_framework(small_yaml.replace("small", "other")))
    assert RatingScale.objects.filter(organization=organization).count() == 1


def test_the_same_key_in_two_organizations_is_independent(
    organization, other_organization, small_yaml
):
    actions.do_import_framework(organization, parse_framework(small_yaml))
    theirs = actions.do_import_framework(other_organization, parse_framework(small_yaml))
    assert theirs.version == 1
    assert theirs.default_scale.organization == other_organization


def test_an_export_imports_back_to_the_same_structure(organization):
    original = actions.do_add_starter_framework(organization, "learning-routines")
    parsed = framework_as_parsed(original)
    again = actions.do_import_framework(organization, parse_framework(dump_framework(parsed)))
    assert framework_as_parsed(again, with_version=False) == framework_as_parsed(
        original, with_version=False
    )


def test_the_default_scale_has_five_levels_and_dont_know(organization):
    scale = actions.do_create_default_scale(organization)
    assert [(c.code, c.label) for c in scale.choices.order_by("code")] == [
        (0, "Don't know"),
        (1, "Not started"),
        (2, "Beginning"),
        (3, "Partially meets"),
        (4, "Substantially meets"),
        (5, "Fully meets"),
    ]


# Editing a version no learning session uses changes it in place.


def test_editing_an_unused_framework_changes_it_in_place(framework):
    after = actions.do_edit_framework(framework, title="Renamed", description="New words")
    assert after.pk == framework.pk
    assert Framework.objects.filter(key=framework.key).count() == 1
    framework.refresh_from_db()
    assert framework.title == "Renamed"


def test_adding_a_module_to_an_unused_framework_puts_it_last(framework):
    module = actions.do_add_module(framework, key="", title="Board & Staff", description="")
    assert module.framework_id == framework.pk
    assert module.key == "board-staff"
    assert [m.key for m in framework.modules.all()] == ["module-1", "module-2", "board-staff"]


def test_a_key_made_from_a_title_avoids_keys_already_used(framework):
    module = actions.do_add_module(framework, key="", title="Module 1")
    assert module.key == "module-1-2"


def test_a_chosen_key_already_used_is_refused(framework):
    with pytest.raises(actions.FrameworkEditError, match="already used"):
        actions.do_add_module(framework, key="module-1", title="Again")


def test_a_proof_point_added_to_a_principle_gets_its_module(framework):
    principle = Principle.objects.get(
        module__framework=framework, module__key="module-2", key="principle-1"
    )
    proof_point = actions.do_add_proof_point(principle, key="pp-2", text="New", guidance="")
    assert proof_point.module.key == "module-2"
    assert proof_point.position == 1


# A version used by a learning session is never edited in place.


@pytest.mark.usefixtures("learning_session")
def test_editing_a_used_framework_makes_version_two_and_leaves_version_one(framework):
    before = snapshot(framework)
    after = actions.do_edit_framework(framework, title="Renamed", description="")
    assert (after.version, after.previous_version_id, after.title) == (2, framework.pk, "Renamed")
    assert snapshot(framework) == before
    assert framework_as_parsed(after).modules == before[2].modules
    assert after.default_scale == framework.default_scale


@pytest.mark.parametrize(
    "edit",
    [
        lambda fw: actions.do_add_module(fw, key="extra", title="Extra"),
        lambda fw: actions.do_edit_module(
            fw.modules.get(key="module-1"), title="Changed", description=""
        ),
        lambda fw: actions.do_remove_module(fw.modules.get(key="module-1")),
        lambda fw: actions.do_add_principle(
            fw.modules.get(key="module-1"), key="", title="Another principle"
        ),
        lambda fw: actions.do_edit_principle(
            Principle.objects.get(module__framework=fw, module__key="module-1", key="principle-2"),
            title="Changed",
            description="",
        ),
        lambda fw: actions.do_remove_principle(
            Principle.objects.get(module__framework=fw, module__key="module-1", key="principle-2")
        ),
        lambda fw: actions.do_add_proof_point(
            Principle.objects.get(module__framework=fw, module__key="module-1", key="principle-2"),
            key="",
            text="Another proof point",
        ),
        lambda fw: actions.do_edit_proof_point(
            ProofPoint.objects.get(
                module__framework=fw, module__key="module-2", principle__key="principle-1"
            ),
            text="Changed",
            guidance="Look here",
        ),
    ],
    ids=[
        "add module",
        "edit module",
        "remove module",
        "add principle",
        "edit principle",
        "remove principle",
        "add proof point",
        "edit proof point",
    ],
)
@pytest.mark.usefixtures("learning_session")
def test_every_edit_of_a_used_framework_goes_to_a_new_version(framework, edit):
    before = snapshot(framework)
    edit(framework)
    assert snapshot(framework) == before
    new = Framework.objects.get(key=framework.key, version=2)
    assert new.previous_version == framework
    assert framework_as_parsed(new).modules != before[2].modules


@pytest.mark.usefixtures("learning_session")
def test_a_new_version_keeps_every_key_and_the_proof_points_module(framework):
    after = actions.do_edit_framework(framework, title="Renamed", description="")
    keys = set(
        ProofPoint.objects.filter(module__framework=after).values_list(
            "module__key", "principle__key", "key"
        )
    )
    assert keys == set(
        ProofPoint.objects.filter(module__framework=framework).values_list(
            "module__key", "principle__key", "key"
        )
    )
    assert (
        not ProofPoint.objects.filter(module__framework=after)
        .exclude(principle__module__framework=after)
        .exists()
    )


@pytest.mark.usefixtures("learning_session")
def test_the_second_edit_goes_to_the_new_version_not_a_third(framework):
    v2 = actions.do_edit_framework(framework, title="Renamed", description="")
    v2_again = actions.do_edit_framework(v2, title="Renamed again", description="")
    assert v2_again.pk == v2.pk
    assert Framework.objects.filter(key=framework.key).count() == 2


def test_an_older_version_cannot_be_edited(organization, framework, small_yaml):
    newer = actions.do_import_framework(
        organization, parse_framework(small_yaml.replace("key: small", "key: test-framework"))
    )
    assert newer.version == 2
    with pytest.raises(actions.FrameworkEditError, match="Only the latest version"):
        actions.do_edit_framework(framework, title="Old", description="")
    framework.refresh_from_db()
    assert framework.title == "Test framework"


@pytest.mark.parametrize(
    ("remove", "message"),
    [
        (
            lambda fw: actions.do_remove_module(fw.modules.get(key="only")),
            "at least one module",
        ),
        (
            lambda fw: actions.do_remove_principle(Principle.objects.get(module__framework=fw)),
            "at least one principle",
        ),
        (
            lambda fw: actions.do_remove_proof_point(ProofPoint.objects.get(module__framework=fw)),
            "at least one proof point",
        ),
    ],
)
def test_the_last_item_of_its_kind_cannot_be_removed(organization, remove, message):
    framework = actions.do_import_framework(
        organization,
        parse_framework(
            "key: tiny\ntitle: Tiny\nmodules:\n  - key: only\n    title: Only\n    principles:\n"
            "      - key: p\n        title: P\n        proof_points:\n"
            "          - key: x\n            text: X\n"
        ),
    )
    with pytest.raises(actions.FrameworkEditError, match=message):
        remove(framework)
    assert ProofPoint.objects.filter(module__framework=framework).count() == 1


@pytest.mark.usefixtures("learning_session")
def test_a_refused_edit_of_a_used_framework_leaves_no_new_version(organization, framework):
    with pytest.raises(actions.FrameworkEditError):
        actions.do_add_module(framework, key="module-1", title="Duplicate")
    assert Framework.objects.filter(key=framework.key).count() == 1


def test_removing_a_module_removes_its_principles_and_proof_points(framework):
    actions.do_remove_module(framework.modules.get(key="module-1"))
    assert list(framework.modules.values_list("key", flat=True)) == ["module-2"]
    assert ProofPoint.objects.filter(module__framework=framework).count() == 2


def test_a_second_framework_in_the_organization_is_untouched_by_edits(organization, framework):
    other = make_framework(organization, key="other")
    before = snapshot(other)
    actions.do_remove_module(framework.modules.get(key="module-1"))
    assert snapshot(other) == before
    assert Module.objects.filter(framework=other).count() == 2
