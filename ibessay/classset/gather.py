"""Which drafts a class set is, and whose each is.

The command line names files, folders and glob patterns (quoted, or on a shell that
does not expand them); :func:`gather` turns them into :class:`Submission` s in a stable
order, each file once. A student is named by the file's name, or by a CSV roster
(:func:`read_roster`) that maps file names to students.
"""

from __future__ import annotations

import codecs
import csv
import glob
import os
import re
import stat
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
        found = self.key(path)
        return None if found is None else self.students[found]

    def key(self, path: str) -> str | None:
        """The roster's name for the draft at ``path``: the most precise one, so that
        ``10B/essay1.md`` is told from ``10A/essay1.md`` (three classes, one file name):
        the path as typed, then its folders' tails down to the file's name (``10B/essay1.md``,
        ``essay1.md``), each with or without its suffix."""
        posix = path.replace(os.sep, "/")
        if posix in self.students:
            return posix
        parts = os.path.abspath(path).replace(os.sep, "/").split("/")
        for start in range(len(parts)):
            tail = "/".join(parts[start:])
            bare = tail.rsplit(".", 1)[0] if "." in parts[-1] else tail
            # As typed, then in any case (one file on Windows and macOS: Essay.TXT).
            for key in (tail, bare, tail.casefold(), bare.casefold()):
                if key in self.students:
                    return key
        return None

    def without_drafts(self, submissions: Sequence[Submission]) -> list[str]:
        """Students on the roster with no draft in ``submissions``."""
        handed_in = {s.student for s in submissions}
        return sorted({s for s in self.students.values() if s not in handed_in})


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
    if name in ("", ".", "..") or os.path.islink(path):
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


def read_roster(path: str) -> Roster:
    """Read a CSV roster: a column of file names and one of students' names.

    The columns are found by their headings (``file``/``filename``/``draft``/``path`` and
    ``student``/``name``), else the first two are taken, file then student. Commas,
    semicolons or tabs, as a spreadsheet exports them; UTF-8, with or without a BOM, or
    Excel's Windows-1252.

    Raises:
        IbessayError: the file is missing or not text we can read, a row lacks a column, or
            one file is given two students (at ``file:line``).
    """
    try:
        with open(path, "rb") as f:
            data = f.read(1_000_001)
    except FileNotFoundError:
        raise IbessayError(f"roster '{path}' not found", "check the path") from None
    except OSError as exc:
        raise IbessayError(f"cannot read roster '{path}': {exc.strerror or exc}",
                           "check that it is a file you can read") from None
    if len(data) > 1_000_000:
        raise IbessayError(f"roster '{path}' is larger than 1 MB",
                           "a roster is a CSV of file names and students' names")
    text = _roster_text(data, path)
    lines = text.splitlines()
    # Excel writes "sep=;" as a first line where the list separator is not a comma.
    declared = re.fullmatch(r"sep=(.)", lines[0].strip()) if lines else None
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    if declared:
        lines[0] = ""  # kept as a line, so that errors name the lines as numbered
    else:
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
    delimiter = declared.group(1) if declared else dialect.delimiter
    rows = [(number, row) for number, row in enumerate(
        csv.reader(lines, dialect, delimiter=delimiter), 1) if any(c.strip() for c in row)]
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
        # A path as Windows writes it, or with "./": as the drafts' paths are matched.
        file = row[file_col].strip().replace("\\", "/").removeprefix("./")
        student = printable(row[student_col].strip())
        if students.get(file, student) != student:
            raise IbessayError(
                f"{path}:{number}: '{file}' is given to two students, "
                f"'{students[file]}' and '{student}'", "keep one of the rows")
        students[file] = student
    named = {**_by_stem(students), **students}
    return Roster({**_by_case(named), **named}, path)


# A letter of a name, and the words of one: "Zoë", "Müller", "O", "Neill" (of "O’Neill").
_LETTER = r"[^\W\d_]"
_WORDS = re.compile(f"{_LETTER}+")


