"""Regenerate the README's pictures of the page, in headless Chromium (offline).

* ``docs/page-screenshot.png``: the default notes' page, Gated-SCNN found by the search, its
  neighbourhood left of the details panel;
* ``docs/page-2k-papers.png``: a generated graph of 2,000 papers (bench/gen_graph.py) at "Fit":
  papers grouped by topic, the topics named;
* ``docs/page-overview-20k.png``: 20,000 papers open as an overview of groups.

Run::

    .venv/bin/python bench/screenshots.py      # or: make screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_graph import generate_dataset  # noqa: E402

import graph  # noqa: E402
from graph.views.network import to_networkx  # noqa: E402
from graph.views.page import write_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DOCS = ROOT / "docs"


def _only(url: str):
    """A route handler that lets the page's own file through and blocks every other request."""
    return lambda route: route.continue_() if route.request.url == url else route.abort()


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    pages = {
        "page-screenshot.png": (graph.build([ROOT / "notes" / "iccv2019.md"]).nx, "Gated-SCNN"),
        "page-2k-papers.png": (to_networkx(generate_dataset(2440, seed=0)), None),
        "page-overview-20k.png": (to_networkx(generate_dataset(24400, seed=0)), None),
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (G, search) in pages.items():
            path = folder / name.replace(".png", ".html")
            write_page(G, path)
            url = path.as_uri()
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", _only(url))
            page = context.new_page()
            page.goto(url)
            page.wait_for_function("() => window.notekg && window.notekg.ready", timeout=120_000, polling=50)
            if search:
                page.fill("#search", search)
                page.press("#search", "Enter")
            page.screenshot(path=str(DOCS / name))
            print(f"wrote {DOCS / name}", file=sys.stderr)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
