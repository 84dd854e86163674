"""A class set's roster: a CSV that maps the drafts' file names to students' names.

Spreadsheets write CSV in many ways: commas, semicolons or tabs; UTF-8 with or without a
byte-order mark, Excel's Windows-1252 or its "Unicode Text" (UTF-16). :func:`read_roster`
reads those, and refuses with a line and a way out what would show nonsense as a
student's name: another code page (Cyrillic, Greek), a Mac's CSV, rows in two encodings.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from collections.abc import Sequence
from typing import NamedTuple

from ..errors import IbessayError
from .gather import DOCUMENT_SUFFIXES, DRAFT_SUFFIXES, Submission
from .summary import printable


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
