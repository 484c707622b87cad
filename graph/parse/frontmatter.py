"""Front matter (YAML or TOML) read safely, and a file that is one paper's own note.

A fault in the front matter is a warning with its line, never the end of the file: the rest is
still read.  YAML aliases are refused (a "billion laughs" file would expand without end), and
huge numbers stay text.

>>> data, warning = read_front_matter("title: Counting Sheep\\nyear: 2019\\n")
>>> data, warning
({'title': 'Counting Sheep', 'year': 2019}, None)
>>> read_front_matter("a: &x [1]\\nb: *x\\n")[1]
'front matter uses YAML aliases (&/*); not read'
>>> read_front_matter("title: [unclosed\\n")[1].startswith("front matter is not valid YAML")
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from graph.parse.citation import author_list, venue_year
from graph.parse.cues import cues, yaml_error
from graph.parse.evidence import is_paper_url
from graph.parse.inline import arxiv_id_from
from graph.parse.item import Item
from graph.parse.ratings import parse_rating

__all__ = ["split_front_matter", "read_front_matter", "apply_fields", "paper_fields", "field_lines",
           "describes_paper"]

_FENCE = re.compile(r"\A(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<body>.*?)(?:\r?\n)(?P=fence)[ \t]*(?:\r?\n|\Z)", re.S)
MAX_FRONT_MATTER = 200_000



def split_front_matter(text: str) -> tuple[str | None, str, str]:
    """(front matter text or None, its kind 'yaml' / 'toml', the file with it blanked out).

    The front matter's lines stay as empty lines, so line numbers below it do not move.

    >>> fm, kind, rest = split_front_matter("---\\na: 1\\n---\\n# T\\n")
    >>> fm, kind, rest
    ('a: 1', 'yaml', '\\n\\n\\n# T\\n')
    """
    m = _FENCE.match(text)
    if not m:
        return None, "", text
    kind = "yaml" if m.group("fence") == "---" else "toml"
    return m.group("body"), kind, "\n" * m.group(0).count("\n") + text[m.end() :]


@lru_cache(maxsize=1)
def _no_alias_loader() -> Any:
    """A safe loader that refuses aliases and leaves huge integers as text (PyYAML is loaded
    only for notes with YAML front matter: 0.015 s)."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise _AliasRefused()
            return super().compose_node(parent, index)

        def construct_yaml_int(self, node: Any) -> Any:
            value = self.construct_scalar(node)
            if isinstance(value, str) and len(value) > 30:
                return value
            return super().construct_yaml_int(node)

    NoAliasLoader.add_constructor("tag:yaml.org,2002:int", NoAliasLoader.construct_yaml_int)
    return NoAliasLoader


class _AliasRefused(Exception):
    pass


def read_front_matter(body: str, kind: str = "yaml") -> tuple[dict[str, Any], str | None]:
    """The front matter as a mapping, and a warning when it could not be read (then {}).

    Line numbers in warnings count from the file's first line (the opening fence).
    """
    import tomllib  # here: notes without front matter never need it

    if len(body) > MAX_FRONT_MATTER:
        return {}, f"front matter longer than {MAX_FRONT_MATTER} characters; not read"
    try:
        if kind == "toml":
            data = tomllib.loads(body)
        else:
            import yaml

            data = yaml.load(body, Loader=_no_alias_loader())
    except _AliasRefused:
        return {}, "front matter uses YAML aliases (&/*); not read"
    except yaml_error() as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return {}, f"front matter is not valid YAML{where}; not read"
    except tomllib.TOMLDecodeError as e:
        return {}, f"front matter is not valid TOML ({e}); not read"
    except (ValueError, RecursionError, OverflowError) as e:
        return {}, f"front matter could not be read ({type(e).__name__}); not read"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, "front matter is not a mapping (key: value lines); not read"
    return data, None


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return re.sub(r"^\[\[|\]\]$", "", str(value)).strip() if value is not None else ""


def paper_fields(data: dict[str, Any]) -> bool:
    """Does a front matter (or a block's properties) describe one paper?

    >>> paper_fields({"title": "Counting Sheep", "authors": ["Jane Doe"]}), paper_fields({"title": "ML"})
    (True, False)
    """
    keys = {str(k).lower() for k in data}
    return "title" in keys and bool(keys & cues().paper_keys)


