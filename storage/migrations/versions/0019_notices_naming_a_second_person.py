"""A notice about one person that names another: ``outbox.named_key``; and under 13 is
nobody's parent.

"Is Fatima je ouder?" goes to the pupil and is about her, but it names the parent who
opened the link; so do the staff notices about that link and about a camp permission.
Until now only the pupil's ``/vergeet`` reached them; with ``named_key`` the parent's does
too. Notices queued before this upgrade do not know the parent: they go within a week
(outbox retention), and the link itself already went with the parent's ``/vergeet``.

A pupil under 13 who had chosen "Ouder" before kept the child she named then
(``users.child_name``/``child_band``) while she was told only her settings are kept: it goes.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("named_key", sa.String(64), nullable=True))
    op.create_index("ix_outbox_named_key", "outbox", ["named_key"])
    op.execute("UPDATE users SET child_name = NULL, child_band = NULL WHERE age_band = 'u13'")


def downgrade() -> None:
    """The child's name cannot come back; only the column goes."""
    op.drop_index("ix_outbox_named_key", table_name="outbox")
    op.drop_column("outbox", "named_key")
