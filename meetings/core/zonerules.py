"""Where every time zone rule comes from: the tzdata package, never the system's files.

Python's zoneinfo reads the operating system's zone files first and the tzdata package only
for zones the system lacks, so one process could mix two releases of the rules while the
calendar feeds' validators name only one. From app creation on, the whole process reads the
package alone; upgrading it (`pip install -U tzdata`, then a restart) is how the rules change,
and `version()` is what every validator names.
"""

from __future__ import annotations

import importlib
import zoneinfo
from importlib.resources import files


def use_packaged_rules() -> None:
    """Make every zone in this process come from the tzdata package."""
    if zoneinfo.TZPATH:
        zoneinfo.reset_tzpath([])
        zoneinfo.ZoneInfo.clear_cache()  # zones read from the system's files before now


def version() -> str:
    """The release of the zone rules in use, such as "2026a"."""
    return importlib.import_module("tzdata").IANA_VERSION


def table(name: str) -> str:
    """One of the package's tables, such as zone.tab (each zone's country)."""
    return files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
