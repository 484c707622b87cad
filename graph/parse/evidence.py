"""Paper or not: a score from the evidence an entry carries, weights and word lists as data.

Every candidate entry (list item, paragraph line, table row, heading, whole file) is scored
with the weights in ``data/paper_evidence.yaml``: links to paper hosts, an arXiv id, a rating,
a venue and year, authors and the shape of the title count for; in-page anchor links, video,
blog, course, book and code hosts, words such as "tutorial" or "keynote", field labels and
section labels count against; the heading it sits under and its siblings count either way.
What is not taken becomes a note of the kind the strongest evidence against says, with a reason.

>>> from graph.parse.item import Item
>>> judge(Candidate(Item(title="Counting Sheep at Scale", url="https://arxiv.org/abs/1234.56789",
...                       arxiv_id="1234.56789"), "list")).paper
True
>>> verdict = judge(Candidate(Item(title="Detection", url="#detection"), "list"))
>>> verdict.paper, verdict.kind, verdict.reason
(False, 'link', 'in-page anchor link (table of contents)')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from graph.parse.citation import title_shape
from graph.parse.cues import data_file, read_yaml
from graph.parse.item import Item

__all__ = ["Candidate", "Verdict", "judge", "is_paper_url", "strong", "url_kind", "evidence_data"]


@dataclass(frozen=True)
class _Evidence:
    threshold: float
    weights: dict[str, float]
    paper_hosts: re.Pattern[str]
    paper_paths: re.Pattern[str]
    non_paper_hosts: dict[str, re.Pattern[str]]
    non_paper_words: dict[str, re.Pattern[str]]
    #: Any of them (most entries have none: one search instead of one a kind).
    any_non_paper_word: re.Pattern[str]
    paper_words: re.Pattern[str]
    field_label: re.Pattern[str]
    paper_headings: re.Pattern[str]
    non_paper_headings: re.Pattern[str]
    weak_non_paper_headings: re.Pattern[str]


def _whole_label(words: str) -> re.Pattern[str]:
    """A heading made only of these words: "Blogs and Articles", "3. Talks", "My projects:",
    with at most a short qualifier: "Talks I liked", "Books to read", "Courses 2023"."""
    return re.compile(
        rf"^\W*(?:\d+[.)]?\s*)?(?:my\s+|other\s+|some\s+|useful\s+|related\s+)?{words}"
        rf"(?:\s*(?:and|&|,|/|\+)\s*(?:other\s+)?{words})*"
        rf"(?:\s+(?:(?:i|we)(?:'ve)?|to|worth)(?:\s+[a-z]+){{1,2}}|\s+\(?(?:19|20)\d\d\)?)?\W*$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def evidence_data() -> _Evidence:
    """The weights and word lists of data/paper_evidence.yaml, compiled once."""
    raw: dict[str, Any] = read_yaml(data_file("paper_evidence.yaml"))

    def rx(p: str) -> re.Pattern[str]:
        return re.compile(p, re.IGNORECASE)

    return _Evidence(
        threshold=float(raw["threshold"]),
        weights={k: float(v) for k, v in raw["weights"].items()},
        paper_hosts=rx(raw["paper_hosts"]),
        paper_paths=rx(raw["paper_paths"]),
        non_paper_hosts={k: rx(v) for k, v in raw["non_paper_hosts"].items()},
        non_paper_words={k: rx(v) for k, v in raw["non_paper_words"].items()},
        any_non_paper_word=rx("|".join(f"(?:{v})" for v in raw["non_paper_words"].values())),
        paper_words=rx(raw["paper_words"]),
        field_label=rx(raw["field_label"]),
        paper_headings=rx(raw["paper_headings"]),
        non_paper_headings=_whole_label(raw["non_paper_headings"]),
        weak_non_paper_headings=_whole_label(raw["weak_non_paper_headings"]),
    )


def _host_and_path(url: str) -> tuple[str, str]:
    try:
        parsed = urlparse(url)
    except ValueError:
        return "", url
    return (parsed.hostname or "").lower(), parsed.path + ("?" + parsed.query if parsed.query else "")


def is_paper_url(url: str | None) -> bool:
    """Does a URL point at a paper (a paper host, or a PDF)?

    >>> is_paper_url("https://openreview.net/forum?id=abc"), is_paper_url("https://x.org/a.pdf")
    (True, True)
    >>> is_paper_url("https://youtu.be/x"), is_paper_url("#contents"), is_paper_url(None)
    (False, False, False)
    """
    if not url or url.startswith("#"):
        return False
    return _is_paper_url(url)


# Judging an entry asks about the same few URLs several times (its link, its target, its kind).
@lru_cache(maxsize=4096)
def _is_paper_url(url: str) -> bool:
    data = evidence_data()
    host, path = _host_and_path(url)
    return bool(data.paper_hosts.search(host) or data.paper_hosts.search(host + path)
                or data.paper_paths.search(path))


def url_kind(url: str | None) -> str | None:
    """The non-paper kind of a URL's host ('video', 'blog', 'repository', ...), or None.

    >>> url_kind("https://medium.com/@x/post"), url_kind("https://arxiv.org/abs/1") is None
    ('blog', True)
    """
    if not url or is_paper_url(url):
        return None
    return _url_kind(url)


@lru_cache(maxsize=4096)
def _url_kind(url: str) -> str | None:
    host, path = _host_and_path(url)
    for kind, pattern in evidence_data().non_paper_hosts.items():
        if pattern.search(host) or pattern.search(host + path):
            return kind
    return None


@dataclass
class Candidate:
    """An entry that may be a paper, with what surrounds it."""

    item: Item
    shape: str  # "list" | "paragraph" | "heading" | "row" | "file"
    line: int = 0
    end_line: int = 0
    path: tuple[str, ...] = ()
    group: int = 0
    #: The nearest heading or lead-in text above it.
    context: str = ""
    #: What lies under it: sub-bullets or the lines below a bold title.
    sub_items: list[Item] = field(default_factory=list)
    #: More text of the entry (further paragraphs, nested points).
    extra: list[str] = field(default_factory=list)
    heads_list: bool = False


@dataclass(frozen=True)
class Verdict:
    """Paper or not, the score, and for a non-paper its kind and the reason in a few words."""

    paper: bool
    score: float
    kind: str = "remark"
    reason: str = ""


def strong(item: Item) -> bool:
    """Evidence that settles it on its own: a paper link, an arXiv id, a rating, a citation."""
    return bool(
        item.arxiv_id or item.rating is not None or item.unrated or item.tldr
        or (item.year and (item.venue or item.authors))
        or any(is_paper_url(link.url) for link in item.links if link.kind != "anchor")
        or is_paper_url(item.url)
    )


def _name_shape(title: str) -> bool:
    """A one- or two-word name such as a method's: "FooNet", "Option-Critic", "SEQ2SEQ"."""
    return bool(re.fullmatch(r"[\w.+'-]*(?:[a-z][A-Z]|[A-Z]{2}|\d|-[A-Z])[\w.+'-]*", title.strip()))


