"""``ibessay pack new DIR``: a working pack for a teacher to edit.

The pack is copied from ``template/`` beside this module (package data, in the wheel):
a manifest with every field explained, one prompt, its two-case rubric, one case of the
pack's own (the rubric also accepts bundled cases, by id), example drafts that pass and
fail, a test-case file and a README that walks through each file. It validates and its
tests pass as it is, so a teacher starts from something that works and changes one thing
at a time.

Only ``pack.yaml`` and ``README.md`` hold placeholders (the pack's id and name, the
ibessay versions): everything else is copied as it is, so the template's YAML is the YAML
a teacher reads in docs/authoring.md.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path

from ..errors import IbessayError

TEMPLATE = Path(__file__).resolve().parent / "template"
#: The bundled content's pack id: a teacher's pack may not take it.
_RESERVED = frozenset({"ibessay"})
_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
#: The files whose placeholders are filled in (the rest are copied byte for byte).
_FILLED = frozenset({"pack.yaml", "README.md"})


def is_pack_id(text: str) -> bool:
    """Lower-case letters, digits and single hyphens, not starting or ending with one."""
    return (bool(text) and _ID_CHARACTERS.issuperset(text) and "--" not in text
            and not text.startswith("-") and not text.endswith("-"))


def id_from_folder(name: str) -> str:
    """A folder name as a pack id: lower case, accents dropped, every run of other
    characters one hyphen ("Ms Smith's Topic 12" -> "ms-smith-s-topic-12", "Zoé" ->
    "zoe")."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.lower())  # é: e and its accent
    words = "".join(c if c in _ID_CHARACTERS and c != "-" else " " for c in plain
                    if not unicodedata.combining(c))
    return "-".join(words.split())


def default_name(pack_id: str) -> str:
    """The pack's name when none is given: its id as words ("smith-topic12" ->
    "Smith topic12")."""
    words = pack_id.replace("-", " ")
    return words[:1].upper() + words[1:]


def scaffold(target: Path, pack_id: str | None = None, name: str | None = None) -> list[Path]:
    """Write a working pack into ``target`` (created; it may exist only as an empty
    folder) and return the files written, sorted.

    Args:
        target: the pack's folder.
        pack_id: the pack's id; by default ``target``'s name made into an id.
        name: the pack's name, shown in ``ibessay pack list``; by default the id as words.

    Raises:
        IbessayError: ``target`` exists and is not an empty folder, the id is not an id
            (or is the bundled pack's), or the name is empty or more than one line.
    """
    target = Path(target)
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        what = "is not empty" if target.is_dir() else "is a file"
        raise IbessayError(f"{target} {what}",
                           "give a new folder: 'ibessay pack new my-pack' creates it")
    ident = pack_id if pack_id is not None else id_from_folder(target.resolve().name)
    if not is_pack_id(ident):
        raise IbessayError(
            f"'{ident}' is not a pack id" if ident else
            f"the folder name '{target.name}' gives no pack id",
            "a pack id is lower-case letters, digits and single hyphens, e.g. "
            "smith-topic12: give one with --id")
    if ident in _RESERVED:
        raise IbessayError(f"'{ident}' is the id of the content bundled with ibessay",
                           "give your pack its own id with --id, e.g. smith-topic12")
    title = default_name(ident) if name is None else name.strip()
    if not title or "\n" in title or "\r" in title:
        raise IbessayError("the pack's name must be one line of text",
                           "e.g. --name \"Ms Smith's Topic 12 questions\"")

    from .. import __version__

    major, minor = (__version__.split(".") + ["0"])[:2]
    fills = {"{{id}}": ident, "{{requires}}": f">={major}.{minor}"}
    # pack.yaml gets the name as a YAML string (JSON's quoting is YAML's double-quoted
    # style: an apostrophe, a colon or a "#" in a name cannot break the file).
    yaml_fills = {**fills, "{{name}}": json.dumps(title, ensure_ascii=False)}
    text_fills = {**fills, "{{name}}": title}

    # Build beside the target and rename: an error halfway leaves no half-made pack.
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = _new_folder(parent, f".{target.name}.new")
    except OSError as exc:  # a file on the way (notes.txt/pack), a read-only folder
        raise IbessayError(f"cannot make the folder {target}: {exc.strerror or exc} "
                           f"({exc.filename})", "give a new folder in a place you can "
                           "write to") from None
    try:
        written = []
        for source in sorted(TEMPLATE.rglob("*")):
            relative = source.relative_to(TEMPLATE)
            if source.is_dir() or "__pycache__" in relative.parts:
                continue
            destination = building / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if relative.name in _FILLED and len(relative.parts) == 1:
                text = source.read_text(encoding="utf-8")
                for token, value in (yaml_fills if relative.suffix == ".yaml"
                                     else text_fills).items():
                    text = text.replace(token, value)
                destination.write_text(text, encoding="utf-8")
            else:
                shutil.copyfile(source, destination)
            written.append(target / relative)
        if target.is_dir():
            target.rmdir()  # empty, checked above
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return sorted(written)


def _new_folder(parent: Path, stem: str) -> Path:
    """A folder that did not exist, made with the user's usual permissions (not the
    0700 of ``tempfile.mkdtemp``: the pack is theirs to share)."""
    for n in itertools.count():
        folder = parent / f"{stem}{n or ''}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise AssertionError("unreachable")  # pragma: no cover
