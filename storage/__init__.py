"""Storage: SQLAlchemy 2 models, the engine set-up, repositories and Alembic migrations."""
