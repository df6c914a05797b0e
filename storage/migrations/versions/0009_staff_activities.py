"""Activities staff add from Telegram, and who said "Ik kom" to an activity.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_activities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("price", sa.Numeric(8, 2), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_staff_activities_state", "staff_activities", ["state"])
    op.create_index("ix_staff_activities_start", "staff_activities", ["start"])
    op.create_table(
        "activity_attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("activity_id", sa.String(40), nullable=False),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("chat_key", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("starts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_activity_attendance_activity_id", "activity_attendance", ["activity_id"])
    op.create_index("ix_activity_attendance_user_key", "activity_attendance", ["user_key"])
    op.create_index("ix_activity_attendance_starts", "activity_attendance", ["starts"])
    op.create_index("uq_activity_attendance", "activity_attendance", ["activity_id", "user_key"],
                    unique=True)


def downgrade() -> None:
    op.drop_table("activity_attendance")
    op.drop_table("staff_activities")
