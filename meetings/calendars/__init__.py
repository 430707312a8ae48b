"""Calendar feeds: one RFC 5545 writer, VTIMEZONE components, the meeting feeds."""