def _sentence_case(text: str) -> bool:
    """Are most content words lower case ("why use a bottleneck here?"), unlike a title's?"""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words[1:]) * 2 < len(words) - 1 or (
        bool(words) and text.lstrip()[:1].islower())


def judge(candidate: Candidate, siblings: float | None = None, in_file: float = 0.0) -> Verdict:
    """Score one candidate.

    ``siblings`` is the share of entries beside it with strong evidence (None when alone),
    ``in_file`` the share in the whole file.
    """
    data = evidence_data()
    w = data.weights
    item = candidate.item
    title = item.title
    text = item.text
    score = 0.0
    against: list[tuple[float, str, str]] = []  # (weight, kind, reason)

    links = [link for link in item.links if link.url]
    sub_links = [link for sub in candidate.sub_items for link in sub.links if link.url]
    if is_paper_url(item.url) or any(is_paper_url(link.url) for link in links):
        score += w["paper_link"]
    elif any(is_paper_url(link.url) for link in sub_links) or any(
        sub.arxiv_id for sub in candidate.sub_items
    ):
        score += w["paper_fields"]
    if item.arxiv_id:
        score += w["arxiv_id"]
    if item.rating is not None or item.unrated:
        score += w["rating"]
    if item.tldr:
        score += w["tldr"]
    if item.venue and item.year:
        score += w["venue_year"]
    elif item.year:
        score += w["year"]
    if item.authors:
        score += w["authors"]
    if item.bold_title:
        score += w["bold_title"]
    if (item.bold_title or item.title_link is not None) and item.comment and len(item.comment.split()) >= 3:
        score += w["described"]
    if data.paper_words.search(title):
        score += w["paper_word"]

    shape = title_shape(title) if title else -2.0
    if text.rstrip().endswith(".") and not item.cited and not links and not item.title_link:
        shape += w["sentence_end"]
    if re.search(r"\b[a-z]{3,}\. (?!al\b)[A-Z][a-z]", title):
        shape += w["prose"]  # "... one block each. See also": sentences, not a title
    if len(title.split()) <= 2 and _name_shape(title):
        shape = max(shape, 0.0)
    score += shape

    if candidate.shape == "paragraph":
        score += w["paragraph"]
    elif candidate.shape in ("list", "line"):
        score += w["list_item"]
    if in_file >= 0.3 and candidate.shape in ("list", "row", "line"):
        score += w["paper_file"]
    context = candidate.context
    heading = context.split(" / ")[0]
    if context and data.paper_headings.search(context):
        score += w["paper_heading"]
    elif heading and data.non_paper_headings.match(heading):
        score += w["non_paper_heading"]
    elif heading and data.weak_non_paper_headings.match(heading):
        score += w["weak_non_paper_heading"]
    if siblings is not None:
        if siblings >= 0.5:
            score += w["paper_siblings"]
        elif siblings == 0:
            score += w["lone_siblings"]

    title_link = item.title_link
    if title_link is not None and title_link.kind == "anchor" or (
        item.url and item.url.startswith("#") and not is_paper_url(item.url)
    ):
        against.append((w["anchor_link"], "link", "in-page anchor link (table of contents)"))
    if (title_link is not None and title_link.url is None and title_link.kind == "title" and not strong(item)
            and len(text.split()) - len(title_link.text.split()) <= 2):
        # "- [[Some Page]]" (or "[[Some Page]] notes") and nothing else: a link to the notes' own page
        against.append((w["own_page"], "link", "a link to a page of the notes themselves"))
    target = item.url or (title_link.url if title_link else None)
    host_kind = url_kind(target)
    if host_kind and not any(is_paper_url(link.url) for link in links):
        against.append((w["non_paper_host"], host_kind, f"links to a {host_kind} site, not a paper"))
    for kind, pattern in data.non_paper_words.items() if data.any_non_paper_word.search(text) else ():
        m = pattern.search(text)
        if m:
            # "Keynote: ...", "Slides - ...": the entry names its own kind up front, twice as sure
            label = not text[: m.start()].strip(" *_[(#>\\") and re.match(
                r"\s*(?:[*_]*\]|[*_)]*\s*[:：\-–—])", text[m.end():])  # "Keynote: ...", "[Textbook] ..."
            against.append((w["non_paper_words"] * (2 if label else 1), kind, f'says "{m.group(0)}"'))
            break
    if data.field_label.match(text) and not (item.title_link and item.title_link.kind == "title"
                                             and text.startswith(item.title_link.text)):
        against.append((w["field_label"], "remark", "a field label, not an entry"))
    elif re.match(r"^\W*[^\W\d][^:]{0,40}\*?\*?:\s*$", text) or (
        (candidate.heads_list or candidate.shape == "paragraph") and text.rstrip().endswith(":")
    ):
        against.append((w["section_label"], "section", "a section label"))
    elif title.rstrip().endswith(("?", "？")) and not strong(item) and not item.cited and _sentence_case(title):
        against.append((w["non_paper_words"], "question", "a question in sentence case, not a title"))
    elif title.rstrip().endswith((":", "：")) and target and not is_paper_url(target):
        # "Reference blog: <url>": a labelled link, not an entry with a title
        against.append((w["field_label"], host_kind or "link", "a labelled link, not a paper"))
    score += sum(weight for weight, _, _ in against)

    if score >= data.threshold and title:
        return Verdict(True, score)
    if against:
        _weight, kind, reason = min(against)
    elif not title:
        kind, reason = "remark", "no title"
    elif target:
        kind, reason = "link", "a link with no sign of a paper (no paper host, venue or authors)"
    else:
        kind, reason = "remark", "free text with no sign of a paper"
    return Verdict(False, score, kind, reason)
