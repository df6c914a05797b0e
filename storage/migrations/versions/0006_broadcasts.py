"""Subscribers, their groups, and announcements with their translations.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_key", sa.String(64), nullable=False, unique=True),
        sa.Column("chat_key", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_subscribers_chat_key", "subscribers", ["chat_key"])
    op.create_table(
        "subscriber_groups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("slug", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_subscriber_groups_slug", "subscriber_groups", ["slug"])
    op.create_index("uq_subscriber_groups", "subscriber_groups", ["user_key", "slug"], unique=True)
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("chat_key", sa.String(64), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("audience", sa.String(48), nullable=False, server_default=""),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("file_kind", sa.String(16), nullable=True),
        sa.Column("file_id", sa.String(200), nullable=True),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_broadcasts_state", "broadcasts", ["state"])
    op.create_table(
        "broadcast_texts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("uq_broadcast_texts", "broadcast_texts", ["broadcast_id", "language"],
                    unique=True)


def downgrade() -> None:
    op.drop_table("broadcast_texts")
    op.drop_table("broadcasts")
    op.drop_table("subscriber_groups")
    op.drop_table("subscribers")
