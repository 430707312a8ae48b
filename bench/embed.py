"""Server time and size of `/embed` and `/groups/<slug>.json` at 1,000 / 10,000 meetings.

Run `.venv/bin/python bench/embed.py [COUNTS...]`. Goal: every embed under 50 ms at
10,000 meetings, since each visit to a group's website asks for one.
"""

import sys

from timing import directory, first, measure, table

from meetings.core.database import db
from meetings.directory.locations import Location, Region
from meetings.directory.models import Group, Meeting


def run(count):
    with directory(count) as (app, _seconds):
        group = first(app, db.select(Group.slug).join(Meeting).group_by(Group.slug)
                      .order_by(db.func.count().desc()).limit(1))
        region = first(app, db.select(Region.slug).order_by(Region.id).limit(1))
        with app.app_context():
            place = db.session.execute(db.select(Location.latitude, Location.longitude)
                                       .where(Location.latitude.is_not(None)).limit(1)).one()
        near = f"{place.latitude:.3f},{place.longitude:.3f}"
        client = app.test_client()
        client.get(f"/embed?group={group}")  # warm caches (time zones) as a running server has them
        rows = [
            ("group", *measure(client, f"/embed?group={group}", 30)),
            ("group, limit 30", *measure(client, f"/embed?group={group}&limit=30", 30)),
            ("region", *measure(client, f"/embed?region={region}", 20)),
            ("whole directory", *measure(client, "/embed", 20)),
            ("type=O&day=3", *measure(client, "/embed?type=O&day=3", 20)),
            ("near a listed place", *measure(client, f"/embed?near={near}", 20)),
            ("group's JSON", *measure(client, f"/groups/{group}.json", 30)),
        ]
    table(f"{count:,} meetings", "/embed", rows)


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 10000]:
        run(count)
