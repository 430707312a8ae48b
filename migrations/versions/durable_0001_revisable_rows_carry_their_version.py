"""revisable rows carry their version: saves from a form compare and set it in one statement

Revision ID: durable_0001
Revises: backup_0001
Create Date: 2026-12-04 01:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "durable_0001"
down_revision = "backup_0001"
branch_labels = None
depends_on = None

#: each table whose rows forms edit from a revision seen, and its rows' kind in the history
TABLES = {"group": "group", "meeting": "meeting", "group_event": "event",
          "service_role": "role", "volunteer": "volunteer", "term": "term"}


def upgrade():
    revisions = sa.table("revision", sa.column("id", sa.Integer),
                         sa.column("subject", sa.String), sa.column("subject_id", sa.Integer))
    for name, kind in TABLES.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0",
                                          nullable=False))
        # Every row starts at its latest revision, the one its edit form shows.
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("version", sa.Integer))
        latest = (sa.select(sa.func.max(revisions.c.id))
                  .where(revisions.c.subject == kind, revisions.c.subject_id == table.c.id)
                  .scalar_subquery())
        op.execute(table.update().values(version=sa.func.coalesce(latest, 0)))


def downgrade():
    for name in TABLES:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column("version")
