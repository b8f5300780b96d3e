"""Fixtures for the connector tests: fixture paths, the fake transport, the RUKS workbook."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from atlas.connectors.transport import ResilientTransport
from tests.connectors.fakes import FIXTURES, STATBANK, FakeStatbank, FakeTransport

UNIVERSE = {101, 147, 169, 400, 751, 825}
RUKS_URL = "https://cdn1.gopublic.dk/sundhedsdatastyrelsen/Media/638999138200017589/RUKS.XLSX"
DEATHS_URL = "https://files.example.test/doedssted.csv"
DAGI_URL = "https://wfs.datafordeler.dk/DAGI/DAGI_WFS/1.0.0/WFS"


def _load_fixture_module():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_fixtures = _load_fixture_module()


@pytest.fixture(scope="session")
def ruks_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("ruks") / "RUKS-2010-2025.xlsx"
    return make_fixtures.build_ruks_workbook(path).read_bytes()


@pytest.fixture
def fake(ruks_bytes: bytes) -> FakeTransport:
    """Every source reachable: StatBank emulator, RUKS workbook, deaths file, DAGI WFS."""
    return FakeTransport({
        STATBANK: FakeStatbank(),
        RUKS_URL: ruks_bytes,
        DEATHS_URL: (FIXTURES / "deaths" / "doedssted_kommuner.csv").read_bytes(),
        DAGI_URL: (FIXTURES / "dagi" / "datafordeler_wfs_latlon.geojson").read_bytes(),
    })


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def transport(fake: FakeTransport, sleeps: list[float]) -> ResilientTransport:
    """The production retry/backoff wrapper around the fake, with a recorded (no-op) sleep."""
    return ResilientTransport(fake, cache_dir=None, sleep=sleeps.append, min_interval=0.0)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A writable copy of the six-municipality base snapshot."""
    target = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", target)
    return target
