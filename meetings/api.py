"""The directory as Meeting Guide JSON: `/meetings.json`."""

from flask import Blueprint

bp = Blueprint("api", __name__)


def directory_feed(filters=None):
    return []
