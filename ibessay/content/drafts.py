"""Reading a student's draft from disk or stdin, refusing what is not an essay.

A Paper 2 essay is about 10 KB of text. Anything that is not readable text gets an
:class:`~ibessay.errors.IbessayError` that says what is wrong and how to fix it.
"""

import os
import sys
from stat import S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK
from typing import NamedTuple

from ..errors import IbessayError

#: A 45-minute essay is ~10 KB; 1 MB is a hundred of them, so anything larger is a mistake.
MAX_BYTES = 1_000_000

_BOMS = (  # byte-order marks, as in the codecs module (not imported: start-up time)
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class Draft(NamedTuple):
    """A draft's display name (its path, or ``-`` for stdin) and its text (``\\n`` newlines)."""

    name: str
    text: str


def read_draft(path: str) -> Draft:
    """Read and decode a draft; ``-`` reads stdin.

    Raises:
        IbessayError: the file is missing, a directory or not a regular file (a named
            pipe would wait for ever), too large, binary, not UTF-8
            (or UTF-16 with a BOM), or holds no words.
    """
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "-"
    else:
        data = _read_file(path)
        name = path
    if len(data) > MAX_BYTES:
        raise IbessayError(
            f"draft '{name}' is larger than 1 MB; a Paper 2 essay is about 10 KB",
            "check that this is the essay file and not, say, an export with images",
        )
    text = decode(data, name)
    if not text.strip():
        raise IbessayError(
            f"draft '{name}' is empty", "write the essay first, then check it again"
        )
    return Draft(name, text.replace("\r\n", "\n").replace("\r", "\n"))


def _read_file(path: str) -> bytes:
    try:
        info = os.stat(path)
        size = info.st_size
        if S_ISDIR(info.st_mode):
            raise IbessayError(
                f"'{path}' is a folder, not a draft", "give the path of one essay file"
            )
        if not S_ISREG(info.st_mode):
            # A named pipe waits for a writer that may never come; a device never ends.
            kind = ("a named pipe" if S_ISFIFO(info.st_mode) else
                    "a socket" if S_ISSOCK(info.st_mode) else "a device")
            raise IbessayError(
                f"'{path}' is {kind}, not a draft file",
                "give the path of an essay file, or '-' to read the draft from stdin",
            )
        if size > MAX_BYTES:
            raise IbessayError(
                f"draft '{path}' is {size / 1_000_000:.1f} MB; a Paper 2 essay is about 10 KB "
                "and the limit is 1 MB",
                "check that this is the essay file and not, say, an export with images",
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            return _read_up_to_limit(fd, size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise IbessayError(
            f"draft '{path}' not found",
            "check the path, name an attempt (see 'ibessay drafts'), or use '-' to read "
            "from stdin",
        ) from None
    except PermissionError:
        raise IbessayError(
            f"cannot read draft '{path}': permission denied",
            "check the file's permissions",
        ) from None
    except IsADirectoryError:  # pragma: no cover - Windows reports folders this way
        raise IbessayError(
            f"'{path}' is a folder, not a draft", "give the path of one essay file"
        ) from None


def _read_up_to_limit(fd: int, size: int) -> bytes:
    """The file's bytes, at most ``MAX_BYTES + 1`` (one more says it is too large), read
    in reads the size of the file (``size``, as measured) rather than of the limit:
    asking for 1 MB to get a 10 KB essay made the reader allocate and map a megabyte
    each time, 60 µs of the 2 ms a draft of a class set costs (bench/bench_classset.py).
    It reads on to the end (in small reads, for the same reason), so a file that grew
    since it was measured is read whole."""
    chunks = []
    total = 0
    want = min(size, MAX_BYTES) + 1
    while total <= MAX_BYTES:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = min(MAX_BYTES + 1 - total, 1 << 16)  # the end, or what it grew by
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; refuse anything else."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _not_text(name, data, exc.start, encoding) from None
    nul = data.find(b"\x00")
    if nul != -1:
        raise IbessayError(
            f"draft '{name}' looks like a binary file (NUL byte at offset {nul})",
            "save the essay as plain text or Markdown (.md/.txt), not .docx or .pdf",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_text(name, data, exc.start, "UTF-8") from None


def _not_text(name: str, data: bytes, offset: int, encoding: str) -> IbessayError:
    line = data.count(b"\n", 0, offset) + 1
    return IbessayError(
        f"draft '{name}' is not valid {encoding}: byte 0x{data[offset]:02x} at offset "
        f"{offset} (line {line})",
        "save the file as UTF-8 (most editors: Save As > Encoding > UTF-8)",
    )
