"""A run's values as table columns: shortened to fit, set where they differ, related by id."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Text

from meetings.directory.locations import Region

#: characters kept of a long text (notes), as the forms take
TEXT_LIMIT = 2000


def columns(values: dict, now) -> dict:
    """A new meeting's values as table columns: related rows by id."""
    references = ("group", "location", "source")
    row = {key: value for key, value in values.items() if key not in references}
    for key in references:
        row[f"{key}_id"] = values[key].id if values[key] is not None else None
    return {**row, "created": now}


def region_paths(regions: list[Region]) -> dict[tuple[str, ...], Region]:
    by_id = {region.id: region for region in regions}
    paths = {}
    for region in regions:
        path, step = [], region
        while step is not None and len(path) < 20:
            path.insert(0, " ".join(step.name.casefold().split()))
            step = by_id.get(step.parent_id)
        paths[tuple(path)] = region
    return paths


def assign(row, values: dict) -> bool:
    """Set the attributes that differ; whether any did."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def fit(model, values: dict, warn) -> dict:
    """Shorten text longer than its column (or than a form takes), with a warning."""
    for key, value in values.items():
        limit = _column_length(model, key)
        if isinstance(value, str) and limit and len(value) > limit:
            values[key] = value[:limit]
            warn(key, f"is longer than {limit} characters; shortened")
    return values


@cache
def _column_length(model, key: str) -> int | None:
    column = model.__table__.columns.get(key)
    if column is None:
        return None
    return TEXT_LIMIT if isinstance(column.type, Text) else getattr(column.type, "length", None)
