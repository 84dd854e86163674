"""The one exception type a user can act on.

Everything the user can fix (a missing file, a typo in a rubric, an unknown id) is raised
as :class:`IbessayError` with a message that says what went wrong and where, and usually a
hint that says how to fix it. The CLI prints it as one or two lines on stderr and exits
with :data:`EXIT_USER_ERROR`; no traceback is ever shown for it.
"""

from __future__ import annotations

#: Exit codes, as in sqlfluff and Vale: findings are not errors.
EXIT_OK = 0
EXIT_BELOW_THRESHOLD = 1  # check --fail-under
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT


class IbessayError(Exception):
    """A problem in the user's input or setup, with the words to fix it."""

    #: The file it is about, when there is one.
    path: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\nhint: {self.hint}"


class ContentError(IbessayError):
    """A prompt or rubric file that cannot be used, located at ``path:line:col``.

    The loader reads on past an error to find the others (a teacher fixes them all in
    one go): the first is raised, the rest of what the same load found are in
    :attr:`more`, in file order (a rubric's may include those of a case file it accepts,
    each at its own path). ``str()`` and the CLI's ``check`` show the first alone."""

    def __init__(
        self, path: str, line: int, column: int, message: str, hint: str | None = None
    ) -> None:
        said = f"{path}:{line}:{column}: {message}"
        if not said.isprintable():  # a hostile file's key, quoted: never to the terminal
            said = "".join(c if c.isprintable() else repr(c)[1:-1] for c in said)
        super().__init__(said, hint)
        self.path = path
        self.line = line
        self.column = column
        #: Further errors found in the same load, after this one, in file order (at
        #: most ibessay.content.loader.MAX_ERRORS in all; ``pack validate`` shows all).
        self.more: list[ContentError] = []

    @property
    def errors(self) -> list[ContentError]:
        """This error and the further ones, in the order found."""
        return [self, *self.more]


def closest(word: str, choices: list[str], limit: int = 3) -> list[str]:
    """The choices that look most like ``word``, best first (for "did you mean")."""
    import difflib  # only on the error path

    scored = []
    for choice in choices:
        matcher = difflib.SequenceMatcher(None, word, choice)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            ratio = matcher.ratio()
            if ratio >= _CUTOFF:
                scored.append((ratio, choice))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    # Only those nearly as close as the best: in a bank of sixty ids that share years
    # and hyphens, "sino-sovet-1949-1976" is also half like "weimar-survival-1919-1929".
    best = scored[0][0] if scored else 0.0
    return [choice for ratio, choice in scored[:limit] if ratio >= best - _SPREAD]


#: How like a choice a word must be to be suggested (difflib's ratio), and how much less
#: like it than the best suggestion another may be.
_CUTOFF = 0.5
_SPREAD = 0.1


def did_you_mean(word: str, choices: list[str]) -> str | None:
    """A hint naming the closest choices, or listing a few when nothing is close."""
    if not choices:
        return None
    near = closest(word, choices)
    if near:
        return "did you mean " + " or ".join(f"'{c}'" for c in near) + "?"
    shown = ", ".join(sorted(choices)[:8])
    more = "" if len(choices) <= 8 else f" and {len(choices) - 8} more"
    return f"known: {shown}{more}"
