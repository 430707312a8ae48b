"""Command-line tools: `flask --app meetings import-feed | export-feed | demo | backup | …`."""

import json
import sys
from pathlib import Path

import click

from meetings.core.database import db
from meetings.directory.models import Meeting


def init_app(app):
    for command in (import_feed, export_feed, demo, settle_places, backup, restore):
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
    count = demo_data.load()
    click.echo(f"Loaded a demo directory of {count} meetings.", file=sys.stdout)


@click.command("settle-places")
def settle_places():
    """Name the town of every location, and place those that have an address but no position."""
    from meetings.directory import places

    click.echo(f"Settled {places.settle_unsettled(place=True)} locations.")


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
