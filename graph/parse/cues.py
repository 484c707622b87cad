"""The cues that say how to read a notes file, loaded from ``data/notes_cues.yaml``.

>>> cues().workshop_heading.match("Workshop: Low power vision").group("name")
'Low power vision'
"""

from __future__ import annotations

import hashlib
import marshal
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.user_cache import cache_folder, load_bytes, prune, store_bytes

__all__ = ["Cues", "cues", "data_file", "read_yaml", "yaml_error"]

_KEPT_FORMAT = b"notekg-yaml/1\0"


def data_file(name: str) -> Path:
    """A file in graph/data/."""
    return Path(__file__).parent.parent / "data" / name


def read_yaml(path: Path) -> Any:
    """A YAML data file, read as ``yaml.safe_load`` reads it (no Python objects, no aliases
    beyond YAML's own).

    >>> read_yaml(data_file("ratings.yaml"))["stars"]["full"][0]
    '★'

    What a file holds is kept in the user's cache folder (:mod:`graph.user_cache`) under a
    digest of its bytes, so a build reads the shipped cue files without loading PyYAML
    (0.015 s) or parsing them.
    """
    data = path.read_bytes()
    folder = cache_folder()
    if folder is None:
        return _parse_yaml(data)
    digest = hashlib.sha256(_KEPT_FORMAT + data).hexdigest()[:32]
    kept = folder / f"yaml-{digest}.marshal"
    stored = load_bytes(kept)
    if stored is not None:
        try:
            return marshal.loads(stored)
        except (ValueError, EOFError, TypeError):
            pass
    value = _parse_yaml(data)
    try:
        text = marshal.dumps(value)  # plain data; a date or a custom tag is not kept
    except ValueError:
        return value
    store_bytes(kept, text)
    prune(folder, "yaml-*.marshal", keep=16)  # cue files since changed
    return value


def _parse_yaml(data: bytes) -> Any:
    import yaml

    # libyaml's parser when PyYAML has it: the same data ten times faster than the Python parser
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(data.decode("utf-8"), Loader=loader)


def yaml_error() -> type[Exception]:
    """PyYAML's error class, loaded when asked for (``except (..., yaml_error())`` is looked at
    only once something went wrong)."""
    import yaml

    return yaml.YAMLError


@dataclass(frozen=True)
class Cues:
    """The cues of data/notes_cues.yaml, compiled."""

    area_leadins: tuple[tuple[re.Pattern[str], str], ...]
    remark_headings: tuple[re.Pattern[str], ...]
    workshop_heading: re.Pattern[str]
    link_texts: dict[str, re.Pattern[str]]
    link_hosts: dict[str, re.Pattern[str]]
    note_prefixes: dict[str, re.Pattern[str]]
    also_line: re.Pattern[str]
    byline: re.Pattern[str]
    field_lines: dict[str, re.Pattern[str]]
    field_keys: tuple[tuple[str, re.Pattern[str]], ...]
    paper_keys: frozenset[str]
    strong_paper_keys: frozenset[str]
    metadata_heading: re.Pattern[str]
    award: re.Pattern[str]
    table_columns: dict[str, re.Pattern[str]]
    conferences: tuple[str, ...]
    venues: tuple[str, ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The cues, read once."""
    raw = read_yaml(data_file("notes_cues.yaml"))

    def rx(p: str) -> re.Pattern[str]:
        return re.compile(p, re.IGNORECASE)

    return Cues(
        area_leadins=tuple((rx(a["pattern"]), a["attention"]) for a in raw["area_leadins"]),
        remark_headings=tuple(rx(p) for p in raw["remark_headings"]),
        workshop_heading=rx(raw["workshop_heading"]),
        link_texts={k: rx(v) for k, v in raw["link_texts"].items()},
        link_hosts={k: rx(v) for k, v in raw["link_hosts"].items()},
        note_prefixes={k: rx(v) for k, v in raw["note_prefixes"].items()},
        also_line=rx(raw["also_line"]),
        byline=rx(raw["byline"]),
        field_lines={k: rx(v) for k, v in raw["field_lines"].items()},
        field_keys=tuple((k, rx(v)) for k, v in raw["field_keys"].items()),
        paper_keys=frozenset(raw["paper_keys"]),
        strong_paper_keys=frozenset(raw["strong_paper_keys"]),
        metadata_heading=rx(raw["metadata_heading"]),
        award=rx(raw["award"]),
        table_columns={k: rx(v) for k, v in raw["table_columns"].items()},
        conferences=tuple(raw["conferences"]),
        venues=tuple(dict.fromkeys([*raw["conferences"], *raw["venues"]])),
    )

