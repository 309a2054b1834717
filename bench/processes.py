"""The process tree, read from /proc: the bench finds the processes a measured command started, and tests find a
command's forkserver and extraction workers, the same way."""

from __future__ import annotations

from pathlib import Path


def parents() -> dict[int, int]:
    """Every process's parent."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:  # "pid (name) state ppid ...": the name may hold spaces and parentheses
            found[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process has just ended
    return found


def children(pid: int, tree: dict[int, int]) -> set[int]:
    """The processes ``pid`` started, in ``tree`` (from :func:`parents`)."""
    return {child for child, parent in tree.items() if parent == pid}


def descendants(root: int, tree: dict[int, int]) -> set[int]:
    """The processes ``root`` started, and the ones they started, and so on."""
    found, added = set(), {root}
    while added:
        added = {child for child, parent in tree.items() if parent in added} - found
        found |= added
    return found


def command_line(pid: int) -> str:
    """The process's arguments joined by spaces; empty when it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""
