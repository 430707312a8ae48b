"""Meeting Guide type codes and their names in a given language."""

import json
import re
from functools import cache, lru_cache

from babel.lists import format_list

from meetings.core.paths import DATA
from meetings.core.text import fold

#: the specification's names, in its nine languages
SPECIFIED = DATA / "types.json"
#: codes real feeds still use that the current specification dropped or never had
UNLISTED = DATA / "types-unlisted.json"


@cache
def catalog() -> dict[str, dict[str, str]]:
    names = json.loads(SPECIFIED.read_text(encoding="utf-8"))
    for code, translated in json.loads(UNLISTED.read_text(encoding="utf-8")).items():
        names.setdefault(code, translated)
    # Languages the specification lacks: types.<language>.json maps code -> name.
    for path in sorted(DATA.glob("types.*.json")):
        language = path.name.split(".")[1]
        for code, name in json.loads(path.read_text(encoding="utf-8")).items():
            if code in names:
                names[code][language] = name
    return names


def is_known(code: str) -> bool:
    return code in catalog()


def type_name(code: str, locale) -> str:
    """The type's name in a locale ("es", "pt_BR"), falling back to English, then the code."""
    names = catalog().get(code)
    if names is None:
        return code
    return names.get(str(locale).split("_")[0]) or names["en"]


def type_names(codes, locale) -> str:
    """Several types' names in a locale, as a listing shows them ("Open, Discussion")."""
    return _listed(tuple(codes), str(locale))


@lru_cache(maxsize=4096)
def _listed(codes: tuple[str, ...], language: str) -> str:
    return format_list([type_name(code, language) for code in codes], locale=language)


def code_for(text: str) -> str | None:
    """A code from a code or a name in any language, accents and case aside ("abierta" -> "O")."""
    wanted = text.strip()
    if not wanted:
        return None
    by_code = {code.upper(): code for code in catalog()}
    if wanted.upper() in by_code:
        return by_code[wanted.upper()]
    return _by_name().get(fold(wanted))


@cache
def _by_name() -> dict[str, str]:
    """Codes by folded name, English names first, "Ouvert(e)" also as "ouvert" and "ouverte"."""
    found: dict[str, str] = {}
    for language in ("en", *sorted({lang for names in catalog().values() for lang in names})):
        for code, names in catalog().items():
            name = names.get(language)
            if name:
                for variant in (name, re.sub(r"\(.*?\)", "", name), re.sub(r"[()]", "", name)):
                    found.setdefault(fold(variant), code)
    found.pop("", None)
    return found
