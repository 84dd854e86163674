"""Bringing a pack's files in from a zip, a folder or a git repository, and writing a
pack out as a zip, safely and within limits.

A pack comes from someone else: its zip may try to write outside the folder it is
unpacked into (``../``, an absolute path, a drive, a backslash), hold a symbolic link or
a device, or unpack to far more than it weighs (a "zip bomb"). Every one is refused
with an :class:`~ibessay.errors.IbessayError` that says which rule or limit and where,
and nothing is left in the target folder. A zip's entries are all checked before any
byte is written; bytes are then counted as they are decompressed, not taken from what
the zip declares.

The limits (the bundled content, 60 prompts with their rubrics, cases and examples, is
424 files and 3.2 MB):

- :data:`MAX_FILES` files and :data:`MAX_FOLDERS` folders, at most :data:`MAX_DEPTH` deep;
- :data:`MAX_UNPACKED` bytes in all;
- :data:`ibessay.content.loader.MAX_FILE_BYTES` for one file;
- a zip of at most :data:`MAX_ARCHIVE` bytes (more than a legal pack could weigh).

The same checks apply to a folder (:func:`copy_tree`) and to a git clone
(:func:`clone_git`), and :func:`export_zip` refuses to write a zip that would be
refused on install.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from ..errors import IbessayError

if TYPE_CHECKING:
    from collections.abc import Callable

#: Files in one pack (the bundled content has 424).
MAX_FILES = 2_000
#: Folders in one pack (the bundled content has 70).
MAX_FOLDERS = 1_000
#: Folders inside folders (the bundled content goes 3 deep).
MAX_DEPTH = 16
#: Bytes of all a pack's files together, once unpacked (the bundled content: 3.2 MB).
MAX_UNPACKED = 20_000_000
#: Bytes of a zip file itself: a stored (uncompressed) zip of a pack at every limit,
#: with its headers, weighs less.
MAX_ARCHIVE = 25_000_000
#: Seconds a git clone may take.
CLONE_TIMEOUT = 120

_MB = 1_000_000
_CHUNK = 64 * 1024
#: Names never brought into a pack nor written out of one (besides every name that
#: starts with "."): caches, and what macOS adds to the zips it makes.
_SKIPPED = frozenset({"__pycache__", "__MACOSX", "node_modules"})
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _max_file_bytes() -> int:
    from ..content.loader import MAX_FILE_BYTES  # imports PyYAML: only when packing

    return MAX_FILE_BYTES


def _size(n: int) -> str:
    return f"{n // _MB} MB" if n % _MB == 0 else f"{n / _MB:.1f} MB"


def _skipped(name: str) -> bool:
    return name.startswith(".") or name in _SKIPPED


class _Budget:
    """What a pack has used of each limit so far, refusing the step that goes over.

    ``where`` names the zip, folder or URL in every message.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.files = 0
        self.folders = 0
        self.total = 0
        self.max_file = _max_file_bytes()

    def file(self, name: str) -> None:
        self.files += 1
        if self.files > MAX_FILES:
            raise IbessayError(
                f"{self.where} holds more than {MAX_FILES:,} files, the most a pack may have",
                "leave out what the pack does not need; a pack is prompts, rubrics and "
                "their tests")

    def folder(self, name: str, depth: int) -> None:
        self.folders += 1
        if self.folders > MAX_FOLDERS:
            raise IbessayError(
                f"{self.where} holds more than {MAX_FOLDERS:,} folders, the most a pack "
                "may have", "leave out what the pack does not need")
        self.depth(name, depth)

    def depth(self, name: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise IbessayError(
                f"{self.where}: '{name}' is {depth} folders deep; a pack's folders may go "
                f"at most {MAX_DEPTH} deep", "move its files up")

    def bytes(self, name: str, in_file: int, added: int) -> None:
        """``added`` more bytes of ``name``, which now has ``in_file``."""
        if in_file > self.max_file:
            raise IbessayError(
                f"{self.where}: '{name}' is larger than {_size(self.max_file)}, the most "
                "for one file of a pack", "split it, or leave out what the pack does not "
                "need (images, videos, data)")
        self.total += added
        if self.total > MAX_UNPACKED:
            raise IbessayError(
                f"{self.where} unpacks to more than {_size(MAX_UNPACKED)}, the most a pack "
                "may hold", "leave out what the pack does not need (images, videos, data)")


def _name_problem(parts: list[str]) -> str | None:
    """What makes a path (split at "/") unsafe or unportable, or None."""
    for part in parts:
        if part == "..":
            return "goes up out of the pack with '..'"
        if "\\" in part:
            return "has a backslash (a Windows path that may escape the pack)"
        if ":" in part:
            return "has a ':' (a drive or a Windows stream)"
        if _CONTROL.search(part):
            return "has a control character in its name"
    return None


# -- zip -------------------------------------------------------------------------------


class _Entry(NamedTuple):
    parts: tuple[str, ...]
    info: zipfile.ZipInfo | None  # None: a folder


def unpack_zip(zip_path: Path, into: Path) -> int:
    """Unpack the pack in ``zip_path`` into the folder ``into`` (which must not exist
    or be empty).

    A zip whose files are all inside one top folder (what ``zip -r pack.zip mypack/``
    makes) is unpacked from inside it. Names starting with "." (``.git/``,
    ``.DS_Store``) and ``__MACOSX/`` are checked but not unpacked. File modes are not
    kept: every file is an ordinary, non-executable one.

    Returns:
        The number of files unpacked.

    Raises:
        IbessayError: not a zip, a damaged or encrypted one, an entry that escapes the
            target, a link, a device or FIFO, a duplicate name, or a limit passed. Then
            nothing is left in ``into``.
    """
    where = f"'{zip_path}'"
    try:
        size = zip_path.stat().st_size
    except OSError as exc:
        raise IbessayError(f"cannot read '{zip_path}': {exc.strerror}") from None
    if size > MAX_ARCHIVE:
        raise IbessayError(
            f"{where} is a zip of {_size(size)}; a pack's zip may weigh at most "
            f"{_size(MAX_ARCHIVE)}", "leave out what the pack does not need")
    try:
        _check_entry_count(zip_path, where)
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise IbessayError(
            f"{where} is not a zip file", "install a pack from a zip made with `ibessay "
            "pack export`, a folder with pack.yaml, or a git URL") from None
    except OSError as exc:
        raise IbessayError(f"cannot read '{zip_path}': {exc.strerror}") from None
    with archive:
        entries = _zip_entries(archive, where)
        return _extracting(into, lambda: _write_zip(archive, entries, into, where))


def _check_entry_count(zip_path: Path, where: str) -> None:
    """Refuse a zip whose end record declares more entries than a pack may have,
    before :mod:`zipfile` reads an object for each (a 25 MB zip of empty files can
    declare half a million)."""
    with zip_path.open("rb") as raw:
        raw.seek(0, os.SEEK_END)
        length = raw.tell()
        tail_start = max(0, length - 22 - 65_535)  # the end record and its comment
        raw.seek(tail_start)
        tail = raw.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return  # not a zip: zipfile says so
    entries = struct.unpack_from("<H", tail, at + 10)[0]
    if entries > MAX_FILES + MAX_FOLDERS:  # 0xFFFF: more, counted in a zip64 record
        raise IbessayError(
            f"{where} holds {entries:,} entries{' or more' if entries == 0xFFFF else ''}; "
            f"a pack may have at most {MAX_FILES:,} files",
            "leave out what the pack does not need")


def _zip_entries(archive: zipfile.ZipFile, where: str) -> list[_Entry]:
    """Every entry to unpack, in order, after checking all of them (nothing is written
    before every name, type and declared size is known to be allowed)."""
    budget = _Budget(where)
    infos = archive.infolist()
    if len(infos) > MAX_FILES + MAX_FOLDERS:  # before anything is done for each
        raise IbessayError(
            f"{where} holds {len(infos):,} entries; a pack may have at most "
            f"{MAX_FILES:,} files", "leave out what the pack does not need")
    entries: list[_Entry] = []
    files: dict[str, str] = {}  # case-folded path -> as written
    folders: dict[str, str] = {}
    declared = 0
    for info in infos:
        name = info.filename
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if name.startswith("/") or _DRIVE.match(name):
            raise _escape(where, name, "is an absolute path")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        problem = _name_problem(parts)
        if problem:
            raise _escape(where, name, problem)
        if kind == stat.S_IFLNK:
            raise IbessayError(
                f"{where}: '{name}' is a symbolic link", "a pack holds only plain files "
                "and folders: put a copy of the file in place of the link")
        is_folder = name.endswith("/") or kind == stat.S_IFDIR
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise IbessayError(
                f"{where}: '{name}' is not a plain file or folder (a device, FIFO or "
                "socket)", "a pack holds only plain files and folders")
        if info.flag_bits & 0x1:
            raise IbessayError(f"{where}: '{name}' is encrypted",
                               "export the pack again without a password")
        if not parts:
            continue
        budget.depth(name, len(parts) - (0 if is_folder else 1))
        key = _key(parts)
        if is_folder:
            folders.setdefault(key, name)
        else:
            if key in files:
                same = files[key] == name
                raise IbessayError(
                    f"{where}: '{name}' is in the zip twice" if same else
                    f"{where}: '{files[key]}' and '{name}' are one name on Windows and "
                    "macOS (they differ only in case or in how an accent is written)",
                    "keep one of them")
            budget.file(name)
            files[key] = name
            declared += info.file_size
            budget.bytes(name, info.file_size, 0)
        for n in range(1, len(parts)):
            folders.setdefault(_key(parts[:n]), "/".join(parts[:n]) + "/")
        if any(_skipped(part) for part in parts):
            continue
        entries.append(_Entry(tuple(parts), None if is_folder else info))
    if len(folders) > MAX_FOLDERS:
        raise IbessayError(
            f"{where} holds {len(folders):,} folders; a pack may have at most "
            f"{MAX_FOLDERS:,}", "leave out what the pack does not need")
    clash = sorted(files.keys() & folders.keys())
    if clash:
        raise IbessayError(f"{where}: '{files[clash[0]]}' is both a file and a folder",
                           "rename one of them")
    if declared > MAX_UNPACKED:
        raise IbessayError(
            f"{where} unpacks to {_size(declared)}; a pack may hold at most "
            f"{_size(MAX_UNPACKED)}", "leave out what the pack does not need")
    return _inside_top_folder(entries)


def _key(parts: list[str]) -> str:
    """A path as the file systems that ignore case and Unicode normalisation (Windows,
    macOS) see it: two names with one key are one file there."""
    return unicodedata.normalize("NFC", "/".join(parts)).casefold()


def _printable(name: str) -> str:
    """``name`` with its control characters as escapes (\\x1b): a hostile name must not
    reach the terminal."""
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], name)


