"""Feeds read into the directory.

Formats, values, rows, the importer; the demo and synthetic directories.
"""
