"""Meetings: a directory of self-supporting peer-support groups, their feeds and rotation."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

from meetings.core import zonerules
from meetings.core.database import normalise_database_url
from meetings.core.paths import ROOT
from meetings.web.compression import StaticFiles, static_file_version


def create_app(test_config=None):
    """Build the application: defaults, then instance/config.py, then environment."""
    zonerules.use_packaged_rules()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    app.config.from_mapping(
        SITE_NAME="Meetings",
        DEFAULT_TIMEZONE=None,  # None: the zone most of the directory's meetings keep
        DEFAULT_LOCALE="en",
        LOCALES=["en", "es", "fr", "ja", "nl", "pt", "sk", "sv", "th", "ar"],
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'meetings.sqlite'}",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        MAX_CONTENT_LENGTH=1024 * 1024,
        MIGRATE_ON_START=True,
        PAGE_SIZE=50,
        LOG_CLIENT_ADDRESSES=False,
        #: proxies in front that set each X-Forwarded-* header (web/proxy.py); 0: none trusted
        PROXY_FIX_X_FOR=0,
        PROXY_FIX_X_PROTO=0,
        PROXY_FIX_X_HOST=0,
        PROXY_FIX_X_PORT=0,
        PROXY_FIX_X_PREFIX=0,
        #: None: gazetteer-<versions>.sqlite in the instance folder, built on first use
        GAZETTEER_PATH=None,
        SESSION_COOKIE_SAMESITE="Lax",
        #: a device remembers the group links it opened for a year
        PERMANENT_SESSION_LIFETIME=timedelta(days=365),
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_GROUP_CREATION="10/hour",
        RATELIMIT_LINK_LOOKUPS="30/minute",
        RATELIMIT_RECOVERY="10/hour",
        RATELIMIT_SUGGESTIONS="10/hour",
        RATELIMIT_WRITES="120/hour",
        RATELIMIT_REPORTS="5/hour",
        #: new groups started on the web per day, whoever starts them (0: no cap)
        GROUPS_PER_DAY=50,
        #: reports within REPORTS_DAYS that put a group on the operator's `reports` list
        REPORTS_THRESHOLD=3,
        REPORTS_DAYS=30,
        COMPRESS_REGISTER=False,  # compression's own hook decides which responses go through
        COMPRESS_CACHE_BACKEND=StaticFiles,
        COMPRESS_CACHE_KEY=static_file_version,
        COMPRESS_ALGORITHM=["zstd", "br", "gzip"],
        COMPRESS_MIMETYPES=["text/html", "text/css", "text/javascript", "text/plain",
                            "text/calendar", "application/json", "application/manifest+json",
                            "image/svg+xml"],
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        app.config.from_prefixed_env("MEETINGS")
    else:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    # Template indentation is for people reading templates, not for phones downloading pages.
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    from meetings import cli
    from meetings.calendars import feeds
    from meetings.core import database
    from meetings.directory import api, embed, finder, groups, printing, zone_counts
    from meetings.manage import (
        dates,
        editing,
        history,
        links,
        reports,
        saving,
        starting,
        suggestions,
    )
    from meetings.rotation import business, roles, roster, servicefeed, volunteers
    from meetings.web import (
        compression,
        errors,
        formats,
        health,
        i18n,
        limits,
        offline,
        proxy,
        readerzone,
        security,
    )

    compression.init_app(app)  # first registered, last to touch each response
    database.init_app(app)
    i18n.init_app(app)
    formats.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    zone_counts.init_app(app)
    saving.init_app(app)
    for module in (limits, proxy, links, servicefeed):
        module.init_app(app)
    for module in (feeds, finder, groups, api, printing, starting, links, editing, dates,
                   history, suggestions, roles, volunteers, roster, business, servicefeed,
                   offline, readerzone, reports, embed, health):
        app.register_blueprint(module.bp)
    return app


def _instance_secret(instance):
    """Read the instance's secret key, generating it atomically on first start."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process started at the same moment; its key wins
        finally:
            draft.unlink()
    return path.read_text().strip()