def _escape(where: str, name: str, problem: str) -> IbessayError:
    return IbessayError(f"{where}: '{_printable(name)}' {problem}, outside the pack's folder",
                        "a pack's zip holds only paths inside it: make it with "
                        "`ibessay pack export`")


def _inside_top_folder(entries: list[_Entry]) -> list[_Entry]:
    """The entries from inside their one top folder, when every file is in it."""
    tops = {entry.parts[0] for entry in entries}
    has_files = any(entry.info is not None for entry in entries)
    if len(tops) != 1 or not has_files or any(
            entry.info is not None and len(entry.parts) == 1 for entry in entries):
        return entries
    return [_Entry(entry.parts[1:], entry.info) for entry in entries if len(entry.parts) > 1]


def _write_zip(archive: zipfile.ZipFile, entries: list[_Entry], into: Path,
               where: str) -> int:
    budget = _Budget(where)
    written = 0
    for entry in entries:
        target = into.joinpath(*entry.parts)
        if entry.info is None:
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        name = entry.info.filename
        try:
            with archive.open(entry.info) as source:
                _copy_counted(source, target, name, budget)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
                RuntimeError) as exc:
            raise IbessayError(f"{where} is damaged: '{name}' cannot be read ({exc})",
                               "download or export the pack again") from None
        written += 1
    return written


