"""Where prompts and rubrics live, and how an id becomes a loaded object.

A content root is a folder with ``prompts/<id>.yaml`` and ``rubrics/<id>.yaml``. The
bundled root is the repository's top level in a source checkout, or a copy inside the
installed package (``ibessay/_bundled``, see ``pyproject.toml``). Folders named in
``$IBESSAY_CONTENT_PATH`` are searched first, so a teacher's own prompt can stand beside
(or replace) a bundled one. Together these are the default namespace: their prompts
have bare ids.

Installed packs (:mod:`ibessay.content.places`) each have a namespace, their id: the
prompt ``q1`` of the pack ``smith`` is ``smith/q1``. A user may type the bare ``q1``
when no other prompt has that name; if several do, the error lists them. A pack's
prompts find their rubrics, and its rubrics their cases, in the pack first and then in
the default namespace (a teacher's rubric may accept a bundled case), never in another
installed pack.

Loading goes through :class:`~ibessay.content.cache.Cache`, so PyYAML is imported only
when a file changed since the last run. Rubrics are compiled by the engine
(:mod:`ibessay.engine.compiled`), which finds their files here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import IbessayError, closest, did_you_mean
from .cache import Cache, default_directory
from .model import COMMAND_TERMS, REGIONS, TOPICS, Prompt, from_plain, to_plain

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

_SUFFIXES = (".yaml", ".yml")

# What an id looks like, tested without a regular expression (compiling one costs a
# check's start-up ~0.2 ms): lower-case letters, digits and single hyphens, as the
# loader requires of a file's ``id:``. Whatever else a user types is refused before a
# path is made of it: ``../../x`` names no prompt.
_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _is_id_start(text: str) -> bool:
    """Whether ``text`` may begin an id (it may end in a hyphen: ``cold-war-``)."""
    return bool(text) and text[0] != "-" and "--" not in text and \
        _ID_CHARACTERS.issuperset(text)


def _is_id(text: str) -> bool:
    return _is_id_start(text) and text[-1] != "-"


def _simplified(text: str) -> str:
    """``text`` as an id is written: lower case, words joined by single hyphens
    ("To what extent" -> "to-what-extent")."""
    return "-".join(re.split(r"[\s_-]+", text.strip().lower())).strip("-")


def resolve_prefix(text: str, choices: Iterable[str], what: str,
                   hint_unknown: str | None = None) -> str:
    """The one of ``choices`` that ``text`` names: itself, or the only choice it starts.

    Raises:
        IbessayError: ``text`` starts several choices (they are listed), or none (the
            closest are suggested).
    """
    known = sorted(set(choices))
    if text in known:
        return text  # an exact id wins over the longer ids it starts
    starting = [c for c in known if c.startswith(text)] if text else []
    if len(starting) == 1:
        return starting[0]
    if starting:
        shown = ", ".join(starting[:8]) + ("" if len(starting) <= 8
                                           else f" and {len(starting) - 8} more")
        raise IbessayError(f"'{text}' is the start of {len(starting)} {what} ids: {shown}",
                           "give more of the id")
    raise IbessayError(f"unknown {what} '{text}'",
                       did_you_mean(text, known) or hint_unknown)


def command_term(text: str) -> str:
    """The command term ``text`` names, in the form prompts use: case does not matter,
    and words may be joined by spaces ("To what extent", "compare and contrast").

    Raises:
        IbessayError: not a command term (the closest are suggested).
    """
    term = _simplified(text)
    if term in COMMAND_TERMS:
        return term
    raise IbessayError(f"unknown command term '{text}'",
                       did_you_mean(term, list(COMMAND_TERMS)))


def region(text: str) -> str:
    """The region ``text`` names: its id, or the start of it or of one of its words
    ("eu", "Americas", "asia", "middle east"), in any case.

    Raises:
        IbessayError: no region, or several ("a" starts three).
    """
    wanted = _simplified(text)
    if wanted in REGIONS:
        return wanted
    starting = [r for r in REGIONS if wanted and (
        r.startswith(wanted) or any(r[i:].startswith(wanted)
                                    for i in range(1, len(r)) if r[i - 1] == "-"))]
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise IbessayError(f"region '{text}' could be {' or '.join(starting)}",
                           "give more of the name")
    near = closest(wanted, list(REGIONS), 1) if wanted else []
    raise IbessayError(f"unknown region '{text}'",
                       (f"did you mean '{near[0]}'? " if near else "")
                       + "the regions are " + ", ".join(REGIONS))


# Plain classes, not NamedTuples: this module is imported by every check, and creating
# a NamedTuple class costs ~0.3 ms of its start-up.


class CaseSummary:
    """What a two-case prompt accepts, as listings need it (see Library.find_prompts):
    how many cases, whether from different regions, and each case's id, name and region."""

    __slots__ = ("required", "different_regions", "accepted")

    def __init__(self, required: int, different_regions: bool,
                 accepted: tuple[tuple[str, str, str], ...]) -> None:
        self.required = required
        self.different_regions = different_regions
        self.accepted = accepted  # (id, name, region) of each case

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CaseSummary) and (
            (self.required, self.different_regions, self.accepted)
            == (other.required, other.different_regions, other.accepted))

    __hash__ = None  # type: ignore[assignment]