# A letter as UTF-8 writes it in two to four bytes, which Windows-1252 would read as two
# to four characters ("ë" as "Ã«"): in a roster that is not UTF-8 as a whole, a sign
# that some rows are. Windows-1252 text has such a run only where an accented capital
# comes before a symbol or a quote, or an accented small letter before two (not in
# names); "ß" before a quote or a no-break space would read as an N'Ko letter: left out.
_UTF8_LETTER = re.compile(rb"[\xc2-\xde][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                          rb"|[\xf0-\xf4][\x80-\xbf]{3}")


# Excel for Mac's "Comma Separated Values" is Mac Roman, whose accented small letters
# Windows-1252 reads as symbols ("ô" as "™", "á" as "‡") or capitals ("é" as "Ž", "ü"
# as "Ÿ", "å" as "Œ", "ë" as "‘"): inside a word, as no Western name has them
# ("JŽr™me MŸller", "Jo‘l"). Not "ö" and "ú" alone ("Bjšrn"): a Czech name has "š" and
# a French one "œ"; nor "í", "ñ" and "ó", read as the "’" of "O’Neill" and dashes.
_MAC_ROMAN = re.compile(rf"(?<={_LETTER})[‚ƒ„†‡ˆ‰‹•˜™›“”‘](?={_LETTER})"
                        rf"|(?<=[a-zß-ÿ])[ŠŒŽŸ]|(?<={_LETTER})[ŠŒŽŸ](?=[a-zß-ÿ])")


def _word_at(text: str, at: int) -> str:
    """The word around offset ``at`` (for a message)."""
    start = max(text.rfind(c, 0, at) for c in " ,;\t\n") + 1
    ends = [e for e in (text.find(c, at) for c in " ,;\t\n") if e != -1]
    return text[start:min(ends, default=len(text))]


def _roster_text(data: bytes, path: str) -> str:
    """A roster's text: UTF-8 (with or without a BOM), or Windows-1252, which Excel's
    "CSV (Comma delimited)" writes on a Western Windows. Another code page (Cyrillic,
    Greek) also reads as Windows-1252, but as words of accented letters only
    ("Ïåòðîâ" for "Петров"), and so does a Mac's (Mac Roman: "JŽr™me"), or a file whose
    rows are in both: those are refused rather than shown as someone's name. Excel's
    "Unicode Text" (UTF-16 with a byte-order mark, tabs between columns) is read too."""
    hint = "save it as CSV UTF-8 from your spreadsheet (File > Save As > CSV UTF-8)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IbessayError(f"cannot read roster '{path}': it starts as UTF-16 text but "
                               "is not", hint) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The decoder's offsets leave out the mark: where in the file the bytes fail.
        bad = exc.start + len(codecs.BOM_UTF8) * data.startswith(codecs.BOM_UTF8)
    if data.startswith(codecs.BOM_UTF8):  # UTF-8 says the mark; the row at `bad` is not
        raise _mixed(path, data, bad, hint)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise IbessayError(f"cannot read roster '{path}': it is not UTF-8 text", hint) from None
    mixed = next((m for m in _UTF8_LETTER.finditer(data)
                  if m.group().decode("utf-8", "replace").isalpha()), None)
    if mixed is not None:
        raise _mixed(path, data, bad, hint)
    mac = _MAC_ROMAN.search(text)
    if mac is not None:
        line = text.count("\n", 0, mac.start()) + 1
        raise IbessayError(f"cannot read roster '{path}:{line}': it is not UTF-8 text, and "
                           f"its names read as nonsense (\"{_word_at(text, mac.start())}\") in "
                           "Windows-1252: a Mac's CSV?", hint)
    if "\0" in text or any(len(word) >= 3 and sum(not c.isascii() for c in word) * 2 > len(word)
                           for word in _WORDS.findall(text)):
        raise IbessayError(f"cannot read roster '{path}': it is not UTF-8 text, and not "
                           "a Western European code page either", hint)
    return text


def _mixed(path: str, data: bytes, at: int, hint: str) -> IbessayError:
    """A roster with rows in UTF-8 and rows in another encoding (Windows-1252, most
    likely), at the line of its first byte that is not UTF-8 (``at``)."""
    line = data.count(b"\n", 0, at) + 1
    return IbessayError(f"cannot read roster '{path}:{line}': this row is not UTF-8, though "
                        "other rows are (two exports pasted together?)", hint)


def _by_case(students: dict[str, str]) -> dict[str, str]:
    """Each file in any case (``essay_2.txt`` for ``Essay_2.TXT``), unless two rows that
    differ only in case name two students."""
    folded: dict[str, str | None] = {}
    for file, student in students.items():
        key = file.casefold()
        folded[key] = student if folded.get(key, student) == student else None
    return {key: student for key, student in folded.items() if student is not None}


def _by_stem(students: dict[str, str]) -> dict[str, str]:
    """``essay_2`` for a row ``essay_2.docx``: the report asks for a Word file to be saved
    as text, and the roster still lists the file the student handed in. Left out when
    two rows of one stem name two students."""
    stems: dict[str, str | None] = {}
    for file, student in students.items():
        stem, dot, suffix = file.rpartition(".")
        if dot and stem and f".{suffix.lower()}" in DRAFT_SUFFIXES + DOCUMENT_SUFFIXES:
            stems[stem] = student if stems.get(stem, student) == student else None
    return {stem: student for stem, student in stems.items() if student is not None}