def _copy_counted(source: IO[bytes], target: Path, name: str, budget: _Budget) -> None:
    """Copy ``source`` to the new file ``target``, counting every byte against the
    limits as it comes (a zip may declare less than it holds)."""
    budget.file(name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | \
        getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o644)
    with os.fdopen(fd, "wb") as out:
        in_file = 0
        while True:
            chunk = source.read(_CHUNK)
            if not chunk:
                break
            in_file += len(chunk)
            budget.bytes(name, in_file, len(chunk))
            out.write(chunk)


def _extracting(into: Path, work: Callable[[], int]) -> int:
    """Run ``work`` (which fills ``into``); on any failure leave ``into`` as it was:
    removed if it was made here, emptied if it was an empty folder."""
    existed = into.exists()
    if existed and any(into.iterdir()):
        raise IbessayError(f"'{into}' is not empty", "unpack into a new folder")
    try:
        into.mkdir(parents=True, exist_ok=True)
        return work()
    except BaseException as exc:
        if existed:
            for child in into.iterdir():
                _remove(child)
        else:
            shutil.rmtree(into, ignore_errors=True)
        if isinstance(exc, OSError):
            raise IbessayError(f"could not write the pack into '{into}': {exc}") from None
        raise


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# -- folders ---------------------------------------------------------------------------


