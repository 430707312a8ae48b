"""Text as people's names for things are compared."""

import re
import unicodedata


def fold(text: str) -> str:
    """Text as names are compared: accents, case and punctuation aside."""
    plain = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())
