"""A test client over each module's store (its ``db`` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from realpolitik.web import create_app


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    """FastAPI's test client over the application of the module's store."""
    with TestClient(create_app(db), raise_server_exceptions=False) as made:
        yield made
