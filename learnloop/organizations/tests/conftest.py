"""Clients for each role of the shared organization (people come from the root conftest)."""

import pytest
from django.test import Client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return signed_in(owner)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return signed_in(facilitator)


@pytest.fixture
def viewer_client(viewer) -> Client:
    return signed_in(viewer)
