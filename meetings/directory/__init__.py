"""Finding a meeting.

Groups and meetings, filters, search, listings, Meeting Guide JSON, the printed schedule.
"""

# Every table of the directory is mapped once anything of it is imported: a meeting's
# weekly slots are derived on each flush, whoever loads the meeting.
from meetings.directory import weekly_slots  # noqa: E402, F401
