"""Rounds on different framework versions: the key matching, the mapping page, the comparison."""

from __future__ import annotations

import pytest

from conftest import client_for, make_framework
from learnloop.frameworks.actions import (
    do_add_proof_point,
    do_edit_proof_point,
    do_remove_proof_point,
)
from learnloop.rounds.alignment import PointKey, align, match_by_keys
from learnloop.rounds.models import MappedProofPoint, ProofPointMapping
from learnloop.rounds.tests.conftest import (
    AFTER,
    answer,
    join,
    make_round,
    ordered_proof_points,
    rounds_url,
)

MAPPING = "rounds-edit-mapping"


# ---------------------------------------------------------------------------------------------
# Matching keys and aligning rounds (no database)


def key(pk, module="m", principle="p", point="x"):
    return PointKey(pk, module, principle, point)


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ([key(1, point="a")], [key(11, point="a")], {11: 1}),
        ([key(1, point="a")], [key(11, point="b")], {}),  # new one, retired one
        # Moved to another principle of the same module: matched by module and proof point key.
        ([key(1, principle="p1", point="a")], [key(11, principle="p2", point="a")], {11: 1}),
        # ...unless that pair is ambiguous.
        (
            [key(1, principle="p1", point="a"), key(2, principle="p2", point="a")],
            [key(11, principle="p3", point="a")],
            {},
        ),
        # Moved to another module: keys alone cannot tell, so it is new and retired.
        ([key(1, module="m1", point="a")], [key(11, module="m2", point="a")], {}),
        # The full key wins before the looser one is tried.
        (
            [key(1, principle="p1", point="a"), key(2, principle="p2", point="a")],
            [key(11, principle="p2", point="a"), key(12, principle="p9", point="a")],
            {11: 2, 12: 1},
        ),
    ],
)
def test_match_by_keys(earlier, later, expected):
    assert match_by_keys(earlier, later) == expected


@pytest.mark.parametrize(
    ("rounds", "mappings", "rows"),
    [
        ([[1, 2], [1, 2]], [None], [[1, 1], [2, 2]]),
        ([[1, 2], [2, 3]], [None], [[2, 2], [None, 3], [1, None]]),
        ([[1, 2], [11, 12]], [{11: 1}], [[1, 11], [None, 12], [2, None]]),
        (
            [[1], [11], [21]],
            [{11: 1}, {21: 11}],
            [[1, 11, 21]],
        ),
        # A proof point retired in round 2 keeps its row; round 3 re-asks round 2's.
        ([[1, 2], [11], [11]], [{11: 1}, None], [[1, 11, 11], [2, None, None]]),
        ([], [], []),
    ],
)
def test_align_keeps_every_proof_point(rounds, mappings, rows):
    assert align(rounds, mappings) == rows


# ---------------------------------------------------------------------------------------------
# Two rounds on two versions


@pytest.fixture
def versions(first_round):
    """Version 2: proof point 1.1 reworded, 2.2 replaced by a new one (another key)."""
    points = ordered_proof_points(first_round)
    reworded = do_edit_proof_point(points[0], text="Proof point 1.1, reworded", guidance="")
    newer = reworded.module.framework
    removed = next(p for p in ordered_by_framework(newer) if p.text == "Proof point 2.2")
    added = do_add_proof_point(removed.principle, key="pp-new", text="A new proof point")
    do_remove_proof_point(removed)
    return first_round.framework, newer, added


def ordered_by_framework(framework):
    from learnloop.frameworks.models import ProofPoint

    return list(
        ProofPoint.objects.filter(module__framework=framework)
        .select_related("principle")
        .order_by("module__position", "principle__position", "position", "pk")
    )


@pytest.fixture
def later_version_round(first_round, versions, ten_people):
    _older, newer, _added = versions
    session = make_round(first_round, framework=newer)
    people, groups_of = ten_people
    participants = join(session, people, groups_of)
    answer(session, participants, ordered_proof_points(session), [*AFTER[:3], [4] * 10])
    return session