def scan_tree(folder: Path, where: str | None = None,
              exclude: Path | None = None) -> list[tuple[str, ...]]:
    """The path (as parts) of every file of the pack in ``folder``, sorted, after
    checking all of it: symbolic links anywhere are refused (never followed), as are
    devices, FIFOs and sockets and every limit. Names that start with ".", caches
    (``__pycache__``) and virtual environments are skipped without being looked into.

    Raises:
        IbessayError: which rule or limit, and where.
    """
    where = where or f"'{folder}'"
    if not folder.is_dir():
        raise IbessayError(f"'{folder}' is not a folder")
    budget = _Budget(where)
    found: list[tuple[str, ...]] = []
    pending: list[tuple[Path, tuple[str, ...]]] = [(folder, ())]
    excluded = exclude.resolve() if exclude else None
    while pending:
        current, prefix = pending.pop()
        try:
            with os.scandir(current) as listing:
                children = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            raise IbessayError(f"cannot read the folder '{current}': {exc.strerror}") \
                from None
        for child in children:
            parts = (*prefix, child.name)
            shown = "/".join(parts)
            if _skipped(child.name):
                continue
            if excluded is not None and Path(child.path).resolve() == excluded:
                continue
            problem = _name_problem([child.name])
            if problem:
                raise IbessayError(f"{where}: '{_printable(shown)}' {problem}",
                                   "rename it: a pack must unpack on every system")
            if child.is_symlink():
                raise IbessayError(
                    f"{where}: '{shown}' is a symbolic link", "a pack holds only plain "
                    "files and folders: put a copy of the file in place of the link")
            info = child.stat(follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode):
                if (Path(child.path) / "pyvenv.cfg").exists():
                    continue  # a virtual environment
                budget.folder(shown, len(parts))
                pending.append((Path(child.path), parts))
            elif stat.S_ISREG(info.st_mode):
                budget.file(shown)
                budget.bytes(shown, info.st_size, info.st_size)
                found.append(parts)
            else:
                raise IbessayError(
                    f"{where}: '{shown}' is not a plain file or folder (a device, FIFO "
                    "or socket)", "a pack holds only plain files and folders")
    return sorted(found)


