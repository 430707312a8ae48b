"""Every command-line tool: `flask --app meetings import-feed | export-feed | demo | backup |
restore | settle-places | group-link | reports | hide-group | unhide-group`."""

import json
import sys
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from meetings.core.database import db
from meetings.directory.models import Group, Meeting


def init_app(app):
    for command in (import_feed, export_feed, demo, settle_places, backup, restore, group_link,
                    reports, hide_group, unhide_group):
        app.cli.add_command(command)


@click.command("import-feed")
@click.argument("source")
@click.option("--timezone", "zone", help="IANA zone for meetings that name none.")
@click.option("--public-only", is_flag=True,
              help="Refuse URLs whose host is loopback, private or link-local.")
def import_feed(source, zone, public_only):
    """Import a Meeting Guide JSON feed or a TSML CSV / Google Sheet (file or URL), by slug."""
    from meetings.imports import importer

    try:
        report = importer.import_source(source, default_zone=zone, public_only=public_only)
    except importer.ImportFailed as failure:
        raise click.ClickException(str(failure)) from failure
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(report.summary())


@click.command("export-feed")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-")
def export_feed(output):
    """Write the whole directory as Meeting Guide JSON."""
    from meetings.directory import guide_entries

    json.dump(guide_entries.directory_feed(), output, ensure_ascii=False, indent=1)
    output.write("\n")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when meetings are already listed.")
def demo(if_empty):
    """Load a realistic demo directory."""
    from meetings.imports import demo as demo_data

    if if_empty and db.session.scalar(db.select(Meeting.id).limit(1)) is not None:
        click.echo("The directory already has meetings; demo not loaded.")
        return
    try:
        count = demo_data.load()
    except demo_data.AlreadyLoaded as failure:
        raise click.ClickException(str(failure)) from failure
    click.echo(f"Loaded a demo directory of {count} meetings.", file=sys.stdout)


@click.command("settle-places")
def settle_places():
    """Name the town of every location, and place those that have an address but no position."""
    from meetings.directory import settling

    click.echo(f"Settled {settling.settle_unsettled(place=True)} locations.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file):
    """Write everything (directory, links' hashes, history, roster) to FILE, while serving."""
    from meetings.core import backup as backups

    try:
        counts = backups.write(file, db.engine)
    except OSError as error:
        raise click.ClickException(f"{file} cannot be written: {error}") from error
    click.echo(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {file}.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace everything this database holds.")
def restore(file, force):
    """Load a backup made by `backup` into an empty database."""
    from meetings.core import restore as restoring

    try:
        counts = restoring.read(file, db.engine, force)
    except restoring.RestoreFailed as failure:
        raise click.ClickException(str(failure)) from failure
    click.echo(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {file}.")


@click.command("group-link")
@click.argument("slug")
@click.option("--name", default="operator", help="What the new link is called.")
@click.option("--base-url", help="The site's address, e.g. https://meetings.example.org")
def group_link(slug, name, base_url):
    """Print a fresh link for a group (the operator's way in when all links are lost)."""
    from meetings.manage import changes
    from meetings.manage.capabilities import issue

    _made, token = issue(_group(slug), name, changes.Actor(None, "operator"))
    db.session.commit()
    server = base_url or current_app.config["SERVER_NAME"]
    if not server:
        click.echo(f"/g/{token}")
        click.echo("Put the site's address in front of this path, or pass --base-url.", err=True)
        return
    if "://" not in server:
        server = f"{current_app.config['PREFERRED_URL_SCHEME']}://{server}"
    click.echo(f"{server.rstrip('/')}/g/{token}")


@click.command("reports")
@click.option("--all", "everyone", is_flag=True, help="Every reported group, however few.")
@click.option("--days", type=click.IntRange(1, 3650), help="How far back to count.")
def reports(everyone, days):
    """List the groups readers reported (past the threshold unless --all)."""
    from meetings.manage.moderation import REASONS_EN, reported

    config = current_app.config
    days = days or config["REPORTS_DAYS"]
    threshold = 1 if everyone else config["REPORTS_THRESHOLD"]
    found = reported(days, threshold)
    if not found:
        click.echo(f"No group has {threshold} or more reports in the last {days} days.")
    for item in found:
        state = "hidden" if item.group.hidden_at else "listed"
        reasons = ", ".join(f"{REASONS_EN[r]}: {n}" for r, n in sorted(item.reasons.items()))
        count = f"{item.count} report{'' if item.count == 1 else 's'}"
        click.echo(f"{item.group.slug} ({state}): {count} in {days} days ({reasons}) — "
                   f"{item.group.name}")
        for report in item.notes:
            click.echo(f"    {report.created:%Y-%m-%d} {report.note}")


@click.command("hide-group")
@click.argument("slug")
@click.option("--reason", help="Why, for the group's history.")
def hide_group(slug, reason):
    """Hide a group and its meetings from every public page and feed."""
    from meetings.manage.moderation import hide

    group = _group(slug)
    if group.hidden_at is not None:
        click.echo(f"{slug} is already hidden (since {group.hidden_at:%Y-%m-%d %H:%M} UTC).")
        return
    hide(group, reason)
    db.session.commit()
    click.echo(f"Hid {slug}: its {len(group.listed_meetings)} meetings are on no public page or "
               f"feed. Its history says so; `unhide-group {slug}` shows it again.")


@click.command("unhide-group")
@click.argument("slug")
@click.option("--reason", help="Why, for the group's history.")
def unhide_group(slug, reason):
    """Show a hidden group and its meetings again."""
    from meetings.manage.moderation import unhide

    group = _group(slug)
    if group.hidden_at is None:
        click.echo(f"{slug} is not hidden.")
        return
    unhide(group, reason)
    db.session.commit()
    click.echo(f"{slug} is listed again, with its {len(group.listed_meetings)} meetings.")


def _group(slug: str) -> Group:
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if group is None:
        raise click.ClickException(f"There is no group with the slug {slug!r}.")
    return group
