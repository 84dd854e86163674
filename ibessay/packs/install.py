"""Installing, listing and removing packs in the data folder
(:func:`ibessay.content.places.packs_home`), so that an interruption never leaves a pack
half there.

An install unpacks (a zip, a folder or a git URL) into a temporary folder inside the
packs folder whose name starts with "." (the library never reads those, and a rename
from it stays on one file system), validates it, and only then renames it into place.
An upgrade swaps the new folder with the old in one step where the system can
(``renameat2(RENAME_EXCHANGE)`` on Linux); elsewhere the old folder is renamed aside and
the new one in, and the next install or remove puts the old one back if the process was
killed between the two. Whatever is left in dot-folders by a killed install is removed by
the next one. Installs and removes take a lock in the packs folder, so two never
interleave; the second is refused, naming the process that holds it.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..content.manifest import MANIFEST, Manifest, load_manifest, satisfies, version_key
from ..content.places import packs_home
from ..errors import IbessayError, did_you_mean
from . import archive
from .validate import validate_pack

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The bundled content's pack id: no installed pack may take it.
BUNDLED = "ibessay"
#: The lock file in the packs folder, held while a pack is installed or removed.
LOCK = ".lock"
#: Temporary folders in the packs folder: an install under way, a pack being removed.
_INSTALLING = ".install-"
_REMOVING = ".remove-"
#: Inside an install's temporary folder: the new pack, and the pack it replaces while
#: the two are swapped without an atomic exchange (``previous-<id>``).
_NEW = "pack"
_PREVIOUS = "previous-"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

NEW, UPGRADED, REINSTALLED, DOWNGRADED, REPLACED = (
    "new", "upgraded", "reinstalled", "downgraded", "replaced")


class Installed(NamedTuple):
    """What :func:`install` did."""

    manifest: Manifest  # of the pack now installed (its path in the packs folder)
    path: Path  # the pack's folder
    action: str  # NEW, UPGRADED, REINSTALLED, DOWNGRADED, or REPLACED (a broken one)
    previous: str | None = None  # the version installed before, when there was one


def _home(home: Path | None) -> Path:
    return packs_home() if home is None else home


def install(source: str, force: bool = False, home: Path | None = None) -> Installed:
    """Install the pack in ``source`` (a zip, a folder or a git URL) into ``home`` (the
    packs folder; default :func:`~ibessay.content.places.packs_home`).

    A pack whose id is installed already is upgraded by a newer version; the same
    version (a reinstall) or an older one (a downgrade) is refused unless ``force``.

    Raises:
        IbessayError: the source cannot be read or breaks a rule or limit of
            :mod:`ibessay.packs.archive`; the pack is invalid, needs another version of
            ibessay, or takes the bundled id; the version rule above; another install
            is under way. The installed packs are then as they were.
    """
    home = _home(home)
    with _locked(home):
        _clean_up(home)
        try:
            staging = Path(tempfile.mkdtemp(prefix=_INSTALLING, dir=home))
            try:
                return _install(source, force, home, staging)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        except OSError as exc:  # a full disk, a read-only folder: nothing was changed
            raise IbessayError(f"could not install into '{home}': "
                               f"{exc.strerror or exc}") from None


def _install(source: str, force: bool, home: Path, staging: Path) -> Installed:
    root = staging / _NEW
    kind = _fetch(source, root)
    manifest = _checked(root, source, kind)
    target = home / manifest.id
    previous = _manifest_at(target) if os.path.lexists(target) else None
    action = NEW
    if os.path.lexists(target):
        action = _action(manifest, previous, force, target)
    if action == NEW:
        os.rename(root, target)
    else:
        _swap(root, target, staging / f"{_PREVIOUS}{manifest.id}")
    _sync_folder(home)
    return Installed(manifest._replace(path=str(target / MANIFEST)), target, action,
                     previous.version if isinstance(previous, Manifest) else None)


def _fetch(source: str, into: Path) -> str:
    """Bring the files of ``source`` into ``into``; which kind of source it was."""
    path = Path(source).expanduser()
    looks_git = archive.is_git_url(source)
    if "://" in source or (looks_git and not path.exists()) or (
            looks_git and path.is_dir() and not (path / "pack.yaml").exists()):
        archive.clone_git(source, into)
        return "git"
    if path.is_dir():
        archive.copy_tree(path, into)
        return "folder"
    if path.is_file():
        archive.unpack_zip(path, into)
        return "zip"
    raise IbessayError(f"'{source}' is not a file, a folder or a git URL",
                       "give a pack's zip, its folder (with pack.yaml), or a git URL "
                       "(https://..., git@host:path)")


def _checked(root: Path, source: str, kind: str) -> Manifest:
    """The manifest of the pack unpacked in ``root``, once it is known to be valid, to
    work with this ibessay, and not to take the bundled id."""
    from .. import __version__

    if not (root / MANIFEST).is_file():
        raise IbessayError(f"'{source}' has no {MANIFEST} at its top, so it is not a pack",
                           "a pack is a folder with pack.yaml beside prompts/ and "
                           "rubrics/; `ibessay pack new DIR` makes one")
    try:
        result = validate_pack(root)
        manifest, errors = result.manifest, list(result.errors)
    except IbessayError as exc:  # not a pack at all (no prompts/ nor rubrics/)
        manifest, errors = None, [exc]
    if errors or manifest is None:
        count = len(errors) or 1
        first = str(errors[0]).splitlines()[0] if errors else "pack.yaml does not load"
        # Its paths are in the temporary folder, gone when this is read: say them as
        # they are in the pack.
        first = first.replace(str(root) + os.sep, "").replace(str(root), source)
        see = f"run `ibessay pack validate {source}`" if kind == "folder" else \
            f"{'clone' if kind == 'git' else 'unpack'} it and run `ibessay pack validate` " \
            "on its folder"
        raise IbessayError(
            f"'{source}' is not a valid pack ({count} error{'s' if count != 1 else ''}; "
            f"the first: {first})", f"{see} to see every error, each at its line")
    if manifest.id == BUNDLED:
        raise IbessayError(f"'{source}' has the id '{BUNDLED}', which is the bundled "
                           "content's", "give the pack its own id in pack.yaml")
    if manifest.requires and not satisfies(__version__, manifest.requires):
        raise IbessayError(
            f"pack '{manifest.id}' {manifest.version} works with ibessay "
            f"{manifest.requires}, and this is ibessay {__version__}",
            "install a version of ibessay it works with (pip install -U ibessay), or a "
            "version of the pack made for this one")
    return manifest


def _action(new: Manifest, previous: Manifest | IbessayError | None, force: bool,
            target: Path) -> str:
    """What installing ``new`` over the installed ``previous`` is, refused when it is
    not an upgrade and ``force`` is not given."""
    if not isinstance(previous, Manifest):
        return REPLACED  # a folder without a readable pack.yaml: nothing to keep
    have, want = version_key(previous.version), version_key(new.version)
    if want > have:
        return UPGRADED
    if want == have:
        if not force:
            raise IbessayError(
                f"pack '{new.id}' {previous.version} is already installed",
                "give --force to install it again, or raise the version in pack.yaml")
        return REINSTALLED
    if not force:
        raise IbessayError(
            f"pack '{new.id}' {previous.version} is installed, and {new.version} is "
            "older: a downgrade", "give --force to install the older version")
    return DOWNGRADED


def _manifest_at(folder: Path) -> Manifest | IbessayError:
    """The manifest of the installed pack in ``folder`` (a link to a folder is read
    through, as the library does), or what is wrong with it."""
    path = folder / MANIFEST
    problem = None
    if not path.is_file():
        problem = IbessayError(f"'{folder}' has no {MANIFEST}",
                               f"remove it with `ibessay pack remove {folder.name}`"
                               if _ID.match(folder.name) else "delete the folder")
    else:
        try:
            manifest = load_manifest(path)
        except IbessayError as exc:
            return exc
        if manifest.id == folder.name == BUNDLED:  # copied in by hand; never read
            problem = IbessayError(f"'{folder}' is not read: '{BUNDLED}' is the bundled "
                                   "content's id", "delete the folder")
        elif manifest.id == folder.name:
            return manifest
        else:
            problem = IbessayError(f"{path}: its id is '{manifest.id}', but it is "
                                   f"installed as '{folder.name}'", "install the pack again")
    problem.path = str(path)  # `pack list` names the folder by it
    return problem


# -- swapping folders ------------------------------------------------------------------


def _swap(new: Path, target: Path, aside: Path) -> None:
    """Put the folder ``new`` at ``target``; the folder that was there ends up inside
    the install's temporary folder (removed with it)."""
    if _exchange(new, target):
        return
    # Two renames: between them the pack is missing, and :func:`_clean_up` (the next
    # install or remove) renames ``aside`` back if this process dies there.
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside, target)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux's ``renameat2``); False where the system or
    file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    import errno

    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(b))


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` survive a power cut (where folders can be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _clean_up(home: Path) -> None:
    """Undo what an install or remove killed halfway left: put back a pack renamed aside
    (and not replaced), and remove every temporary folder. Called with the lock held, so
    none of them is in use."""
    try:
        names = sorted(os.listdir(home))
    except OSError:
        return
    for name in names:
        folder = home / name
        if name.startswith(_INSTALLING):
            for child in _children(folder):
                pack_id = child.name[len(_PREVIOUS):]
                if child.name.startswith(_PREVIOUS) and _ID.match(pack_id) and \
                        not os.path.lexists(home / pack_id):
                    os.rename(child, home / pack_id)
        if name.startswith((_INSTALLING, _REMOVING, ".clone-")) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


# -- the lock --------------------------------------------------------------------------


@contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Hold the packs folder's lock (released by the system if the process dies, so a
    killed install never leaves it held); refuse when another process has it."""
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(home / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IbessayError(f"cannot write in the packs folder '{home}': "
                           f"{exc.strerror or exc}") from None
    try:
        if not _try_lock(fd):
            other = _holder(home / LOCK)
            raise IbessayError(
                "another ibessay is installing or removing a pack"
                + (f" (process {other})" if other else ""),
                "wait for it to finish, then try again")
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            # A byte far past the pid, so that others can still read it.
            os.lseek(fd, 1 << 20, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            os.lseek(fd, 0, os.SEEK_SET)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _holder(lock: Path) -> int | None:
    try:
        text = lock.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


# -- list and remove -------------------------------------------------------------------


def installed(home: Path | None = None) -> list[Manifest | IbessayError]:
    """Every installed pack, by id: its manifest, or what is wrong with it (a broken or
    missing ``pack.yaml`` is listed, never raised, so that the rest are still shown)."""
    home = _home(home)
    try:
        names = sorted(os.listdir(home))
    except OSError:
        return []
    return [_manifest_at(home / name) for name in names
            if not name.startswith(".") and (home / name).is_dir()]


def remove(pack_id: str, home: Path | None = None) -> Manifest | None:
    """Remove the installed pack ``pack_id``: it disappears in one rename, then its
    files are deleted.

    Returns:
        Its manifest, or None when its ``pack.yaml`` could not be read.

    Raises:
        IbessayError: ``pack_id`` is not an id, is the bundled content's, or is not
            installed (with the closest installed ids); another install is under way.
    """
    if not _ID.match(pack_id):
        raise IbessayError(f"'{pack_id}' is not a pack id",
                           "an id is lower-case letters, digits and single hyphens; "
                           "`ibessay pack list` shows the installed packs")
    if pack_id == BUNDLED:
        raise IbessayError(f"'{BUNDLED}' is the bundled content, which cannot be removed")
    home = _home(home)
    if not home.is_dir():
        raise _not_installed(pack_id, [])
    with _locked(home):
        _clean_up(home)
        target = home / pack_id
        if not target.is_dir():
            ids = [n for n in sorted(os.listdir(home))
                   if not n.startswith(".") and (home / n).is_dir()]
            raise _not_installed(pack_id, ids)
        manifest = _manifest_at(target)
        if target.is_symlink():  # a teacher's own folder, linked in: only the link goes
            target.unlink()
            return None if isinstance(manifest, IbessayError) else manifest
        try:
            trash = Path(tempfile.mkdtemp(prefix=_REMOVING, dir=home))
            try:
                os.rename(target, trash / pack_id)
                _sync_folder(home)
            finally:
                shutil.rmtree(trash, ignore_errors=True)
        except OSError as exc:
            raise IbessayError(f"could not remove '{target}': {exc.strerror or exc}") \
                from None
    return None if isinstance(manifest, IbessayError) else manifest


def _not_installed(pack_id: str, ids: list[str]) -> IbessayError:
    return IbessayError(f"no pack '{pack_id}' is installed",
                        did_you_mean(pack_id, ids) if ids else
                        "`ibessay pack list` shows the installed packs")
