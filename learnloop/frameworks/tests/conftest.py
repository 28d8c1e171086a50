import pytest

from conftest import client_for
from learnloop.frameworks.library import load_starter

SMALL = """\
key: small
title: Small framework
modules:
  - key: leadership
    title: Leadership
    principles:
      - key: direction
        title: Clear direction
        proof_points:
          - key: plan
            text: A current strategic plan exists.
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


@pytest.fixture
def small_yaml() -> str:
    return SMALL


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


@pytest.fixture
def organizational_performance():
    return load_starter("organizational-performance")