class Filters:
    """What ``ibessay prompts`` may ask of a prompt; None: anything. Values as the user
    typed them: :meth:`Library.find_prompts` resolves them."""

    __slots__ = ("topic", "term", "tag", "case", "region", "text")

    def __init__(self, topic: int | None = None, term: str | None = None,
                 tag: str | None = None, case: str | None = None,
                 region: str | None = None, text: str | None = None) -> None:
        self.topic = topic
        self.term = term
        self.tag = tag
        self.case = case
        self.region = region
        self.text = text


class Found:
    """The prompts that match, and when none does, the filter that left none
    ("2 prompts match --topic 9, but none also matches --term analyse")."""

    __slots__ = ("prompts", "emptied_by")

    def __init__(self, prompts: list[Prompt], emptied_by: str | None = None) -> None:
        self.prompts = prompts
        self.emptied_by = emptied_by


def case_folders(rubric_path: Path, case_dirs: Sequence[Path] = ()) -> list[Path]:
    """Where the cases a rubric names are looked for, in order: ``cases/`` beside it,
    then ``case_dirs`` (every content folder's ``rubrics/cases/``)."""
    return [rubric_path.parent / "cases", *case_dirs]


def find_case(case_id: str, folders: Sequence[Path]) -> Path | None:
    """The file of the case ``case_id`` in the first of ``folders`` that has one (here,
    not in the loader, so that a cached check finds case files without PyYAML)."""
    for folder in folders:
        for suffix in _SUFFIXES:
            path = folder / f"{case_id}{suffix}"
            if path.is_file():
                return path
    return None


