"""The cues that say how to read a notes file, loaded from ``data/notes_cues.yaml``.

>>> cues().workshop_heading.match("Workshop: Low power vision").group("name")
'Low power vision'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Cues", "cues", "data_file", "read_yaml"]

# libyaml's parser when PyYAML has it: the same data ten times faster than the Python parser
# (about 40 ms for the cue files each build reads)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_file(name: str) -> Path:
    """A file in graph/data/."""
    return Path(__file__).parent.parent / "data" / name


def read_yaml(path: Path) -> Any:
    """A YAML data file, read as ``yaml.safe_load`` reads it (no Python objects, no aliases
    beyond YAML's own).

    >>> read_yaml(data_file("ratings.yaml"))["stars"]["full"][0]
    '★'
    """
    return yaml.load(path.read_text("utf-8"), Loader=_SafeLoader)


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