def _read_regular(path: Path, shown: str, budget: _Budget) -> bytes:
    """The bytes of the plain file ``path``, never following a link nor blocking on a
    FIFO put there since it was scanned, counted against the limits."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | \
        getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as source:
        if not stat.S_ISREG(os.fstat(source.fileno()).st_mode):
            raise IbessayError(f"{budget.where}: '{shown}' is not a plain file",
                               "a pack holds only plain files and folders")
        data = source.read(budget.max_file + 1)
        budget.bytes(shown, len(data), len(data))
    return data


def copy_tree(folder: Path, into: Path, where: str | None = None) -> int:
    """Copy the pack in ``folder`` into the new (or empty) folder ``into``, with the
    checks of :func:`scan_tree`; the bytes are counted again as they are read.

    Returns:
        The number of files copied.

    Raises:
        IbessayError: which rule or limit, and where; then nothing is left in ``into``.
    """
    where = where or f"'{folder}'"
    files = scan_tree(folder, where)

    def work() -> int:
        budget = _Budget(where)
        for parts in files:
            shown = "/".join(parts)
            budget.file(shown)
            try:
                data = _read_regular(folder.joinpath(*parts), shown, budget)
            except OSError as exc:
                raise IbessayError(f"cannot read '{folder.joinpath(*parts)}': "
                                   f"{exc.strerror}") from None
            target = into.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return len(files)

    return _extracting(into, work)


# -- git -------------------------------------------------------------------------------

_SCHEMES = ("https://", "http://", "ssh://", "git://", "file://")
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//)\S+$")


def is_git_url(text: str) -> bool:
    """Whether ``text`` names a git repository: an https, http, ssh, git or file URL,
    ``user@host:path``, or anything ending in ``.git``."""
    text = text.strip()
    return text.lower().startswith(_SCHEMES) or bool(_SCP_LIKE.match(text)) or \
        text.rstrip("/").endswith(".git")


def clone_git(url: str, into: Path) -> int:
    """Clone ``url`` with the system git into a temporary folder beside ``into``, then
    copy its files into ``into`` with the checks of :func:`copy_tree` (``.git`` is not
    copied).

    Only the last commit is fetched (``--depth 1``); no hook runs (none is copied from a
    template and ``core.hooksPath`` is an empty folder); submodules are not fetched;
    links are checked out as plain files (``core.symlinks=false``) and refused from
    what git records; git never asks for a password (``GIT_TERMINAL_PROMPT=0``, ssh in
    batch mode) and is stopped after :data:`CLONE_TIMEOUT` seconds.

    Returns:
        The number of files copied.

    Raises:
        IbessayError: git is missing, the clone failed or took too long, or what it
            brought breaks a rule or limit; nothing is left behind.
    """
    git = shutil.which("git")
    if git is None:
        raise IbessayError(f"git is not installed, so '{url}' cannot be cloned",
                           "install git, or download the pack as a zip and install that")
    into.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".clone-", dir=into.parent))
    try:
        hooks = work / "no-hooks"
        hooks.mkdir()
        checkout = work / "repository"
        _run_git(git, url, [
            "-c", "core.symlinks=false", "-c", f"core.hooksPath={hooks}",
            "-c", "submodule.recurse=false", "-c", "protocol.ext.allow=never",
            "-c", "transfer.fsckObjects=true", "-c", "core.sshCommand=ssh -o BatchMode=yes",
            "clone", "--depth", "1", "--quiet", "--no-tags", "--single-branch",
            "--template=", "--", url, str(checkout)])
        _refuse_git_links(git, checkout, url)
        return copy_tree(checkout, into, where=f"'{url}'")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _git_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", GIT_ASKPASS="", SSH_ASKPASS="",
               GCM_INTERACTIVE="never", GIT_LFS_SKIP_SMUDGE="1")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _run_git(git: str, url: str, arguments: list[str]) -> str:
    hint = "check the URL, and that git can open it (a private repository needs your " \
        "git credentials set up)"
    if url.lower().split("?")[0].endswith(".zip"):
        hint = "to install a zip from the web, download it, then install the file"
    try:
        # A session of its own: no terminal for ssh to ask on, and on a timeout the
        # whole group goes (git's helpers too, which would hold the pipes open).
        process = subprocess.Popen([git, *arguments], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=_git_environment(),
                                   start_new_session=sys.platform != "win32")
    except OSError as exc:
        raise IbessayError(f"could not run git to clone '{url}': {exc}") from None
    try:
        stdout, stderr = process.communicate(timeout=CLONE_TIMEOUT)
    except BaseException as exc:
        _stop(process)
        if isinstance(exc, subprocess.TimeoutExpired):
            raise IbessayError(f"git took more than {CLONE_TIMEOUT} s to clone '{url}'",
                               "try again, or download the pack as a zip") from None
        raise
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace")
                 .splitlines() if line.strip()]
        said = _printable((lines[-1] if lines else f"exit code {done.returncode}")[:200])
        raise IbessayError(f"git could not clone '{url}': {said}", hint)
    return done.stdout.decode("utf-8", "replace")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill git and everything it started, and wait for them."""
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()


