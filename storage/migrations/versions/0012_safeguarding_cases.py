"""Safeguarding cases, and the question a person was just asked (to answer it by typing).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("asked", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "safeguarding_cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("chat_key", sa.String(64), nullable=False),
        sa.Column("first_name", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alerts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_name", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_safeguarding_cases_user_key", "safeguarding_cases", ["user_key"])
    op.create_index("ix_safeguarding_cases_status", "safeguarding_cases", ["status"])


def downgrade() -> None:
    op.drop_table("safeguarding_cases")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("asked")