def test_unmapped_proof_points_are_listed_as_new_and_retired(admin_client, later_version_round):
    page = admin_client.get(
        rounds_url("rounds-show-comparison", later_version_round, format="json")
    ).json()
    assert page["mapping"]["same_version"] is False
    assert page["mapping"]["reviewed"] is False
    compared = {row["text"] for row in page["proof_points"]}
    assert compared == {"Proof point 1.1, reworded", "Proof point 1.2", "Proof point 2.1"}
    assert [(r["text"], r["kind"]) for r in page["new"]] == [("A new proof point", "new")]
    assert [(r["text"], r["kind"]) for r in page["retired"]] == [("Proof point 2.2", "retired")]
    assert page["new"][0]["figures"]["n"] == 10
    assert page["retired"][0]["figures"]["n"] == 10
    text = admin_client.get(rounds_url("rounds-show-comparison", later_version_round)).content
    assert "A new proof point" in text.decode()
    assert "Retired: not in this round" in text.decode()


def test_the_mapping_page_proposes_the_key_matching(admin_client, later_version_round, first_round):
    url = rounds_url(MAPPING, later_version_round, against=first_round.pk)
    response = admin_client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "nobody has reviewed it yet" in text
    assert "Proof point 2.2" in text  # listed as retired


def mapping_data(form_rows, **overrides):
    data = {}
    for _point, field in form_rows:
        data[field.html_name] = field.value() or ""
    data.update(overrides)
    return data


def test_saving_the_mapping_links_a_new_proof_point_to_a_retired_one(
    admin_client, admin, later_version_round, first_round, versions, django_assert_max_num_queries
):
    _older, _newer, added = versions
    url = rounds_url(MAPPING, later_version_round, against=first_round.pk)
    rows = admin_client.get(url).context["form"].rows()
    retired = next(p for p in ordered_proof_points(first_round) if p.text == "Proof point 2.2")
    response = admin_client.post(url, mapping_data(rows, **{f"pp-{added.pk}": retired.pk}))
    assert response.status_code == 302
    mapping = ProofPointMapping.objects.get()
    assert mapping.reviewed_by == admin
    assert mapping.links.count() == 4
    with django_assert_max_num_queries(14):  # the saved mapping and its links, not the keys
        page = admin_client.get(
            rounds_url("rounds-show-comparison", later_version_round, format="json")
        ).json()
    assert page["mapping"]["reviewed"] is True
    assert page["new"] == []
    assert page["retired"] == []
    row = next(r for r in page["proof_points"] if r["text"] == "A new proof point")
    assert row["earlier_id"] == retired.pk
    assert row["change"]["pairs"]["n"] == 10


def test_an_earlier_proof_point_can_be_continued_only_once(
    admin_client, later_version_round, first_round, versions
):
    _older, _newer, added = versions
    url = rounds_url(MAPPING, later_version_round, against=first_round.pk)
    rows = admin_client.get(url).context["form"].rows()
    first = ordered_proof_points(first_round)[0]
    response = admin_client.post(url, mapping_data(rows, **{f"pp-{added.pk}": first.pk}))
    assert response.status_code == 400
    assert "can be continued only once" in response.content.decode()
    assert ProofPointMapping.objects.count() == 0


def test_a_proof_point_of_another_organization_cannot_be_mapped(
    admin_client, later_version_round, first_round, versions, other_organization
):
    _older, _newer, added = versions
    foreign = ordered_by_framework(make_framework(other_organization))[0]
    url = rounds_url(MAPPING, later_version_round, against=first_round.pk)
    rows = admin_client.get(url).context["form"].rows()
    response = admin_client.post(url, mapping_data(rows, **{f"pp-{added.pk}": foreign.pk}))
    assert response.status_code == 400
    assert ProofPointMapping.objects.count() == 0
    assert MappedProofPoint.objects.count() == 0


def test_facilitators_read_the_mapping_and_only_administrators_change_it(
    facilitator, viewer, later_version_round, first_round
):
    url = rounds_url(MAPPING, later_version_round, against=first_round.pk)
    response = client_for(facilitator).get(url)
    assert response.status_code == 200
    assert "disabled" in response.content.decode()
    assert client_for(facilitator).post(url, {}).status_code == 404
    assert client_for(viewer).get(url).status_code == 404
    assert ProofPointMapping.objects.count() == 0


def test_rounds_on_the_same_version_need_no_mapping(admin_client, first_round, second_round):
    response = admin_client.get(rounds_url(MAPPING, second_round))
    assert response.status_code == 200
    assert "no mapping is needed" in response.content.decode()


def test_the_comparison_across_versions_reads_a_fixed_number_of_queries(
    admin_client, later_version_round, django_assert_max_num_queries
):
    # The twelve of a comparison on one version, and the mapping: its keys (none is saved).
    with django_assert_max_num_queries(14):
        response = admin_client.get(rounds_url("rounds-show-comparison", later_version_round))
    assert response.status_code == 200
