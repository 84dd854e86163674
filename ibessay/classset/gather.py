"""Which drafts a class set is, and whose each is.

The command line names files, folders and glob patterns (quoted, or on a shell that
does not expand them); :func:`gather` turns them into :class:`Submission` s in a stable
order, each file once. A student is named by the file's name, or by a CSV roster
(:mod:`.roster`) that maps file names to students.
"""

from __future__ import annotations

import glob
import os
import re
import stat
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import IbessayError
from .summary import printable

if TYPE_CHECKING:
    from .roster import Roster

#: The files a folder's drafts are: what an editor saves an essay as.
DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".text")
#: Files a student may hand in instead of text: each is a row saying how to save it,
#: so that nobody's essay is left out of the report without a word.
DOCUMENT_SUFFIXES = (".docx", ".doc", ".odt", ".rtf", ".pdf", ".pages")
_GLOB = re.compile(r"[*?\[]")


class Submission(NamedTuple):
    """One draft of the set: its path, as the report shows it, and its student."""

    path: str
    student: str


def gather(names: Sequence[str], roster: Roster | None = None) -> list[Submission]:
    """The drafts ``names`` stand for, each once, in the order named (a folder's in
    natural order of path, its subfolders included).

    A folder or a pattern leaves out what is not a student's essay: README files, Word's
    owner files (``~$essay.docx``) and ibessay's own reports in Markdown or text (a
    teacher keeps the report beside the drafts and checks them again: the report is not
    a student, and may be written again). A file named on its own is always a draft.

    Raises:
        IbessayError: a glob pattern that matches nothing, or a folder with no drafts;
            a roster row that names two of the drafts (``essay1.md`` in two classes).
    """
    seen: set[str] = set()
    paths: list[str] = []
    real_folders: dict[str, str] = {}
    for name in names:
        for path in _expand(name):
            real = _real_path(path, real_folders)
            if real in seen:
                continue
            seen.add(real)
            paths.append(path)
    keys = _unambiguous(roster, paths) if roster is not None else {}
    rows = roster.students if roster is not None else {}
    students = [rows[keys[path]] if path in keys else Path(path).stem for path in paths]
    # Two files of one name in two folders (class-a/li.md, class-b/li.md) are two
    # students: name each by as many of its folders as tell them apart.
    named = Counter(students)
    same: dict[str, list[str]] = {}
    for path, student in zip(paths, students):
        if named[student] > 1 and path not in keys:
            same.setdefault(student, []).append(path)
    apart = {path: name for student, group in same.items()
             for path, name in _apart(student, group).items()}
    return [Submission(path, apart.get(path, student))
            for path, student in zip(paths, students)]


