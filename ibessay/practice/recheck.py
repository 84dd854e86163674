"""Re-checking a draft whenever it is saved: the numbers behind the live dashboard.

Polling the file's size and modification time twice a second costs nothing and works
with every editor and file system (editors that save by renaming a new file over the old
one defeat most change-notification schemes). A check takes about 2 ms, so every save is
checked in full.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..content.drafts import MAX_BYTES, decode
from ..content.model import Prompt
from ..engine.check import check_text
from ..engine.compiled import CompiledRubric
from ..engine.report import Report
from ..errors import IbessayError

if TYPE_CHECKING:
    from ..engine.display import Tally


class Coverage(NamedTuple):
    """What the dashboard shows about a draft at one moment."""

    words: int
    tallies: tuple[Tally, ...]  # each criterion's "events 9/12", in report order

    @classmethod
    def of(cls, report: Report) -> Coverage:
        return cls(report.words, tuple(report.tallies()))


class Reading(NamedTuple):
    """One look at the file: its coverage, or why there is none."""

    coverage: Coverage | None
    problem: str | None  # "draft.md was deleted", "not UTF-8 ..."


EMPTY = Reading(None, None)


class DraftWatcher:
    """Tells when a draft changed on disk and what it now covers."""

    def __init__(self, path: Path, compiled: CompiledRubric, prompt: Prompt | None = None) -> None:
        self.path = path
        self.compiled = compiled
        self.prompt = prompt
        self._seen: tuple[int, int] | None | str = "never"
        self.latest = EMPTY

    def poll(self) -> Reading | None:
        """The new reading if the file changed since the last poll, else None."""
        try:
            stat = os.stat(self.path)
            key: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            key = None
        except OSError as exc:
            return self._update(("error", exc.strerror), Reading(
                None, f"cannot read {self.path.name}: {exc.strerror}"))
        if key == self._seen:
            return None
        if key is None and self._seen == "never":
            return self._update(None, Reading(None, f"{self.path.name} does not exist yet"))
        if key is None:
            return self._update(None, Reading(
                self.latest.coverage,
                f"{self.path.name} was deleted or moved; save it again to go on "
                f"(copies are in {self.path.parent / 'snapshots'})"))
        return self._update(key, self.read())

    def read(self) -> Reading:
        """Check the file as it is now."""
        try:
            size = os.path.getsize(self.path)
            if size > MAX_BYTES:
                return Reading(None, f"{self.path.name} is larger than 1 MB")
            data = self.path.read_bytes()
            text = decode(data, self.path.name)
        except FileNotFoundError:
            return Reading(None, f"{self.path.name} does not exist yet")
        except OSError as exc:
            return Reading(None, f"cannot read {self.path.name}: {exc.strerror}")
        except IbessayError as exc:
            return Reading(None, exc.message)
        report = check_text(text.replace("\r\n", "\n"), self.compiled, str(self.path),
                            self.prompt)
        return Reading(Coverage.of(report), None)

    def _update(self, key: object, reading: Reading) -> Reading:
        self._seen = key  # type: ignore[assignment]
        self.latest = reading
        return reading
