"""Command-line tools: `flask --app meetings import-feed | export-feed | demo`."""

import json
import sys

import click

from .models import Meeting, db


def init_app(app):
    for command in (import_feed, export_feed, demo, settle_places):
        app.cli.add_command(command)


@click.command("import-feed")
@click.argument("source")
@click.option("--timezone", "zone", help="IANA zone for meetings that name none.")
def import_feed(source, zone):
    """Import a Meeting Guide JSON feed (file or URL) or a TSML CSV, updating by slug."""
    from . import importer

    try:
        report = importer.import_source(source, default_zone=zone)
    except importer.ImportFailed as failure:
        raise click.ClickException(str(failure)) from failure
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(report.summary())


@click.command("export-feed")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-")
def export_feed(output):
    """Write the whole directory as Meeting Guide JSON."""
    from . import api

    json.dump(api.directory_feed(), output, ensure_ascii=False, indent=1)
    output.write("\n")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when meetings are already listed.")
def demo(if_empty):
    """Load a realistic demo directory."""
    from . import demo as demo_data

    if if_empty and db.session.scalar(db.select(Meeting.id).limit(1)) is not None:
        click.echo("The directory already has meetings; demo not loaded.")
        return
    count = demo_data.load()
    click.echo(f"Loaded a demo directory of {count} meetings.", file=sys.stdout)


@click.command("settle-places")
def settle_places():
    """Name the town of every location, and place those that have an address but no position."""
    from . import places

    click.echo(f"Settled {places.settle_unsettled(place=True)} locations.")