def apply_fields(item: Item, data: dict[str, Any]) -> Item:
    """Fill an item from front matter or ``key:: value`` properties (title, authors, year, ...)."""
    fields = {str(k).lower(): v for k, v in data.items()}
    if fields.get("title"):
        item.title = _text(fields["title"]).strip("\"'")
    authors = fields.get("authors") or fields.get("author")
    if authors:
        if isinstance(authors, (list, tuple)):
            item.authors = tuple(_text(a).lstrip("\\") for a in authors if _text(a))
        else:
            item.authors = author_list(_text(authors)) or tuple(
                a.strip() for a in re.split(r",|;|\band\b", _text(authors)) if a.strip())
    year = fields.get("year") or fields.get("date")
    if year is not None:
        m = re.match(r"\s*((?:19|20)\d\d)\b", _text(year)[:20])
        item.year = int(m.group(1)) if m else item.year
    for key in ("venue", "journal", "booktitle", "conference", "publication"):
        if fields.get(key):
            item.venue = _text(fields[key])[:200]
            break
    for key in ("url", "link", "pdf", "paper", "doi", "arxiv", "arxiv_id", "eprint"):
        value = _text(fields.get(key))
        if value:
            found = arxiv_id_from(value) or (arxiv_id_from(f"arXiv:{value}") if key.startswith(("arxiv", "eprint")) else None)
            item.arxiv_id = item.arxiv_id or found
            if value.startswith("http") and not item.url:
                item.url = value
            elif key == "doi" and not item.url:
                item.url = f"https://doi.org/{value}"
    rating = fields.get("rating") or fields.get("score") or fields.get("stars")
    if rating is not None:
        item.rating = parse_rating(_text(rating), bare_number=True) or item.rating
    if item.arxiv_id and not item.url:
        item.url = f"https://arxiv.org/abs/{item.arxiv_id}"
    if fields.get("nickname") or fields.get("alias") or fields.get("aliases"):
        item.nickname = _text(fields.get("nickname") or fields.get("alias") or fields.get("aliases"))
    venue, year2, span = venue_year(item.venue or "")
    if venue and span and not (item.venue or "")[span[1]:].strip(" ,.;)("):
        item.venue = venue  # "CVPR 2022": the venue, and its year
    item.year = item.year or year2
    return item


_FIELD_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z .]{0,24}?)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*"
    r"(?P<value>\S.*)$"
)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)")


def field_lines(lines: list[str]) -> dict[str, str]:
    """The ``Key: value`` lines that describe one paper ("Authors: ...", "**Year:** 2020").

    >>> field_lines(["**Authors:** Jane Doe, Max Roe", "- Year: 2020", "DOI: [10.1/x](https://doi.org/10.1/x)", "idea: sheep"])
    {'authors': 'Jane Doe, Max Roe', 'year': '2020', 'doi': 'https://doi.org/10.1/x'}
    """
    found: dict[str, str] = {}
    for line in lines:
        m = _FIELD_LINE.match(line[:2000])
        if not m:
            continue
        key = next((name for name, pattern in cues().field_keys if pattern.match(m.group("key").strip())), None)
        if key is None or key in found:
            continue
        value = m.group("value").strip().strip("*_").strip()
        link = _MD_LINK.search(value)
        if key in ("doi", "url") and link:
            value = link.group("url")
        else:
            value = _MD_LINK.sub(lambda x: x.group("text"), value)
        found[key] = re.sub(r"\[\[|\]\]", "", value).strip()
    return found


def describes_paper(fields: dict[str, Any]) -> bool:
    """Do fields name a paper: who wrote it, or where to read it, beside a year, venue or rating?

    >>> describes_paper({"authors": "Jane Doe", "year": "2020"}), describes_paper({"year": "2020", "rating": "4"})
    (True, False)
    """
    keys = {str(k).lower() for k, v in fields.items() if v}
    if keys & {"doi", "citekey", "arxiv", "arxiv_id", "bibtex_key", "citation_key", "zotero", "eprint"}:
        return True
    located = any(arxiv_id_from(_text(fields.get(k))) or is_paper_url(_text(fields.get(k)))
                  for k in ("url", "link", "pdf", "paper") if k in fields)
    return bool(keys & {"authors", "author"} or located) and bool(keys & {"year", "venue", "rating", "url", "doi"} or located)
