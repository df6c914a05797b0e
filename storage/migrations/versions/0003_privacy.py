"""Privacy: the person's age band, the staff audit trail, and scheduled job runs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("age_band", sa.String(8), nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_key", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor_key", "audit_log", ["actor_key"])
    op.create_index("ix_audit_log_subject_key", "audit_log", ["subject_key"])
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("last_run", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_runs")
    op.drop_table("audit_log")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("age_band")
