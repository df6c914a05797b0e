"""Erasure reaches every row: outbox rows name who they are about, update keys are hashed,
and what earlier erasures left behind is anonymised.

* ``outbox.subject_key``: the person a message to someone else is about (a staff notice
  with a pupil's name and question). Existing notices with a reference to a lead, question
  or camp registration get its owner; notices about rows that are gone are deleted.
* ``processed_updates.key`` held the sender's Telegram id (``tg:<id>:m…``): now a keyed
  hash (HMAC-SHA256, the key a random secret in ``app_settings``).
* A youth worker who was erased stayed in ``leads.claimed_by``/``claimed_name``,
  ``questions.answered_by``, the audit trail, announcements and activities: blanked.
* The audit trail named its subject by channel id: now by internal id (``u:<users.id>``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ERASED = "erased"
HASH_SETTING = "processed_updates.hash_key"
#: Outbox references and the table (with its owner column) each points at.
REFERENCES = {"L": ("leads", "user_key"), "V": ("questions", "user_key"),
              "K": ("camp_registrations", "user_key")}
#: Columns naming a youth worker in a row that is not theirs, with the columns going along.
STAFF_MENTIONS = (
    ("leads", "claimed_by", ("claimed_name",)),
    ("questions", "answered_by", ()),
    ("audit_log", "actor_key", ()),
    ("broadcasts", "created_by", ()),
    ("staff_activities", "created_by", ()),
)


def upgrade() -> None:
    op.add_column("outbox", sa.Column("subject_key", sa.String(64), nullable=True))
    op.create_index("ix_outbox_subject_key", "outbox", ["subject_key"])
    connection = op.get_bind()
    _hash_update_keys(connection)
    _link_notices(connection)
    _blank_erased_staff(connection)
    _internal_audit_subjects(connection)


def downgrade() -> None:
    """Anonymised values cannot come back; only the column goes."""
    op.drop_index("ix_outbox_subject_key", table_name="outbox")
    op.drop_column("outbox", "subject_key")


def _hash_update_keys(connection: sa.Connection) -> None:
    key = connection.execute(sa.text("SELECT value FROM app_settings WHERE key = :k"),
                             {"k": HASH_SETTING}).scalar()
    if key is None:
        key = secrets.token_hex(32)
        connection.execute(
            sa.text("INSERT INTO app_settings (key, value, updated_at) VALUES (:k, :v, :at)"),
            {"k": HASH_SETTING, "v": key, "at": datetime.now(UTC)})
    raw = list(connection.execute(sa.text("SELECT key FROM processed_updates")).scalars())
    for old in raw:
        if ":" in old:  # not hashed yet
            new = hmac.new(bytes.fromhex(key), old.encode(), hashlib.sha256).hexdigest()
            connection.execute(sa.text("DELETE FROM processed_updates WHERE key = :new"), {"new": new})
            connection.execute(sa.text("UPDATE processed_updates SET key = :new WHERE key = :old"),
                               {"new": new, "old": old})


def _link_notices(connection: sa.Connection) -> None:
    rows = list(connection.execute(sa.text("SELECT id, ref FROM outbox WHERE ref IS NOT NULL")))
    for row_id, ref in rows:
        letter, number = ref[:1], ref[1:]
        if letter not in REFERENCES or not number.isdigit():
            continue
        table, owner = REFERENCES[letter]
        subject = connection.execute(sa.text(f"SELECT {owner} FROM {table} WHERE id = :id"),
                                     {"id": int(number)}).scalar()
        if subject is None:
            connection.execute(sa.text("DELETE FROM outbox WHERE id = :id"), {"id": row_id})
        else:
            connection.execute(sa.text("UPDATE outbox SET subject_key = :s WHERE id = :id"),
                               {"s": subject, "id": row_id})


def _blank_erased_staff(connection: sa.Connection) -> None:
    """A youth worker's key where no staff member has it any more: they were erased."""
    for table, column, along in STAFF_MENTIONS:
        values = ", ".join(f"{name} = :erased" for name in (column, *along))
        connection.execute(sa.text(
            f"UPDATE {table} SET {values} WHERE {column} LIKE 'tg:%' "
            f"AND {column} NOT IN (SELECT user_key FROM staff_members)"), {"erased": ERASED})


def _internal_audit_subjects(connection: sa.Connection) -> None:
    """Subjects by internal id; a subject without a ``users`` row any more was erased."""
    connection.execute(sa.text(
        "UPDATE audit_log SET subject_key = (SELECT 'u:' || CAST(users.id AS VARCHAR(20)) "
        "FROM users WHERE users.channel_key = audit_log.subject_key) "
        "WHERE subject_key LIKE 'tg:%' AND EXISTS "
        "(SELECT 1 FROM users WHERE users.channel_key = audit_log.subject_key)"))
    connection.execute(sa.text("UPDATE audit_log SET subject_key = :erased "
                               "WHERE subject_key LIKE 'tg:%'"), {"erased": ERASED})
