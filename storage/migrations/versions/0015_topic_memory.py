"""Topic memory: the last topic answered, what it was about, and when; and the prompt
just shown, to show it again after a question typed in between; and the question of a
second miss, kept until the person says yes to passing it on, or no (issue 17).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("topic", sa.String(32), nullable=True))
        batch.add_column(sa.Column("topic_entities", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("topic_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("prompt", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("pending_inputs") as batch:
        batch.add_column(sa.Column("text", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("pending_inputs") as batch:
        batch.drop_column("text")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("prompt")
        batch.drop_column("topic_at")
        batch.drop_column("topic_entities")
        batch.drop_column("topic")
