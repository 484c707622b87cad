"""What a real process does when it is interrupted, when stdout fails, and when -o is a device.

These run `python -m graph` as a subprocess, since signals, closed pipes and devices are things
of processes and file descriptors that CliRunner does not have.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

SMALL = "## Detection\n- [7/10] [FCOS: One-Stage Detection](https://arxiv.org/abs/1904.01355)\n"


def notekg(*args: str, cwd: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "graph", *args], cwd=cwd, env=env, **kwargs)


def run(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "graph", *args], cwd=cwd, env=env, text=True, **kwargs)


def many_papers(count: int) -> str:
    """Notes large enough that writing the graph takes a while."""
    lines = []
    for topic in range(count // 50):
        lines.append(f"## Topic {topic}\n")
        for i in range(50):
            n = topic * 50 + i
            lines.append(f"- [{n % 10 + 1}/10][Attention for detection] [Method {n}: a network with batch "
                         f"normalization](https://example.org/paper/{n}) improves on ResNet with dropout\n")
    return "".join(lines)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` and below (the build cache's too), with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("signum, exit_code, stderr", [
    (signal.SIGTERM, 128 + signal.SIGTERM, ""),
    (signal.SIGINT, 130, "\nError: interrupted\n"),
])
def test_a_signal_while_writing_changes_nothing(tmp_path, signum, exit_code, stderr):
    (tmp_path / "small.md").write_text(SMALL)
    (tmp_path / "large.md").write_text(many_papers(500))
    assert run("build", "small.md", "-o", "exports", cwd=tmp_path, capture_output=True).returncode == 0
    before = files_of(tmp_path / "exports")

    build = notekg("build", "large.md", "-o", "exports", "--no-page", cwd=tmp_path,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):  # the files are being written
        assert build.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    build.send_signal(signum)
    _, err = build.communicate(timeout=60)

    assert (build.returncode, err) == (exit_code, stderr)
    assert files_of(tmp_path / "exports") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "large.md", "small.md"]


def test_stdout_on_a_full_disk_is_one_line(tmp_path):
    (tmp_path / "notes.md").write_text(SMALL)
    with open("/dev/full", "w") as full:
        result = run("build", "notes.md", "-o", "exports", cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
        assert (result.returncode, result.stderr) == (1, "Error: cannot write to standard output: No space left on device\n")
        assert (tmp_path / "exports" / "graph.nq").exists()  # the build itself went through
        result = run("export", "-f", "nq", "-g", "exports", cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
        assert (result.returncode, result.stderr) == (1, "Error: cannot write to standard output: No space left on device\n")


def test_a_closed_pipe_ends_quietly(tmp_path):
    (tmp_path / "notes.md").write_text(SMALL)
    export = notekg("export", "-f", "nq", "-g", "notes.md", cwd=tmp_path,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    export.stdout.close()  # like `notekg export | head -0`: the reader is gone before anything is written
    _, err = export.communicate(timeout=60)
    assert (export.returncode, err) == (1, "")


@pytest.mark.skipif(os.geteuid() != 0, reason="making device nodes needs root")
def test_output_onto_a_device_writes_to_it(tmp_path):
    (tmp_path / "notes.md").write_text(SMALL)
    os.mknod(tmp_path / "full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # like /dev/full
    os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null

    result = run("query", "top-rated", "-g", "notes.md", "-o", "full", cwd=tmp_path, capture_output=True)
    assert (result.returncode, result.stderr) == (1, "Error: cannot write full: No space left on device\n")
    result = run("export", "-f", "ttl", "-g", "notes.md", "-o", "null", cwd=tmp_path, capture_output=True)
    assert (result.returncode, result.stderr) == (0, "wrote null\n")
    result = run("export", "-f", "html", "-g", "notes.md", "-o", "full", cwd=tmp_path, capture_output=True)
    assert (result.returncode, result.stderr) == (1, "Error: cannot write full: No space left on device\n")

    for name in ("full", "null"):
        assert stat.S_ISCHR((tmp_path / name).stat().st_mode), f"{name} was replaced by a regular file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "notes.md", "null"]


def test_output_into_a_fifo_reaches_its_reader(tmp_path):
    (tmp_path / "notes.md").write_text(SMALL)
    os.mkfifo(tmp_path / "results")
    reader = subprocess.Popen(["cat", str(tmp_path / "results")], stdout=subprocess.PIPE, text=True)
    time.sleep(0.2)  # let cat open the FIFO: notekg refuses one nobody reads
    result = run("query", "top-rated", "-g", "notes.md", "-o", "results", cwd=tmp_path, capture_output=True)
    out, _ = reader.communicate(timeout=30)
    assert (result.returncode, result.stderr) == (0, "")
    assert out.splitlines()[1] == "Detection\t7\tFCOS: One-Stage Detection"
    assert stat.S_ISFIFO((tmp_path / "results").stat().st_mode)
