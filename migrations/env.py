"""Alembic environment: runs migrations on the app's own engine, one process at a time."""

import logging

from alembic import context
from flask import current_app
from sqlalchemy import text

logger = logging.getLogger("alembic.env")
config = context.config
target_db = current_app.extensions["migrate"].db
#: any fixed number; every process migrating the same PostgreSQL database waits on it
ADVISORY_LOCK = 7_351_240_817


def skip_empty_autogenerate(context, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def render_item(kind, obj, autogen_context):
    """Write the app's column types as the plain SQL types they store, so files stay standalone."""
    if kind == "type" and hasattr(obj, "impl"):
        return repr(obj.impl).replace("DateTime(", "sa.DateTime(")
    return False


def run_migrations_online():
    conf_args = current_app.extensions["migrate"].configure_args
    conf_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    conf_args.setdefault("render_item", render_item)
    engine = target_db.engine
    with engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK})
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=target_db.metadata,
                **conf_args,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            if postgres:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK})
                connection.commit()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run them against the database.")
run_migrations_online()
