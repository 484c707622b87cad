"""BibTeX entries pasted into notes: ``@inproceedings{key, title={...}, author={...}, ...}``.

Notes keep BibTeX in list items (often as inline code) or in a fenced ``bibtex`` block; each
entry is one paper. Fields become the keys front matter uses (title, authors, venue, year, url,
doi, arxiv), so the same code fills the paper.

>>> (fields, line), = bibtex_entries("@article{doe19, title={Counting {S}heep}, author={Doe, Jane and Max Roe},\\n journal={arXiv preprint arXiv:1901.00001}, year=2019}")
>>> fields["title"], fields["authors"], fields["venue"], fields["arxiv"], fields["year"], line
('Counting Sheep', ['Jane Doe', 'Max Roe'], 'arXiv', '1901.00001', '2019', 1)
>>> bibtex_entries("no entry here")
[]
"""

from __future__ import annotations

import re

from graph.parse.frontmatter import apply_fields
from graph.parse.inline import arxiv_id_from
from graph.parse.item import Item

__all__ = ["bibtex_entries", "bibtex_item", "BIBTEX_START"]

#: Where an entry starts: "@article{", "@inproceedings (".
BIBTEX_START = re.compile(r"@(?P<type>[A-Za-z]{3,20})\s*[{(]\s*(?P<key>[^,\s{}()]*)\s*,")
_FIELD = re.compile(r"\s*(?P<name>[A-Za-z][\w-]{0,30})\s*=\s*")
_SKIPPED = ("comment", "preamble", "string")
_MAX_ENTRY = 20_000


def _value(text: str, pos: int, limit: int) -> tuple[str, int]:
    """Read one field value at ``pos``: ``{...}`` (nested), ``"..."`` or a bare word; never past ``limit``."""
    if pos < limit and text[pos] == "{":
        depth, start = 0, pos
        while pos < limit:
            ch = text[pos]
            depth += (ch == "{") - (ch == "}")
            pos += 1
            if depth == 0:
                return text[start + 1 : pos - 1], pos
        return text[start + 1 : limit], limit
    if pos < limit and text[pos] == '"':
        end = text.find('"', pos + 1, limit)
        end = limit if end < 0 else end
        return text[pos + 1 : end], end + 1
    m = re.match(r"[^,}\s]{0,200}", text[pos:limit])
    word = m.group(0) if m else ""
    return word, pos + len(word)


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


def _person(name: str) -> str:
    """"Doe, Jane" -> "Jane Doe"; "Jane Doe" stays."""
    last, comma, first = name.partition(",")
    return f"{first.strip()} {last.strip()}".strip() if comma else name.strip()


def bibtex_entries(text: str) -> list[tuple[dict[str, object], int]]:
    """Each BibTeX entry in a text: its fields as front matter would name them, and its line (1-based)."""
    found: list[tuple[dict[str, object], int]] = []
    pos = 0
    while (m := BIBTEX_START.search(text, pos)) is not None:
        line = text.count("\n", 0, m.start()) + 1
        pos = m.end()
        if m.group("type").lower() in _SKIPPED:
            continue
        raw: dict[str, str] = {}
        limit = min(len(text), m.end() + _MAX_ENTRY)
        while pos < limit:
            f = _FIELD.match(text, pos)
            if f is None:
                break
            value, pos = _value(text, f.end(), limit)
            raw.setdefault(f.group("name").lower(), _clean(value))
            while pos < limit and text[pos] in " \t\r\n,":
                pos += 1
        if not raw.get("title"):
            continue
        fields: dict[str, object] = {"title": raw["title"]}
        if raw.get("author"):
            fields["authors"] = [_person(a) for a in re.split(r"\s+and\s+", raw["author"]) if a.strip()]
        venue = raw.get("booktitle") or raw.get("journal") or raw.get("publisher") or raw.get("howpublished")
        arxiv = arxiv_id_from(" ".join(raw.get(k, "") for k in ("journal", "url", "note", "doi")))
        if not arxiv and raw.get("eprint") and raw.get("archiveprefix", "arxiv").lower() == "arxiv":
            arxiv = arxiv_id_from(f"arXiv:{raw['eprint']}")
        if venue:
            fields["venue"] = "arXiv" if venue.lower().startswith(("arxiv", "corr")) else venue
        for key in ("year", "doi", "url"):
            if raw.get(key):
                fields[key] = raw[key]
        if arxiv:
            fields["arxiv"] = arxiv
        found.append((fields, line))
    return found


def bibtex_item(item: Item) -> Item:
    """An entry that is a BibTeX record ("`@article{key, title={...}, ...}`") is that paper."""
    text = item.text.lstrip("` ")
    if not BIBTEX_START.match(text):
        return item
    entries = bibtex_entries(text)
    if not entries:
        return item
    return apply_fields(Item(text=item.text, links=item.links), entries[0][0])
