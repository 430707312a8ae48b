"""Building blocks with no request and no blueprint.

The database and clock, weekly arithmetic, type names, value cleaners.
"""
