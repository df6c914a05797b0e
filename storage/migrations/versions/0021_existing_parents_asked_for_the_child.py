"""Parents from before the child was asked: asked once, at their next message (issue 15).

Since 0017 a parent names the child (first name, age band) before the next interest or
question is kept. Parents who chose "Ouder" before have no child named: ``users.ask_child``
marks them, so Maatje asks them once, after answering their next message. It is a flag, no
data about anyone: the child's name is only kept if the parent answers (``child_name``).
Someone who said "under 13" is nobody's parent here, and is not asked.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("ask_child", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.execute(
        "UPDATE users SET ask_child = TRUE WHERE role = 'parent' AND child_band IS NULL"
        " AND (age_band IS NULL OR age_band <> 'u13')"
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("ask_child")