def _real_path(path: str, real_folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, with the real path of each folder found once (in
    ``real_folders``): a folder's drafts are not links (:func:`_drafts_only`), and
    resolving each one's folders again was a third of gathering 1,000 drafts (13 ms)."""
    folder, name = os.path.split(path)
    # Windows' realpath also gives the name its case on the disk ("ANN.md" typed, for
    # "ann.md" in the folder): there, every path is resolved whole.
    if os.name == "nt" or name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = real_folders.get(folder)
    if real is None:
        real = real_folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def _apart(student: str, paths: list[str]) -> dict[str, str]:
    """``student`` prefixed by the fewest of each path's folders that make the names of
    ``paths`` differ (``10A/submitted/essay``, ``10B/submitted/essay``)."""
    folders = [Path(os.path.abspath(p)).parent.parts for p in paths]
    for depth in range(1, max(len(f) for f in folders) + 1):
        names = ["/".join((*f[len(f) - min(depth, len(f)):], student)) for f in folders]
        if len(set(names)) == len(names):
            break
    return dict(zip(paths, names))


def _unambiguous(roster: Roster, paths: Sequence[str]) -> dict[str, str]:
    """One roster row for drafts in two folders (``essay1.md`` of 10A and of 10B) would
    name a student's essay after another. (Two files of one folder that a row fits,
    ``li.md`` and ``li.txt``, are that student's.) Returns each named draft's row."""
    by_key: dict[str, str] = {}
    keys: dict[str, str] = {}
    for path in paths:
        key = roster.key(path)
        if key is None:
            continue
        if key in by_key and os.path.dirname(by_key[key]) != os.path.dirname(path):
            raise IbessayError(
                f"{roster.source}: '{printable(key)}' fits two drafts, "
                f"{printable(by_key[key])} and {printable(path)}",
                "name each by its folder too in the roster's file column "
                f"(e.g. {printable(Path(path).parent.name)}/{printable(Path(path).name)})")
        by_key.setdefault(key, path)
        keys[path] = key
    return keys


def _expand(name: str) -> list[str]:
    if os.path.isdir(name):
        found = _drafts_only(_folder(name))
        if not found:
            raise IbessayError(f"no drafts in folder '{name}'",
                               f"a folder's drafts are its {', '.join(DRAFT_SUFFIXES)} files")
        return found
    if not os.path.lexists(name) and _GLOB.search(name):
        found = _drafts_only(sorted((p for p in set(_glob(name)) if not os.path.isdir(p)),
                                    key=_natural))
        if not found:
            raise IbessayError(f"no files match '{name}'", "check the pattern and the folder")
        return found
    return [name]  # a file, or a missing one: its row says which


def _glob(pattern: str) -> list[str]:
    """``glob.glob(pattern, recursive=True)``, but a ``**`` walks folders, not links to
    them: glob's follows them, and a link to a parent folder is a loop it walks down
    every branch to the system's limit of links (with two such links, for ever)."""
    parts = re.split("[/" + re.escape(os.sep) + "]", pattern)
    if "**" not in parts:
        return glob.glob(pattern)
    at = parts.index("**")
    head, rest = "/".join(parts[:at]), "/".join(parts[at + 1:])
    if head == "" and at > 0:  # "/**/x": from the root
        head = "/"
    if at + 1 < len(parts) and not rest:  # "drafts/**/": folders only, no draft
        return []
    tops = glob.glob(head) if _GLOB.search(head) else [head]
    found: list[str] = []
    for top in tops:
        if not os.path.isdir(top or "."):
            continue
        for root, dirs, files in os.walk(top or "."):  # links to folders are not walked
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            base = root if top else os.path.relpath(root)
            if rest:
                found += _glob(rest if base == "." and not top
                               else os.path.join(glob.escape(base), rest))
            else:  # "drafts/**": every file below
                found += [f if base == "." and not top else os.path.join(base, f)
                          for f in files if not f.startswith(".")]
    return found


def _folder(folder: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in files:
            if file.startswith("."):
                continue
            if file.lower().endswith(DRAFT_SUFFIXES + DOCUMENT_SUFFIXES):
                found.append(os.path.join(root, file))
    return sorted(found, key=_natural)


#: How ibessay's reports that are text begin: Markdown (render/markdown.py,
#: render/classset/markdown.py) and a class set's for the terminal, kept with -o.
_REPORT_STARTS = (b"# Class set: ", b"# Rubric check: ", b"Class set: ")


def _drafts_only(paths: list[str]) -> list[str]:
    """``paths`` less READMEs, Word's owner files, ibessay's own reports and links. (Never
    less the file this run writes to: a student's draft named by -o must stay a draft,
    which -o then refuses to replace.) A link in a folder of handed-in work is not
    followed: one to /etc/passwd would be checked as a student, and its words quoted in
    the report; a file named on the command line is read wherever it points."""
    return [p for p in paths if not _not_a_draft(os.path.basename(p))
            and not os.path.islink(p) and not _is_report(p)]


def _not_a_draft(name: str) -> bool:
    """A README (of any suffix), or Word's owner file of an open document (``~$...``)."""
    return name.lower().partition(".")[0] == "readme" or name.startswith("~$")


def _is_report(path: str) -> bool:
    if not path.lower().endswith(DRAFT_SUFFIXES):
        return False
    # Without blocking, and only a plain file: a named pipe would wait for ever for a
    # writer, and a device never ends (the draft's row says what it is).
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False  # its row says what is wrong with it
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        start = os.read(fd, 32)
    except OSError:
        return False
    finally:
        os.close(fd)
    return start.removeprefix(b"\xef\xbb\xbf").startswith(_REPORT_STARTS)


def _natural(path: str) -> list[object]:
    """``essay2`` before ``essay10``: digits compare as numbers."""
    return [int(part) if part.isdigit() else part.lower()
            for part in re.split(r"(\d+)", path)]
