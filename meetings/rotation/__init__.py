"""Service rotation.

Roles, volunteers, terms, the roster and private service calendars. Members' names live only
here.
"""
