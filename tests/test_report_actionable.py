"""A report a student can act on (issue 9): misspellings by place in every format, columns
an editor lands on, --fail-under that says why, the score and what to work on kept in
view (--brief), a band that never contradicts the verdict, and --explain everywhere.

Through the installed ``ibessay`` (a subprocess, as students run it) and through Typer's
CliRunner (in-process, the command function itself).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, PROMPT, ROOT, assert_clean_error, run
from ibessay.cli.app import app
from ibessay.content.library import Library
from ibessay.engine.check import check_text
from ibessay.engine.compiled import rubric_for
from ibessay.render import Format, renderer

WRONG_DATES = EXAMPLES / "counter-wrong-dates.md"
EXEMPLAR = EXAMPLES / "exemplar.md"

# Non-ASCII before every flagged word: Chinese characters (3 bytes each in UTF-8), an
# umlaut (2), curly quotes and a dash (3), so byte and character columns differ.
ACCENTED = (
    "# The alliance\n"
    "\n"
    "For Mao (毛泽东) and Lüthi’s “alliance” — the Treaty of Friendship, Alliance and "
    "Mutual Assistance, signed in Moscow in February 1951 — was a burden, as Kruschev "
    "later said.\n"
    "<!-- a note to myself: Kruschev -->Then kruschev went to Peking.\n"
)


@pytest.fixture
def accented(tmp_path: Path) -> Path:
    path = tmp_path / "essay.md"
    path.write_text(ACCENTED, encoding="utf-8")
    return path


def check(text: str, name: str = "essay.md"):  # type: ignore[no-untyped-def]
    library = Library.default()
    prompt = library.prompt(PROMPT)
    return check_text(text, rubric_for(library, prompt), name, prompt)


def rendered(report, fmt: Format, **options: object) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    renderer(fmt)(report, out, color=False, **options)  # type: ignore[arg-type]
    return out.getvalue()


# --- misspellings, by place, in every format ------------------------------------------


def test_json_corrections_are_one_entry_per_place_in_order(accented: Path) -> None:
    result = run("check", str(accented), "-p", PROMPT, "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 2
    lines = ACCENTED.split("\n")
    assert data["corrections"] == [
        {"wrote": "Kruschev", "read_as": "khrushchev", "line": 3,
         "column": lines[2].index("Kruschev") + 1},
        # the one in the HTML comment is not part of the essay; the lower-case one is
        {"wrote": "kruschev", "read_as": "khrushchev", "line": 4,
         "column": lines[3].index("kruschev") + 1},
    ]
    for c in data["corrections"]:  # JSON columns count characters
        assert lines[c["line"] - 1][c["column"] - 1:].startswith(c["wrote"])


def test_misspellings_are_in_what_to_work_on_beside_the_date_errors() -> None:
    report = check(ACCENTED)
    column = ACCENTED.split("\n")[2].index("Kruschev") + 1
    date_column = ACCENTED.split("\n")[2].index("February 1951") + 1
    items = [(i.where, i.message) for i in report.work_on() if i.where]
    assert (f"line 3:{date_column}", "possible date error: 'February 1951' does not fit "
            "Treaty of Friendship, Alliance and Mutual Assistance (14 Feb 1950)") in items
    assert (f"line 3:{column}", "'Kruschev' was read as Khrushchev: check the spelling") \
        in items
    assert [where for where, _ in items] == sorted(
        (where for where, _ in items), key=lambda w: tuple(map(int, w[5:].split(":"))))

    shown = " ".join(rendered(report, Format.rich).split())
    assert f"• line 3:{column} 'Kruschev' was read as Khrushchev: check the spelling" in shown
    assert f"• line 3:{date_column} possible date error: 'February 1951'" in shown
    page = rendered(report, Format.markdown)
    assert f"- **line 3:{column}:** 'Kruschev' was read as Khrushchev: check the spelling\n" \
        in page
    assert f"- **line 3:{date_column}:** possible date error" in page


def test_a_name_misspelt_the_same_way_again_and_again_is_one_thing_to_work_on() -> None:
    report = check((EXAMPLES / "student-wording.md").read_text(encoding="utf-8"))
    places = [c for c in report.misspellings() if c.wrote == "Kruschev"]
    assert len(places) > 2  # every place, in JSON and --format line
    assert len(report.to_dict()["corrections"]) == len(report.misspellings())
    items = [i for i in report.work_on() if "'Kruschev' was read as" in i.message]
    assert len(items) == 1
    [item] = items
    lines = sorted({c.line for c in places})
    assert (item.line, item.column) == (places[0].line, places[0].column)
    assert item.message.endswith(f"({len(places)} times, on lines "
                                 f"{', '.join(map(str, lines))})")


# --- columns an editor lands on --------------------------------------------------------

FLAGGED = {"possible date error": "February 1951", "'Kruschev' was read": "Kruschev",
           "'kruschev' was read": "kruschev"}


def _flagged(message: str) -> str | None:
    return next((word for start, word in FLAGGED.items() if message.startswith(start)), None)


def test_line_columns_are_vims_byte_columns(accented: Path) -> None:
    result = run("check", str(accented), "-p", PROMPT, "-f", "line")
    assert result.returncode == 0, result.stderr
    source = accented.read_bytes().split(b"\n")
    checked = 0
    for line in result.stdout.splitlines():
        _, lineno, column, _, message = line.split(":", 4)
        word = _flagged(message.strip())
        if word:
            # vim's %c is a byte index: the bytes from column on start with the word
            assert source[int(lineno) - 1][int(column) - 1:].startswith(word.encode()), line
            checked += 1
    assert checked == 3
    # and they differ from character columns here, or this test would prove nothing
    assert f"{accented}:3:{ACCENTED.split(chr(10))[2].index('Kruschev') + 1}:" \
        not in result.stdout


def test_columns_chars_counts_characters(accented: Path) -> None:
    result = run("check", str(accented), "-p", PROMPT, "-f", "line", "--columns", "chars")
    assert result.returncode == 0, result.stderr
    source = ACCENTED.split("\n")
    flagged = 0
    for line in result.stdout.splitlines():
        _, lineno, column, _, message = line.split(":", 4)
        word = _flagged(message.strip())
        if word:
            assert source[int(lineno) - 1][int(column) - 1:].startswith(word), line
            flagged += 1
    assert flagged == 3


def test_byte_column_of_lines_without_the_source_or_out_of_range() -> None:
    report = check(ACCENTED)
    assert report.byte_column(3, 1) == 1
    assert report.byte_column(99, 7) == 7  # no such line: left as it is
    assert report.byte_column(1, 3) == 3  # ASCII before it
    assert report.byte_column(3, 10) == len(b"For Mao (") + 1
    assert report.byte_column(3, 11) == len("For Mao (毛".encode()) + 1
    # in any order: each line remembers where it was, and starts again when asked before
    line = ACCENTED.split("\n")[2]
    for column in (60, 12, 12, 3, 100, 99):
        assert report.byte_column(3, column) == len(line[:column - 1].encode()) + 1, column


def _vscode_task() -> dict:  # type: ignore[type-arg]
    doc = (ROOT / "docs" / "report-format.md").read_text(encoding="utf-8")
    block = doc.split("<!-- vscode-tasks -->", 1)[1]
    body = block.split("```json\n", 1)[1].split("```", 1)[0]
    [task] = json.loads(body)["tasks"]
    return task  # type: ignore[no-any-return]


def test_the_documented_vscode_problem_matcher_parses_the_line_output(accented: Path) -> None:
    task = _vscode_task()
    assert task["command"] == "ibessay"
    args = [str(accented) if a == "${file}" else a for a in task["args"]]
    result = run(*args)
    assert result.returncode == 0, result.stderr
    pattern = task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])  # a JavaScript regexp Python reads the same
    source = ACCENTED.split("\n")
    severities = set()
    flagged = 0
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        match = regexp.match(line)
        assert match, line
        assert match.group(pattern["file"]) == str(accented)
        lineno, column = int(match.group(pattern["line"])), int(match.group(pattern["column"]))
        severities.add(match.group(pattern["severity"]))
        word = _flagged(match.group(pattern["message"]))
        if word:  # VS Code counts characters: --columns chars
            assert source[lineno - 1][column - 1:].startswith(word), line
            flagged += 1
    assert flagged == 3 and {"warning", "note"} <= severities
    # a Windows path, with its drive letter's colon, is still one file
    windows = regexp.match(r"C:\Users\me\essay.md:3:5: warning: a: b")
    assert windows and windows.group(pattern["file"]) == r"C:\Users\me\essay.md"
    assert windows.group(pattern["message"]) == "a: b"


def test_the_readme_gives_the_errorformat_the_vim_test_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f":set errorformat={VIM_ERRORFORMAT}\n" in readme
    assert ":cexpr system('ibessay check ' . shellescape(expand('%')) . ' -p " \
        f"{PROMPT} -f line')\n" in readme


VIM_ERRORFORMAT = r"%f:%l:%c:\ %t%*[^:]:\ %m"


@pytest.mark.slow
def test_vim_lands_on_the_flagged_word(accented: Path, tmp_path: Path) -> None:
    """Real vim, in tmux, loads ``--format line`` with the README's errorformat and
    ``:cexpr`` line; each quickfix entry puts the cursor on the word it flags, after
    Chinese, an umlaut, curly quotes and a dash on the same line."""
    from tmux import Tmux, require

    from conftest import ibessay_command

    require("vim")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [cexpr] = [line for line in readme.splitlines() if line.startswith(":cexpr system(")]
    entries = run("check", str(accented), "-p", PROMPT, "-f", "line").stdout.splitlines()
    flagged = [(number, _flagged(line.split(":", 4)[4].strip()), int(line.split(":")[1]))
               for number, line in enumerate(entries, 1)
               if _flagged(line.split(":", 4)[4].strip())]
    assert len(flagged) == 3
    # `ibessay` on the PATH, as the README assumes.
    path = f"{Path(ibessay_command()[0]).parent}:{os.environ.get('PATH', '')}"
    term = Tmux(tmp_path, ["vim", "-N", "-u", "NONE", "-i", "NONE", str(accented)],
                {"PATH": path}, width=200, height=20)
    try:
        term.wait_for("essay.md")
        term.send(":set cmdheight=3")
        term.keys("Enter")
        term.send(f":set errorformat={VIM_ERRORFORMAT}")
        term.keys("Enter")
        term.send(cexpr)
        term.keys("Enter")
        term.wait_for(f"(1 of {len(entries)})", timeout=30)
        for number, word, line in flagged:
            term.send(f":cc {number}")
            term.keys("Enter")
            term.send(f":echo 'AT{number}=' . expand('<cword>') . '=' . line('.')")
            term.keys("Enter")
            term.wait_for(f"AT{number}={word.split()[0]}={line}", timeout=20)
    finally:
        term.close()


# --- --fail-under says why -----------------------------------------------------------


def test_fail_under_says_why_on_stderr() -> None:
    below = run("check", str(WRONG_DATES), "-p", PROMPT, "--fail-under", "95", "-f", "json")
    assert below.returncode == 1
    score = json.loads(below.stdout)["score"]
    assert below.stderr == f"ibessay: score {score} is below --fail-under 95\n"
    at = run("check", str(WRONG_DATES), "-p", PROMPT, "--fail-under", str(score))
    assert at.returncode == 0 and at.stderr == ""


def test_fail_under_through_cli_runner() -> None:
    result = CliRunner().invoke(app, ["check", str(WRONG_DATES), "-p", PROMPT,
                                      "--fail-under", "95", "--brief"])
    assert result.exit_code == 1
    assert re.fullmatch(r"ibessay: score \d+ is below --fail-under 95\n", result.stderr)
    assert "What to work on" in result.stdout


# --- the score and what to work on stay in view -------------------------------------------


DRAFTS = sorted(EXAMPLES.glob("*.md"))


@pytest.mark.parametrize("draft", [d for d in DRAFTS if d.name != "README.md"],
                         ids=lambda d: d.stem)
def test_the_score_and_what_to_work_on_end_the_report(draft: Path) -> None:
    result = run("check", str(draft), "-p", PROMPT, env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.rstrip("\n").split("\n")
    assert max(map(len, lines)) <= 100
    score = json.loads(run("check", str(draft), "-p", PROMPT, "-f", "json").stdout)["score"]
    tail = lines[-50:]  # what a 50-row terminal still shows
    assert any(line.startswith(f"Score {score}/100") for line in tail[-6:]), tail[-6:]
    assert any(line.startswith("Indicative markband ") for line in tail[-6:])
    assert any(line.startswith(("What to work on", "Nothing to work on")) for line in tail)

    brief = run("check", str(draft), "-p", PROMPT, "--brief", env={"COLUMNS": "100"})
    assert brief.returncode == 0, brief.stderr
    shown = brief.stdout.rstrip("\n").split("\n")
    assert len(shown) <= 15, brief.stdout
    assert max(map(len, shown)) <= 100
    assert shown[1].startswith(f"Score {score}/100")
    assert shown[2].startswith("Indicative markband ")


def test_brief_keeps_to_15_lines_however_much_is_missing() -> None:
    report = check("Mao and Kruschev met in Peking in 1959. Lüthi wrote about it.")
    assert len(report.work_on()) > 15
    shown = rich_lines(report, brief=True)
    assert len(shown) <= 15
    assert shown[-1].strip().startswith("… and ") and "more" in shown[-1]
    page = rendered(report, Format.markdown, brief=True)
    assert "## Events" not in page and "## What to work on" in page


def rich_lines(report, brief: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """The rich report as lines, at the width conftest sets (COLUMNS=100)."""
    out = io.StringIO()
    renderer(Format.rich)(report, out, color=False, brief=brief)
    return out.getvalue().rstrip("\n").split("\n")


def test_brief_and_columns_are_refused_where_they_mean_nothing() -> None:
    assert_clean_error(run("check", str(EXEMPLAR), "-p", PROMPT, "-f", "json", "--brief"),
                       "--brief is for the rich and markdown formats, not json")
    assert_clean_error(run("check", str(EXEMPLAR), "-p", PROMPT, "--columns", "chars"),
                       "--columns is for --format line, not rich")
    assert_clean_error(run("check", str(EXEMPLAR), "-p", PROMPT, "-f", "line",
                           "--columns", "words"), "--columns")


# --- a band that never contradicts the verdict -----------------------------------------


def _cut_to(text: str, words: int) -> str:
    """The first ``words`` runs of non-space of ``text``, its line breaks kept."""
    return "".join(
        m.group() for _, m in zip(range(words), re.finditer(r"\S+\s*", text)))


def test_a_600_word_essay_with_a_wrong_date_is_not_in_the_top_band() -> None:
    text = EXEMPLAR.read_text(encoding="utf-8")
    short = _cut_to(text, 600)
    assert "February 1950" in short
    report = check(short.replace("February 1950", "February 1951", 1))
    assert 550 < report.words < 650
    assert not report.passed and {"dates", "words"} <= set(report.unmet)
    assert report.band.high <= 12 and report.band.label != "13–15"


@pytest.mark.parametrize("draft", [d for d in DRAFTS if d.name != "README.md"],
                         ids=lambda d: d.stem)
def test_a_draft_that_does_not_pass_is_never_in_the_top_band(draft: Path) -> None:
    report = check(draft.read_text(encoding="utf-8"))
    assert report.passed or report.band.high <= 12
    rich = " ".join(rendered(report, Format.rich).split())
    if not report.passed:
        assert "does not pass yet" in rich and "13–15" not in rich.split("Score")[-1]


def test_each_cap_of_the_band() -> None:
    text = EXEMPLAR.read_text(encoding="utf-8")
    assert check(text).band.label == "13–15"
    one = check(text.replace("February 1950", "February 1951", 1))
    assert len(one.result("dates")) == 1 and one.mark <= 12
    two = check(WRONG_DATES.read_text(encoding="utf-8"))
    assert len(two.result("dates")) >= 2 and two.mark <= 9
    short = check(_cut_to(text, 500))  # below 3/4 of 700
    assert short.words < 525 and short.mark <= 9
    tiny = check(_cut_to(text, 300))  # below half of 700
    assert tiny.words < 350 and tiny.mark <= 6


# --- --explain in every format -------------------------------------------------------------


def test_explain_in_every_format() -> None:
    report = check(EXEMPLAR.read_text(encoding="utf-8"))
    words = report.words
    expected = f"words: {words}, expected 700–1100: in range"

    rich = " ".join(rendered(report, Format.rich, explain=True).split())
    assert "Why: what matched, and the nearest misses (--explain)" in rich and expected in rich
    assert "Why: what matched" not in rendered(report, Format.rich)

    lines = rendered(report, Format.line, explain=True).splitlines()
    info = [line for line in lines if ": info: " in line]
    assert any(line.startswith(f"essay.md:1:1: info: {expected}") for line in info)
    assert lines[-1].startswith("essay.md:1:1: note: score ")  # the score stays last
    assert not [line for line in rendered(report, Format.line).splitlines()
                if ": info: " in line]

    page = rendered(report, Format.markdown, explain=True)
    assert "## Why: what matched, and the nearest misses" in page and "### words" in page

    data = json.loads(rendered(report, Format.json, explain=True))
    assert {"criterion": "words", "line": 1, "column": 1,
            "message": next(f.message for f in report.explanations()
                            if f.message.startswith("words:"))} in data["explain"]
    assert "explain" not in json.loads(rendered(report, Format.json))


def test_explain_through_the_installed_command_and_cli_runner() -> None:
    result = run("check", str(EXAMPLES / "counter-too-short.md"), "-p", PROMPT, "-f", "json",
                 "--explain")
    assert result.returncode == 0, result.stderr
    [words] = [e for e in json.loads(result.stdout)["explain"] if e["criterion"] == "words"]
    assert "short; the score is scaled by √(" in words["message"]
    invoked = CliRunner().invoke(app, ["check", str(EXEMPLAR), "-p", PROMPT, "-f", "line",
                                       "--explain"])
    assert invoked.exit_code == 0, invoked.output
    assert ": info: words: " in invoked.stdout


def test_a_json_check_with_explain_does_not_import_rich() -> None:
    probe = ("import sys\nfrom ibessay.cli import main\ncode = main(sys.argv[1:])\n"
             "print(code, *sorted(sys.modules), file=sys.stderr)")
    args = ["check", str(EXEMPLAR), "--prompt", PROMPT, "--format", "json", "--explain"]
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                            text=True, timeout=60, check=False)
    code, *modules = result.stderr.split()
    assert code == "0", result.stderr
    assert not [m for m in modules if m == "rich" or m.startswith("rich.")]


def test_chars_columns_count_utf16_units_as_vs_code_does(tmp_path: Path) -> None:
    """VS Code's columns are UTF-16 code units: an emoji before the flagged word is two."""
    draft = tmp_path / "emoji.md"
    draft.write_text("Mao \U0001F642 met Kruschev in Moscow.\n", encoding="utf-8")
    out = run("check", str(draft), "--prompt", "sino-soviet-1949-1976", "--format", "line",
              "--columns", "chars").stdout
    line = next(x for x in out.splitlines() if "Kruschev" in x and ":1:" in x)
    column = int(line.split(":")[2])
    assert column == len("Mao \U0001F642 met ".encode("utf-16-le")) // 2 + 1 == 12


def test_a_wrong_date_at_the_very_start_is_something_to_work_on(tmp_path: Path) -> None:
    """A finding at line 1, column 1 is a place like any other (a plan that opens with a
    year), not "no place": it must reach "What to work on"."""
    draft = tmp_path / "opens.md"
    draft.write_text("1951 saw Mao sign the Treaty of Friendship with Stalin.\n",
                     encoding="utf-8")
    result = run("check", str(draft), "--prompt", "sino-soviet-1949-1976")
    work_on = result.stdout.split("What to work on", 1)[1]
    assert "line 1:1 possible date error: '1951'" in work_on, result.stdout
