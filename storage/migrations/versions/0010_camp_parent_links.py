"""One-time links that tie a parent to a camp registration (for the medical-form reminder).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "camp_parent_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("pupil_user_key", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("parent_user_key", sa.String(64), nullable=True),
        sa.Column("parent_chat_key", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_camp_parent_links_registration_id", "camp_parent_links",
                    ["registration_id"])
    op.create_index("ix_camp_parent_links_pupil_user_key", "camp_parent_links",
                    ["pupil_user_key"])
    op.create_index("ix_camp_parent_links_parent_user_key", "camp_parent_links",
                    ["parent_user_key"])


def downgrade() -> None:
    op.drop_table("camp_parent_links")
