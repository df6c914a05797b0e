"""Absences: who said they will not be at an activity or the camp.

One row per person and activity, with the activity's start for retention. Only that the
person is absent is kept, never why.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activity_absences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("activity_id", sa.String(40), nullable=False),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("starts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_activity_absences_activity_id", "activity_absences", ["activity_id"])
    op.create_index("ix_activity_absences_user_key", "activity_absences", ["user_key"])
    op.create_index("ix_activity_absences_starts", "activity_absences", ["starts"])
    op.create_index("uq_activity_absences", "activity_absences", ["activity_id", "user_key"],
                    unique=True)


def downgrade() -> None:
    op.drop_table("activity_absences")
