"""service rotation: roles, volunteers, days away, terms, calendar tokens

Revision ID: 78aabfaa5cb1
Revises: 282238eec825
Create Date: 2026-11-29 17:37:50.661344

"""

import sqlalchemy as sa
from alembic import op

revision = "78aabfaa5cb1"
down_revision = "282238eec825"
branch_labels = None
depends_on = None

ACTIVE = sa.text("removed_at IS NULL")


def upgrade():
    op.create_table(
        "volunteer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("private_note", sa.Text(), nullable=True),
        sa.Column("declined_roles", sa.Text(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_volunteer_group_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.create_index("ix_volunteer_group_id", ["group_id"], unique=False)
        batch_op.create_index("uq_volunteer_group_name", ["group_id", "name"], unique=True,
                              sqlite_where=ACTIVE, postgresql_where=ACTIVE)

    op.create_table(
        "away",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_away_group_id"),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteer.id"], name="fk_away_volunteer_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("away", schema=None) as batch_op:
        batch_op.create_index("ix_away_volunteer_id", ["volunteer_id"], unique=False)

    op.create_table(
        "feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_feed_token_group_id"),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteer.id"], name="fk_feed_token_volunteer_id"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_feed_token_token_hash"),
    )
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.create_index("ix_feed_token_group_id", ["group_id"], unique=False)

    op.create_table(
        "service_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("duties", sa.Text(), nullable=True),
        sa.Column("term_unit", sa.String(length=10), nullable=False),
        sa.Column("term_length", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("requirement", sa.String(length=200), nullable=True),
        sa.Column("combinable", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_service_role_group_id"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name="fk_service_role_meeting_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("service_role", schema=None) as batch_op:
        batch_op.create_index("ix_service_role_group_id", ["group_id"], unique=False)

    op.create_table(
        "term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_term_group_id"),
        sa.ForeignKeyConstraint(["role_id"], ["service_role.id"], name="fk_term_role_id"),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteer.id"], name="fk_term_volunteer_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("role_id", "seat", "starts_on", name="uq_term_role_seat_starts_on"),
        sa.UniqueConstraint("uid", name="uq_term_uid"),
    )
    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.create_index("ix_term_group_id", ["group_id"], unique=False)
        batch_op.create_index("ix_term_volunteer_id", ["volunteer_id"], unique=False)


def downgrade():
    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.drop_index("ix_term_volunteer_id")
        batch_op.drop_index("ix_term_group_id")
    op.drop_table("term")
    with op.batch_alter_table("service_role", schema=None) as batch_op:
        batch_op.drop_index("ix_service_role_group_id")
    op.drop_table("service_role")
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_token_group_id")
    op.drop_table("feed_token")
    with op.batch_alter_table("away", schema=None) as batch_op:
        batch_op.drop_index("ix_away_volunteer_id")
    op.drop_table("away")
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.drop_index("uq_volunteer_group_name", sqlite_where=ACTIVE,
                            postgresql_where=ACTIVE)
        batch_op.drop_index("ix_volunteer_group_id")
    op.drop_table("volunteer")
