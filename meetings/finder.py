"""The finder: what is on now and soon, the filtered list, and one meeting's page."""

from flask import Blueprint

bp = Blueprint("finder", __name__)
