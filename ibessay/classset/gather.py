"""Which drafts a class set is, and whose each is.

The command line names files, folders and glob patterns (quoted, or on a shell that
does not expand them); :func:`gather` turns them into :class:`Submission` s in a stable
order, each file once. A student is named by the file's name, or by a CSV roster
(:func:`read_roster`) that maps file names to students.
"""

from __future__ import annotations

import csv
import glob
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..errors import IbessayError
from .summary import printable

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


class Roster(NamedTuple):
    """A CSV roster: file name (or path, or name without suffix) -> student."""

    students: dict[str, str]
    source: str

    def student(self, path: str) -> str | None:
        name = Path(path)
        for key in (path, name.as_posix(), name.name, name.stem):
            if key in self.students:
                return self.students[key]
        return None

    def without_drafts(self, submissions: Sequence[Submission]) -> list[str]:
        """Students on the roster with no draft in ``submissions``."""
        handed_in = {s.student for s in submissions}
        return sorted({s for s in self.students.values() if s not in handed_in})


def gather(names: Sequence[str], roster: Roster | None = None) -> list[Submission]:
    """The drafts ``names`` stand for, each once, in the order named (a folder's in
    natural order of path, its subfolders included).

    Raises:
        IbessayError: a glob pattern that matches nothing, or a folder with no drafts.
    """
    seen: set[str] = set()
    paths: list[str] = []
    for name in names:
        for path in _expand(name):
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            paths.append(path)
    students = [_student(path, roster) for path in paths]
    # Two files of one name in two folders (class-a/li.md, class-b/li.md) are two
    # students: name each by its folder too.
    named = Counter(students)
    return [Submission(path, student if named[student] == 1 or _on(roster, path)
                       else f"{Path(path).parent.name}/{student}")
            for path, student in zip(paths, students)]


def _on(roster: Roster | None, path: str) -> bool:
    return roster is not None and roster.student(path) is not None


def _expand(name: str) -> list[str]:
    if os.path.isdir(name):
        found = _folder(name)
        if not found:
            raise IbessayError(f"no drafts in folder '{name}'",
                               f"a folder's drafts are its {', '.join(DRAFT_SUFFIXES)} files")
        return found
    if not os.path.lexists(name) and _GLOB.search(name):
        found = sorted((p for p in glob.glob(name, recursive=True) if not os.path.isdir(p)),
                       key=_natural)
        if not found:
            raise IbessayError(f"no files match '{name}'", "check the pattern and the folder")
        return found
    return [name]  # a file, or a missing one: its row says which


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


def _natural(path: str) -> list[object]:
    """``essay2`` before ``essay10``: digits compare as numbers."""
    return [int(part) if part.isdigit() else part.lower()
            for part in re.split(r"(\d+)", path)]


def _student(path: str, roster: Roster | None) -> str:
    if roster is not None:
        named = roster.student(path)
        if named:
            return named
    return Path(path).stem


def read_roster(path: str) -> Roster:
    """Read a CSV roster: a column of file names and one of students' names.

    The columns are found by their headings (``file``/``filename``/``draft``/``path`` and
    ``student``/``name``), else the first two are taken, file then student. Commas,
    semicolons or tabs, as a spreadsheet exports them; UTF-8, with or without a BOM.

    Raises:
        IbessayError: the file is missing or not UTF-8 text, a row lacks a column, or
            one file is given two students (at ``file:line``).
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read(1_000_001)
    except FileNotFoundError:
        raise IbessayError(f"roster '{path}' not found", "check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IbessayError(f"cannot read roster '{path}': {getattr(exc, 'reason', exc)}",
                           "save it as CSV (UTF-8) from your spreadsheet") from None
    if len(text) > 1_000_000:
        raise IbessayError(f"roster '{path}' is larger than 1 MB",
                           "a roster is a CSV of file names and students' names")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [(number, row) for number, row in enumerate(csv.reader(text.splitlines(),
                                                                   dialect), 1)
            if any(cell.strip() for cell in row)]
    if not rows:
        raise IbessayError(f"roster '{path}' is empty",
                           "give a CSV with a column of file names and one of names")
    file_col, student_col = 0, 1
    headings = [cell.strip().lower() for cell in rows[0][1]]
    file_heads = [i for i, h in enumerate(headings) if h in ("file", "filename", "file name",
                                                               "draft", "path")]
    student_heads = [i for i, h in enumerate(headings) if h in ("student", "name",
                                                                  "student name")]
    if file_heads or student_heads:
        if not (file_heads and student_heads):
            raise IbessayError(
                f"{path}:1: the roster needs a 'file' column and a 'student' column",
                f"its headings are: {', '.join(rows[0][1])}")
        file_col, student_col = file_heads[0], student_heads[0]
        rows = rows[1:]
    students: dict[str, str] = {}
    for number, row in rows:
        if len(row) <= max(file_col, student_col) or not row[file_col].strip() \
                or not row[student_col].strip():
            raise IbessayError(f"{path}:{number}: a row needs a file and a student",
                               "fill in both columns, or delete the row")
        file, student = row[file_col].strip(), printable(row[student_col].strip())
        if students.get(file, student) != student:
            raise IbessayError(
                f"{path}:{number}: '{file}' is given to two students, "
                f"'{students[file]}' and '{student}'", "keep one of the rows")
        students[file] = student
    return Roster(students, path)
