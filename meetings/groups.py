"""A group's public page: `/groups/<slug>`."""

from flask import Blueprint

bp = Blueprint("groups", __name__)
