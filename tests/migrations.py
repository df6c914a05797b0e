"""Bring a test database to one migration, to build the rows an upgrade must handle."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from storage.db import MIGRATIONS


def upgrade(engine: Engine, revision: str) -> None:
    """Run the migrations up to ``revision`` (``"head"``: all) on ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