def bundled_root() -> Path:
    """The folder holding the bundled ``prompts/`` and ``rubrics/``."""
    package = Path(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    installed = package / "_bundled"
    return installed if (installed / "rubrics").is_dir() else package.parent


class Library:
    """The prompts and rubrics found in ``roots`` (the default namespace) and in the
    installed ``packs`` (by id), loaded through ``cache``."""

    def __init__(self, roots: list[Path], cache: Cache,
                 packs: dict[str, Path] | None = None) -> None:
        self.roots = roots
        self.cache = cache
        self.packs = dict(packs or {})
        #: What was wrong with each prompt file :meth:`all_prompts` left out.
        self.skipped: list[str] = []

    @classmethod
    def default(cls) -> Library:
        """Folders in ``$IBESSAY_CONTENT_PATH`` (a teacher's own prompts and rubrics,
        separated like ``PATH``) first, then the bundled content; and the installed
        packs."""
        from .places import installed_pack_folders

        extra = os.environ.get("IBESSAY_CONTENT_PATH", "")
        roots = [Path(p) for p in extra.split(os.pathsep) if p]
        # A folder copied in by hand under a name no id can give ("My Pack", the bundled
        # "ibessay") is not read: its prompts could be listed but never chosen. `pack
        # list` shows it as broken.
        packs = {folder.name: folder for folder in installed_pack_folders()
                 if _is_id(folder.name) and folder.name != BUNDLED_PACK}
        return cls([*roots, bundled_root()], Cache(default_directory()), packs)

    # -- discovery ---------------------------------------------------------------------

    def prompt_ids(self) -> list[str]:
        """Every prompt's id: bare in the default namespace, ``pack/id`` in a pack."""
        return self._ids("prompts")

    def rubric_ids(self) -> list[str]:
        return self._ids("rubrics")

    def _ids(self, folder: str) -> list[str]:
        ids = set(_stems(self.roots, folder))
        for pack, root in self.packs.items():
            ids.update(f"{pack}/{stem}" for stem in _stems([root], folder))
        return sorted(ids)

    def case_files(self, pack: str | None = None) -> list[Path]:
        """Every case file (``rubrics/cases/*.yaml``) a rubric of ``pack`` (None: of
        the default namespace) may accept."""
        found = []
        for directory in self.case_folders(pack):
            if directory.is_dir():
                found.extend(sorted(p for p in directory.iterdir() if p.suffix in _SUFFIXES))
        return found

    def resolve_prompt_id(self, text: str) -> str:
        """The id of the prompt ``text`` names: the id itself, the bare id of the only
        prompt of that name in any pack (``q1`` for ``smith/q1``), or the start of one id
        only (``sino`` for ``sino-soviet-1949-1976``). Every command that takes a prompt
        id from a user asks here.

        Raises:
            IbessayError: not shaped like an id (nothing is looked up), a name several
                packs have or the start of several ids (listed), or of none (the closest
                are suggested).
        """
        wanted = text.strip().lower()
        pack, _, name = wanted.rpartition("/")
        if not _is_id_start(name) or (pack and not _is_id(pack)):
            raise IbessayError(f"'{text}' is not a prompt id",
                               "ids are lower-case letters, digits and hyphens (and "
                               "'pack/' before a pack's); list them with 'ibessay prompts'")
        if pack:
            if pack not in self.packs and pack != BUNDLED_PACK:
                raise IbessayError(f"no pack '{pack}' is installed",
                                   did_you_mean(pack, sorted(self.packs))
                                   or "list them with 'ibessay pack list'")
            if pack == BUNDLED_PACK:
                wanted = name  # ibessay/x: the default namespace's x, named in full
        elif _is_id(name):
            named = self._named(name)
            if len(named) == 1:
                return named[0]  # the usual case, without listing every folder
            if named:
                raise IbessayError(f"several prompts are called '{name}': "
                                   + ", ".join(self._shown(i) for i in named),
                                   "give the one you mean in full")
        if pack or "/" in wanted:
            if _is_id(name) and self._prompt_file(wanted) is not None:
                return wanted
            # Only the namespace named: 'ibessay/sino' is not the start of 'sino-x/q1'.
            own = "" if pack == BUNDLED_PACK else pack
            return resolve_prefix(wanted, [i for i in self.prompt_ids()
                                           if i.rpartition("/")[0] == own], "prompt",
                                  "run 'ibessay prompts' to list them")
        # A bare start names a prompt in any namespace: "q" for "smith/q1".
        ids = self.prompt_ids()
        starting = [i for i in ids if i.rpartition("/")[2].startswith(name)]
        if len(starting) == 1:
            return starting[0]
        if any("/" in i for i in starting):  # across namespaces: each as it is typed
            shown = ", ".join(self._shown(i) for i in starting[:8]) + (
                "" if len(starting) <= 8 else f" and {len(starting) - 8} more")
            raise IbessayError(f"'{wanted}' is the start of {len(starting)} prompt ids: "
                               f"{shown}", "give more of the id")
        return resolve_prefix(wanted, ids, "prompt", "run 'ibessay prompts' to list them")

    def _named(self, name: str) -> list[str]:
        """The ids of every prompt whose own name is ``name``, the default namespace's
        first."""
        found = [name] if self._find("prompts", name) is not None else []
        return found + [f"{pack}/{name}" for pack, root in self.packs.items()
                        if _find_in([root], "prompts", name) is not None]

    def _shown(self, prompt_id: str) -> str:
        """An id as a choice is listed: a default-namespace one with its pack's name,
        so that it can be typed to choose it."""
        return prompt_id if "/" in prompt_id else f"{BUNDLED_PACK}/{prompt_id}"

    def _find(self, folder: str, ident: str) -> Path | None:
        return _find_in(self.roots, folder, ident)

    def _prompt_file(self, prompt_id: str) -> Path | None:
        pack, _, name = prompt_id.rpartition("/")
        if not _is_id(name):
            return None
        if not pack or pack == BUNDLED_PACK:
            return self._find("prompts", name)
        root = self.packs.get(pack)
        return None if root is None else _find_in([root], "prompts", name)

    def pack_of(self, path: Path | str) -> str | None:
        """The installed pack whose folder holds ``path`` (None: the default namespace)."""
        path = os.path.abspath(path)
        for pack, root in self.packs.items():
            if path.startswith(os.path.join(os.path.abspath(root), "")):
                return pack
        return None

    # -- loading -----------------------------------------------------------------------

    def prompt(self, prompt_id: str) -> Prompt:
        """The prompt with this id.

        Raises:
            IbessayError: no such prompt (with the closest ids), or a bad prompt file.
        """
        path = self._prompt_file(prompt_id)
        pack = prompt_id.rpartition("/")[0]
        if path is None and _is_id(pack) and pack not in self.packs and pack != BUNDLED_PACK:
            # An attempt made on a pack's prompt, the pack since removed.
            raise IbessayError(f"the prompt '{prompt_id}' is in the pack '{pack}', which "
                               "is not installed", f"install the pack '{pack}' again "
                               "with 'ibessay pack install'")
        if path is None:
            raise IbessayError(
                f"unknown prompt '{prompt_id}'",
                did_you_mean(prompt_id, self.prompt_ids()) or "run 'ibessay prompts' to list them",
            )
        def build() -> Prompt:
            from .loader import load_prompt  # imports PyYAML: only on a cache miss

            return load_prompt(path)

        loaded: Prompt = self.cache.get(  # type: ignore[assignment]
            "prompt", [path], build, encode=to_plain, decode=from_plain)  # type: ignore[arg-type]
        if pack and pack != BUNDLED_PACK:
            return loaded._replace(id=f"{pack}/{loaded.id}")
        return loaded

    def all_prompts(self) -> list[Prompt]:
        """Every prompt that loads. One broken file (a teacher's, half-edited) must not
        hide the rest: it is left out, and what is wrong with it kept in
        :attr:`skipped` for the caller to warn about."""
        prompts = []
        for ident in self.prompt_ids():
            try:
                prompts.append(self.prompt(ident))
            except IbessayError as exc:
                said = str(exc).splitlines()[0]
                if said not in self.skipped:
                    self.skipped.append(said)
        return prompts

    def prompts_matching(self, topic: int | None = None, term: str | None = None,
                         ) -> list[Prompt]:
        """The prompts on ``topic`` with command term ``term`` (None: any; a term as a
        user types it: "To what extent" is to-what-extent)."""
        wanted = None if term is None else command_term(term)
        return [p for p in self.all_prompts()
                if (topic is None or p.topic == topic)
                and (wanted is None or p.command_term == wanted)]

    def find_prompts(self, filters: Filters,
                     cases: Callable[[Prompt], CaseSummary | None] | None = None) -> Found:
        """The prompts that pass every one of ``filters``, in id order.

        ``cases`` says what a prompt's rubric accepts; the engine knows (rubrics are its
        business), so the caller passes it, and it is asked only when ``filters`` name a
        case or a region.

        Raises:
            IbessayError: a value that names nothing: a command term, tag, case or region
                that no prompt could have (the closest are suggested).
        """
        prompts = self.all_prompts()
        steps = list(self._filter_steps(filters, prompts, cases))
        chosen = prompts
        for i, (said, keep) in enumerate(steps):
            before = chosen
            chosen = [p for p in chosen if keep(p)]
            if not chosen:
                if i == 0:
                    return Found([], f"no prompt matches {said}")
                earlier = " ".join(s for s, _ in steps[:i])
                many = len(before)
                return Found([], f"{many} prompt{'s' * (many != 1)} match{'es' * (many == 1)}"
                                 f" {earlier}, but none also matches {said}")
        return Found(chosen)

    def _filter_steps(self, filters: Filters, prompts: Sequence[Prompt],
                      cases: Callable[[Prompt], CaseSummary | None] | None,
                      ) -> Iterable[tuple[str, Callable[[Prompt], bool]]]:
        """(the filter as an option, its test) for each filter given, in a fixed order,
        each value checked before any prompt is tested."""
        if filters.topic is not None:
            topic = filters.topic
            if topic not in TOPICS:
                raise IbessayError(f"unknown topic {topic}", "topics are 1 to 12")
            yield f"--topic {topic}", lambda p: p.topic == topic
        if filters.term is not None:
            term = command_term(filters.term)
            yield f"--term {term}", lambda p: p.command_term == term
        if filters.tag is not None:
            tags = {t.lower(): t for p in prompts for t in p.tags}
            wanted = filters.tag.strip().lower()
            if wanted not in tags:
                raise IbessayError(f"unknown tag '{filters.tag}'",
                                   did_you_mean(wanted, sorted(tags)) or "no prompt has tags")
            yield f"--tag {tags[wanted]}", lambda p: wanted in (t.lower() for t in p.tags)
        if filters.case is not None or filters.region is not None:
            where = None if filters.region is None else region(filters.region)
            summaries = {p.id: cases(p) if cases else None for p in prompts}
            if filters.case is not None:
                known = {c[0] for s in summaries.values() if s for c in s.accepted}
                case = resolve_prefix(_simplified(filters.case), known, "case",
                                      "no prompt names cases" if not known else None)
                yield (f"--case {case}",
                       lambda p: any(c[0] == case for c in _accepted(summaries[p.id])))
            if where is not None:
                yield (f"--region {where}",
                       lambda p: any(c[2] == where for c in _accepted(summaries[p.id])))
        if filters.text is not None:
            words = filters.text.casefold().split()
            yield (f"--text '{' '.join(words)}'",
                   lambda p: all(w in p.question.casefold() for w in words))

    def rubric_path(self, id_or_path: str) -> Path:
        """Resolve a rubric id (``pack/id`` for a pack's), or a path to a rubric file."""
        pack, _, name = id_or_path.partition("/")
        if pack in self.packs and _is_id(name) and not os.path.exists(id_or_path):
            found = self.find_rubric(name, pack)
            if found is None or self.pack_of(found) != pack:
                own = sorted(_stems([self.packs[pack]], "rubrics"))
                raise IbessayError(f"the pack '{pack}' has no rubric '{name}'",
                                   did_you_mean(name, own))
            return found
        if pack == BUNDLED_PACK and _is_id(name) and not os.path.exists(id_or_path):
            id_or_path = name  # ibessay/x: the default namespace's x, as for a prompt
        looks_like_path = any(c in id_or_path for c in "/\\") or id_or_path.endswith(_SUFFIXES)
        if looks_like_path:
            path = Path(id_or_path)
            if not path.is_file():
                raise IbessayError(
                    f"rubric file '{id_or_path}' not found",
                    "give a rubric id (see 'ibessay prompts') or the path of a .yaml file",
                )
            return path
        found = self._find("rubrics", id_or_path)
        if found is None:
            raise IbessayError(
                f"unknown rubric '{id_or_path}'",
                did_you_mean(id_or_path, self.rubric_ids()) or "no rubrics are installed",
            )
        return found

    def case_folders(self, pack: str | None = None) -> list[Path]:
        """Where the cases two-case rubrics of ``pack`` (None: of the default namespace)
        accept are looked for, after the folder beside the rubric."""
        own = [self.packs[pack]] if pack in self.packs else []
        return [root / "rubrics" / "cases" for root in [*own, *self.roots]]

    def find_rubric(self, rubric_id: str, pack: str | None = None) -> Path | None:
        """The file of the rubric with this id (in ``pack`` first), or None."""
        if pack in self.packs:
            found = _find_in([self.packs[pack]], "rubrics", rubric_id)
            if found is not None:
                return found
        return self._find("rubrics", rubric_id)

    def rubric_file_for(self, prompt: Prompt) -> Path | None:
        """The file of the rubric ``prompt`` names: its own pack's, else the default
        namespace's."""
        return self.find_rubric(prompt.rubric, prompt_pack(prompt))


#: The bundled pack's id: ``ibessay/x`` names the default namespace's prompt ``x``.
BUNDLED_PACK = "ibessay"


def prompt_pack(prompt: Prompt) -> str | None:
    """The installed pack a (loaded) prompt comes from; None: the default namespace."""
    pack = prompt.id.rpartition("/")[0]
    return pack or None


def _stems(roots: Iterable[Path], folder: str) -> set[str]:
    stems: set[str] = set()
    for root in roots:
        directory = root / folder
        if directory.is_dir():
            stems.update(p.stem for p in directory.iterdir() if p.suffix in _SUFFIXES)
    return stems


def _find_in(roots: Iterable[Path], folder: str, ident: str) -> Path | None:
    for root in roots:
        for suffix in _SUFFIXES:
            path = root / folder / f"{ident}{suffix}"
            if path.is_file():
                return path
    return None


def _accepted(summary: CaseSummary | None) -> tuple[tuple[str, str, str], ...]:
    return () if summary is None else summary.accepted
