"""Calendar feeds (iCalendar): `/meetings.ics`, one meeting's, one group's, "my meetings"."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)
