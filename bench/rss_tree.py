"""Run a command and print the peak resident memory of its whole process tree.

``/usr/bin/time -v`` reports the largest single process; a build that forks a helper for half
of its work is two processes, so this samples the RSS of the command and every descendant
(``ps``) every 0.2 s and prints the peak of their sum (shared copy-on-write pages are counted in
each process, so the sum is an upper bound) and the largest single process.

Usage::

    .venv/bin/python bench/rss_tree.py .venv/bin/notekg build NOTES -o OUT --no-page --no-cache
"""

from __future__ import annotations

import subprocess
import sys
import time


def _tree_rss(root: int) -> list[int]:
    """The RSS in KiB of ``root`` and each of its descendants."""
    out = subprocess.run(["ps", "-o", "pid=,ppid=,rss=", "-A"], capture_output=True, text=True).stdout
    rows = [tuple(map(int, line.split())) for line in out.splitlines() if line.strip()]
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent, _ in rows:
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return [rss for pid, _, rss in rows if pid in tree]


def main() -> None:
    started = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:])
    peak_sum = peak_one = 0
    while process.poll() is None:
        rss = _tree_rss(process.pid)
        peak_sum, peak_one = max(peak_sum, sum(rss)), max(peak_one, max(rss, default=0))
        time.sleep(0.2)
    print(f"{time.perf_counter() - started:.1f} s; peak RSS of the process tree {peak_sum / 1024:,.0f} MiB, "
          f"largest process {peak_one / 1024:,.0f} MiB", file=sys.stderr)
    sys.exit(process.returncode)


if __name__ == "__main__":
    main()
