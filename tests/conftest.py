from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.fakes.api import ApiServer
from tests.fakes.feeds import FeedServer
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.rigs.stores import fresh_store
from veille.app import Veille
from veille.config import LoadedConfig, Secrets, load_config
from veille.store import Store

REPO = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "veille-test-signing-secret"


def shared_data() -> Path:
    configured = os.environ.get("VEILLE_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


@pytest.fixture
def shared() -> Path:
    path = shared_data()
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} is absent (set VEILLE_SHARED_DATA to use it)")
    return path


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture
def api() -> Iterator[ApiServer]:
    server = ApiServer().start()
    yield server
    server.stop()


def _postgres_database() -> Iterator[str]:
    base = os.environ.get("VEILLE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("PostgreSQL back end not tested: VEILLE_TEST_POSTGRES_URL is not set")
    admin = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"veille_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL back end not tested: cannot reach {admin}: {exc}")
    prefix, _, _ = admin.rpartition("/")
    yield f"{prefix}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'veille.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'veille.db'}"


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    """A SQLite store with its schema (tests that need both back ends define their own)."""
    yield from fresh_store(sqlite_url)


def toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return f"[{', '.join(toml_value(v) for v in value)}]"
    return toml_string(value)


def write_config(
    folder: Path,
    *,
    database: str,
    sources: list[dict[str, Any]],
    brands: list[dict[str, Any]] | None = None,
    language: str = "fr",
    extra: str = "",
) -> LoadedConfig:
    brands = brands or [{"name": "Viadeo", "terms": ["Viadeo"], "channel": "#veille"}]
    lines = [
        "[veille]",
        f"language = {toml_string(language)}",
        'timezone = "Europe/Paris"',
        f"database = {toml_string(database)}",
        'default_channel = "#veille"',
        'poll_interval = "1s"',
        'jitter = "0s"',
        'backlog = "all"',
        'allow_private_addresses = ["127.0.0.1"]',
        "" if "health_port" in extra else "health_port = 0",
        extra,
    ]
    for brand in brands:
        lines.append("[[brands]]")
        for key, value in brand.items():
            if isinstance(value, list):
                lines.append(f"{key} = [{', '.join(toml_string(v) for v in value)}]")
            else:
                lines.append(f"{key} = {toml_string(value)}")
    for source in sources:
        lines.append("[[sources]]")
        for key, value in source.items():
            lines.append(f"{key} = {toml_value(value)}")
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(path)


def slack_secrets(fake: FakeSlack) -> Secrets:
    return Secrets(
        slack_bot_token=BOT_TOKEN,
        slack_app_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.base_url,
    )


@pytest.fixture
def start_veille() -> Iterator[Callable[..., Veille]]:
    started: list[Veille] = []

    def start(loaded: LoadedConfig, secrets: Secrets, **options: Any) -> Veille:
        options.setdefault("http_port", 0)
        options.setdefault("outbox_options", {"backoff_base": 0.2, "backoff_max": 1.0, "idle_wait": 0.1})
        veille = Veille(loaded, secrets, **options)
        veille.start()
        started.append(veille)
        return veille

    yield start
    for veille in started:
        veille.stop()
