"""A printable schedule: `/print`."""

from flask import Blueprint

bp = Blueprint("printing", __name__)
