"""Finding a meeting.

Groups and meetings, filters, search, listings, Meeting Guide JSON, the printed schedule.
"""
