"""location town and postcode: every row names its town, typed towns and postcodes find it

Revision ID: finding_0001
Revises: 78aabfaa5cb1
Create Date: 2026-12-04 01:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "finding_0001"
down_revision = "78aabfaa5cb1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.add_column(sa.Column("town", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("town_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("postcode", sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f("ix_location_town_key"), ["town_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_location_postcode"), ["postcode"], unique=False)
        batch_op.create_index(batch_op.f("ix_location_latitude"), ["latitude"], unique=False)


def downgrade():
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_location_latitude"))
        batch_op.drop_index(batch_op.f("ix_location_postcode"))
        batch_op.drop_index(batch_op.f("ix_location_town_key"))
        batch_op.drop_column("postcode")
        batch_op.drop_column("town_key")
        batch_op.drop_column("town")
