"""The digital medical form: one encrypted form per camp registration.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "medical_forms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("registration_id", sa.Integer(), nullable=False, unique=True),
        sa.Column("parent_key", sa.String(64), nullable=False),
        sa.Column("parent_name", sa.String(64), nullable=False),
        sa.Column("pupil_key", sa.String(64), nullable=False),
        sa.Column("answers", sa.LargeBinary(), nullable=False),
        sa.Column("step", sa.String(16), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("camp_end", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_medical_forms_parent_key", "medical_forms", ["parent_key"])
    op.create_index("ix_medical_forms_pupil_key", "medical_forms", ["pupil_key"])
    op.create_index("ix_medical_forms_camp_end", "medical_forms", ["camp_end"])


def downgrade() -> None:
    op.drop_table("medical_forms")
