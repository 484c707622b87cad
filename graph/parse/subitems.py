"""What the sub-bullets under an entry say about it.

A list item with nested items either heads a group (a topic over papers) or is one entry whose
sub-bullets are its fields and remarks: a rating (``- 4/5``), a paper link (``- paper: <url>``),
an author line (``- Jane Doe, Max Roe``), a bare URL beside a title.
"""

from __future__ import annotations

from graph.parse.citation import author_list, title_shape
from graph.parse.evidence import evidence_data, is_paper_url, strong
from graph.parse.item import Item
from graph.parse.ratings import parse_rating

__all__ = ["fill_from_sub_items", "heads_a_group", "is_bare_url", "looks_like_title"]


def fill_from_sub_items(item: Item, children: list[Item], scale: float | None) -> None:
    """A rating, paper link or arXiv id given in a sub-bullet ("- 4/5", "- paper: <url>")."""
    for child in children:
        if item.rating is None:
            rating = parse_rating(child.text, scale)
            if rating is not None:
                item.rating = rating
                continue
        if not item.authors and not child.links and (names := author_list(child.text)) and (
            len(names) >= 2 and all(len(name.split()) >= 2 for name in names)
        ):
            item.authors = names  # "- Jane Doe, Max Roe" under the title
            continue
        for link in child.links:
            if is_paper_url(link.url) and not is_paper_url(item.url):
                item.url = link.url
            elif link.kind == "code" and not item.code_url:
                item.code_url = link.url
            elif link.kind == "video" and not item.video_url:
                item.video_url = link.url
        if child.arxiv_id and not item.arxiv_id and not child.title_link:
            item.arxiv_id = child.arxiv_id


def heads_a_group(item: Item, nested: list[tuple[Item, bool]]) -> bool:
    """Does an item head a group of entries (rather than carry nested remarks or fields)?"""
    children = [child for child, _ in nested]
    if not children:
        return False
    fields = sum(bool(evidence_data().field_label.match(child.text)) for child in children)
    if fields * 2 >= len(children):
        return False  # "**Title**" over "- paper: <url>", "- code: <url>": a paper's fields
    if item.text.rstrip().endswith(":"):
        return True
    if any(strong(child) and child.title and not is_bare_url(child) for child in children):
        return True
    bare_parent = title_shape(item.title) <= 0.5  # "Datasets", "Box representation"
    titles = sum(looks_like_title(child.title) or (has_own and bare_parent) for child, has_own in nested)
    if bare_parent and any(looks_like_title(c.title) and not strong(c) for c in children) and any(
            is_bare_url(c) and strong(c) for c in children):
        return True  # "Some topic" over "A Paper Title" and its bare paper link
    return titles * 2 > len(children)


def is_bare_url(item: Item) -> bool:
    """A line that is only a URL ("https://openreview.net/forum?id=..."), titled by it or not."""
    if item.title_link is not None or not item.links:
        return False
    url_text = item.links[0].text or ""
    return item.title == url_text or (not item.title and len(item.links) == 1 and item.text.strip() == url_text)


def looks_like_title(text: str) -> bool:
    """Capitalised and at least three words, or with a "Name:" head: how titles look."""
    words = text.split()
    return bool(words) and (text[0].isupper() or text[0].isdigit()) and (
        len(words) >= 3 or ":" in text
    )