def _refuse_git_links(git: str, checkout: Path, url: str) -> None:
    """Refuse a repository that records a symbolic link or a submodule (checked out as
    a plain file or an empty folder, where the disk no longer shows them)."""
    listing = _run_git(git, url, ["-C", str(checkout), "ls-files", "--stage", "-z"])
    for record in listing.split("\0"):
        if not record:
            continue
        mode, _, rest = record.partition(" ")
        name = rest.partition("\t")[2]
        if mode == "120000":
            raise IbessayError(
                f"'{url}': '{name}' is a symbolic link", "a pack holds only plain files "
                "and folders: commit a copy of the file in place of the link")
        if mode == "160000":
            raise IbessayError(f"'{url}': '{name}' is a git submodule",
                               "a pack is installed without submodules: commit its "
                               "files in the pack's own repository")


# -- export ----------------------------------------------------------------------------

#: The time every file of an exported zip carries, so that the same pack always gives
#: the same bytes (the earliest a zip can record).
_EPOCH = (1980, 1, 1, 0, 0, 0)


def export_zip(root: Path, out: Path, force: bool = False) -> int:
    """Write the pack in ``root`` as the zip ``out``, its files inside one top folder
    named by the pack's id: sorted, with fixed times and modes (the same pack gives the
    same bytes), without ``.git``, caches, virtual environments or names starting with
    "." (nor ``out`` itself, when it is inside the pack).

    The zip is written aside and renamed into place: ``out`` is never half written.

    Returns:
        The number of files in the zip.

    Raises:
        IbessayError: no ``pack.yaml`` or one that does not load, ``out`` exists and
            ``force`` is not given, or the pack breaks a rule or limit of
            :func:`scan_tree` (it would be refused on install).
    """
    from ..content.manifest import MANIFEST, load_manifest

    if not (root / MANIFEST).is_file():
        raise IbessayError(f"'{root}' has no {MANIFEST}, so it is not a pack",
                           "export the folder that holds pack.yaml; `ibessay pack new DIR` "
                           "makes a pack")
    manifest = load_manifest(root / MANIFEST)
    if out.exists() and not force:
        raise IbessayError(f"'{out}' already exists",
                           "give another file name, or --force to replace it")
    if out.is_dir():
        raise IbessayError(f"'{out}' is a folder", "give the name of the zip to write")
    if out.exists() and not out.is_file():  # --force replaced even /dev/null
        raise IbessayError(f"'{out}' is not a file (a device or a FIFO)",
                           "give the name of the zip to write")
    # Earlier exports written into the pack (-o pack/v1.zip) are not part of it.
    files = [parts for parts in scan_tree(root, exclude=out) if not parts[-1].endswith(".zip")]
    budget = _Budget(f"'{root}'")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
                for parts in files:
                    shown = "/".join(parts)
                    data = _read_regular(root.joinpath(*parts), shown, budget)
                    info = zipfile.ZipInfo(f"{manifest.id}/{shown}", date_time=_EPOCH)
                    info.create_system = 3  # unix: the mode below is read as one
                    info.external_attr = (stat.S_IFREG | 0o644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, data)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, out)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise IbessayError(f"could not write '{out}': {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(files)
