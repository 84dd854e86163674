"""Installing, upgrading, listing and removing packs in the data folder: a pack is
upgraded or refused, never merged; a failure or a kill at any point leaves the packs
installed before usable (issue 11 item 5, "Security and limits")."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from test_pack_archive import PROMPT_ID, files_in, git_repository, make_pack, needs_git

from conftest import ROOT, assert_clean_error, run
from ibessay.content.library import Library
from ibessay.content.manifest import Manifest
from ibessay.content.places import packs_home
from ibessay.errors import IbessayError
from ibessay.packs import install as installing
from ibessay.packs.archive import export_zip
from ibessay.packs.install import install, installed, remove


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The packs folder of an isolated data home."""
    monkeypatch.setenv("IBESSAY_HOME", str(tmp_path / "home"))
    return packs_home()


def leftovers(home: Path) -> list[str]:
    """Whatever is in the packs folder besides the packs and the lock."""
    return sorted(n for n in os.listdir(home) if n.startswith(".") and n != ".lock")


def test_install_a_folder_and_use_its_prompt(tmp_path: Path, home: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    done = install(str(pack))
    assert (done.action, done.previous, done.manifest.version) == ("new", None, "1.0.0")
    assert done.path == home / "smith-topic10"
    assert done.manifest.path == str(home / "smith-topic10" / "pack.yaml")
    library = Library.default()
    assert library.packs == {"smith-topic10": home / "smith-topic10"}
    assert library.prompt(f"smith-topic10/{PROMPT_ID}").id.endswith(PROMPT_ID)
    assert leftovers(home) == []


def test_an_upgrade_replaces_the_pack_and_never_merges(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "v1", extra={"rubrics/examples/old/draft.md": "x"})))
    newer = export_zip(make_pack(tmp_path / "v2", version="1.1.0"), tmp_path / "v2.zip")
    assert newer == 3
    done = install(str(tmp_path / "v2.zip"))
    assert (done.action, done.previous, done.manifest.version) == ("upgraded", "1.0.0", "1.1.0")
    assert files_in(home / "smith-topic10") == files_in(tmp_path / "v2")  # the old draft is gone
    assert leftovers(home) == []


def test_the_same_version_again_needs_force(tmp_path: Path, home: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    install(str(pack))
    (pack / "README.md").write_text("changed\n")
    with pytest.raises(IbessayError, match="pack 'smith-topic10' 1.0.0 is already installed"
                       ) as raised:
        install(str(pack))
    assert "--force" in str(raised.value.hint)
    assert not (home / "smith-topic10" / "README.md").exists()
    done = install(str(pack), force=True)
    assert (done.action, done.previous) == ("reinstalled", "1.0.0")
    assert (home / "smith-topic10" / "README.md").read_text() == "changed\n"


def test_a_downgrade_needs_force(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "v2", version="2.0")))
    older = make_pack(tmp_path / "v1", version="1.9.9")
    with pytest.raises(IbessayError, match="2.0 is installed, and 1.9.9 is older: a downgrade"):
        install(str(older))
    assert installed()[0].version == "2.0"  # type: ignore[union-attr]
    done = install(str(older), force=True)
    assert (done.action, done.previous, done.manifest.version) == ("downgraded", "2.0", "1.9.9")
    assert leftovers(home) == []


def test_versions_compare_as_numbers(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "a", version="1.9")))
    assert install(str(make_pack(tmp_path / "b", version="1.10"))).action == "upgraded"
    with pytest.raises(IbessayError, match="already installed"):
        install(str(make_pack(tmp_path / "c", version="1.10.0")))
    unquoted = make_pack(tmp_path / "d", version="1.9")  # a YAML number as written
    (unquoted / "pack.yaml").write_text((unquoted / "pack.yaml").read_text()
                                        .replace("'1.9'", "1.9").replace("1.9", "1.20"))
    assert install(str(unquoted)).manifest.version == "1.20"


@pytest.mark.parametrize(("change", "message"), [
    ({"pack_id": "ibessay"}, "has the id 'ibessay', which is the bundled content's"),
    ({"requires": ">=99"}, "pack 'smith-topic10' 1.0.0 works with ibessay >=99, and this is "
                           "ibessay 0.1.0"),
    ({"version": "one"}, "is not a valid pack (1 error; the first: pack.yaml:3:10: version "
                         "'one' is not numbers joined by dots)"),
])
def test_a_pack_that_cannot_be_installed_is_refused(
        tmp_path: Path, home: Path, change: dict[str, str], message: str) -> None:
    install(str(make_pack(tmp_path / "installed", pack_id="other")))
    pack = make_pack(tmp_path / "pack", **change)
    with pytest.raises(IbessayError) as raised:
        install(str(pack))
    assert message in str(raised.value), str(raised.value)
    assert raised.value.hint
    assert sorted(os.listdir(home)) == [".lock", "other"]


def test_not_a_pack(tmp_path: Path, home: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "manifest-only").mkdir()
    (tmp_path / "manifest-only" / "pack.yaml").write_text("id: x\nname: X\nversion: 1\n")
    with pytest.raises(IbessayError) as raised:
        install(str(tmp_path / "manifest-only"))
    assert str(raised.value).startswith(
        f"'{tmp_path / 'manifest-only'}' is not a valid pack (1 error; the first: "
        f"'{tmp_path / 'manifest-only'}' has no prompts/ or rubrics/ folder)")
    with pytest.raises(IbessayError, match="has no pack.yaml at its top, so it is not a pack"):
        install(str(tmp_path / "empty"))
    with pytest.raises(IbessayError, match="is not a file, a folder or a git URL"):
        install(str(tmp_path / "nowhere"))
    assert leftovers(home) == []


def test_a_hostile_zip_leaves_the_installed_pack_as_it_was(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "pack")))
    before = files_in(home)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as out:
        out.writestr("smith-topic10/pack.yaml", (tmp_path / "pack" / "pack.yaml").read_text()
                     .replace("1.0.0", "2.0.0"))
        out.writestr("smith-topic10/../../evil.yaml", "x")
    with pytest.raises(IbessayError, match="goes up out of the pack"):
        install(str(bad))
    assert files_in(home) == before and leftovers(home) == []
    assert not (home.parent / "evil.yaml").exists()


@needs_git
def test_install_from_a_local_git_repository(tmp_path: Path, home: Path) -> None:
    repository = git_repository(make_pack(tmp_path / "repo"))
    done = install(repository.as_uri())
    assert done.action == "new"
    assert files_in(done.path) == {k: v for k, v in files_in(repository).items()
                                   if not k.startswith(".git/")}
    assert leftovers(home) == []


def test_list_shows_a_broken_pack_with_its_error(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "a", pack_id="alpha")))
    install(str(make_pack(tmp_path / "b", pack_id="beta")))
    (home / "alpha" / "pack.yaml").write_text("id: alpha\nname: [unclosed\n")
    (home / "gamma").mkdir()  # a folder put there by hand
    found = installed()
    assert [isinstance(item, Manifest) for item in found] == [False, True, False]
    assert str(found[0]).startswith(f"{home / 'alpha' / 'pack.yaml'}:")
    assert found[1].id == "beta"  # type: ignore[union-attr]
    assert f"'{home / 'gamma'}' has no pack.yaml" in str(found[2])
    assert installed(tmp_path / "no-such-folder") == []


def test_remove(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "a")))
    removed = remove("smith-topic10")
    assert removed is not None and removed.version == "1.0.0"
    assert sorted(os.listdir(home)) == [".lock"]
    assert Library.default().packs == {}


def test_remove_refuses_what_is_not_an_installed_pack(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "a")))
    with pytest.raises(IbessayError, match="no pack 'smith-topic' is installed") as raised:
        remove("smith-topic")
    assert raised.value.hint == "did you mean 'smith-topic10'?"
    (home.parent / "victim").mkdir()
    for bad in ("../victim", "..", "/tmp", "Smith", ""):
        with pytest.raises(IbessayError, match="is not a pack id"):
            remove(bad)
    assert (home.parent / "victim").is_dir()
    with pytest.raises(IbessayError, match="'ibessay' is the bundled content"):
        remove("ibessay")
    assert [m.id for m in installed()] == ["smith-topic10"]  # type: ignore[union-attr]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs links")
def test_a_linked_pack_is_listed_and_removing_it_removes_only_the_link(
        tmp_path: Path, home: Path) -> None:
    own = make_pack(tmp_path / "teacher" / "smith-topic10")
    home.mkdir(parents=True)
    (home / "smith-topic10").symlink_to(own, target_is_directory=True)
    assert [m.id for m in installed()] == ["smith-topic10"]  # type: ignore[union-attr]
    assert remove("smith-topic10") is not None
    assert not os.path.lexists(home / "smith-topic10")
    assert (own / "pack.yaml").is_file()


def test_two_installs_never_interleave(tmp_path: Path, home: Path) -> None:
    pack = make_pack(tmp_path / "a")
    with installing._locked(home):
        with pytest.raises(IbessayError, match=rf"another ibessay is installing or removing "
                                               rf"a pack \(process {os.getpid()}\)"):
            install(str(pack))
        with pytest.raises(IbessayError, match="another ibessay"):
            remove("smith-topic10")
    assert install(str(pack)).action == "new"


def test_a_failing_rename_leaves_the_installed_pack(tmp_path: Path, home: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk error at the swap (here: no atomic exchange, and the second rename fails)
    is one clear error, and the pack installed before is back in place."""
    install(str(make_pack(tmp_path / "v1")))
    before = files_in(home)
    monkeypatch.setattr(installing, "_exchange", lambda a, b: False)
    real = os.rename

    def failing(source: object, target: object) -> None:
        if Path(str(source)).name == "pack":
            raise OSError(28, "No space left on device")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(IbessayError, match=f"could not install into '{home}': No space left"):
        install(str(make_pack(tmp_path / "v2", version="2.0.0")))
    assert files_in(home) == before and leftovers(home) == []


def test_what_a_killed_install_left_is_cleaned_up(tmp_path: Path, home: Path) -> None:
    """A kill between the two renames of an upgrade (where the system has no atomic
    exchange) leaves the old pack aside: the next install puts it back."""
    install(str(make_pack(tmp_path / "a", pack_id="alpha")))
    aside = home / ".install-x1" / "previous-beta"
    make_pack(aside, pack_id="beta")
    (home / ".install-x2" / "pack" / "prompts").mkdir(parents=True)
    (home / ".remove-x3" / "gamma").mkdir(parents=True)
    assert sorted(Library.default().packs) == ["alpha"]  # dot-folders are never read
    install(str(make_pack(tmp_path / "c", pack_id="gamma")))
    assert sorted(os.listdir(home)) == [".lock", "alpha", "beta", "gamma"]
    assert [m.id for m in installed()] == ["alpha", "beta", "gamma"]  # type: ignore[union-attr]


def test_an_upgrade_without_an_atomic_exchange(tmp_path: Path, home: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(installing, "_exchange", lambda a, b: False)
    install(str(make_pack(tmp_path / "v1")))
    assert install(str(make_pack(tmp_path / "v2", version="2.0.0"))).action == "upgraded"
    assert files_in(home / "smith-topic10") == files_in(tmp_path / "v2")
    assert leftovers(home) == []


# -- interrupted installs --------------------------------------------------------------

_INSTALL = ("import sys, time; from ibessay.packs.install import install; "
            "start = time.monotonic(); install(sys.argv[1], force=True); "
            "print(time.monotonic() - start)")


def _big_pack_zip(tmp_path: Path, version: str, files: int) -> tuple[Path, dict[str, bytes]]:
    """A legal pack of ``files`` files of 8 KB, as a zip, and its files."""
    pack = make_pack(tmp_path / f"v{version}", version=version)
    (pack / "tests").mkdir()
    for n in range(files):
        (pack / "tests" / f"v{version}-{n}.txt").write_bytes(
            random.Random(n).randbytes(4_000).hex().encode())
    out = tmp_path / f"v{version}.zip"
    export_zip(pack, out)
    return out, files_in(pack)


def test_an_install_killed_at_any_point_leaves_a_whole_pack(tmp_path: Path,
                                                            home: Path) -> None:
    """SIGKILL an install (an upgrade or a reinstall over a pack of 1,200 files) after
    delays spread over the time it takes: each time, the pack installed is one whole
    version, the library sees nothing else, and the next install succeeds."""
    old_zip, old_files = _big_pack_zip(tmp_path, "1.0.0", 1_200)
    new_zip, new_files = _big_pack_zip(tmp_path, "2.0.0", 1_200)
    install(str(old_zip))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def start(source: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", _INSTALL, str(source)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    started = time.monotonic()
    whole = start(new_zip)
    out, err = whole.communicate(timeout=120)
    assert whole.returncode == 0, err
    duration = time.monotonic() - started  # with the interpreter's start-up
    rng = random.Random(11)
    killed_in_install = 0
    for attempt in range(12):
        source = old_zip if attempt % 2 else new_zip
        process = start(source)
        time.sleep(rng.uniform(0.0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        killed_in_install += process.returncode == -signal.SIGKILL
        library = Library.default()
        assert list(library.packs) == ["smith-topic10"]
        now = files_in(home / "smith-topic10")
        assert now in (old_files, new_files), f"attempt {attempt}: a half pack"
        library.prompt(f"smith-topic10/{PROMPT_ID}")
        assert [m.version for m in installed()] in (  # type: ignore[union-attr]
            ["1.0.0"], ["2.0.0"])
    assert killed_in_install >= 6, "the kills came too late to test anything"
    listed = run("pack", "list")  # with whatever the last kill left in dot-folders
    assert listed.returncode == 0 and "smith-topic10" in listed.stdout, listed.stderr
    done = install(str(new_zip), force=True)
    assert done.action in ("upgraded", "reinstalled")
    assert files_in(home / "smith-topic10") == new_files
    assert leftovers(home) == []


# -- the commands, as a teacher and a student run them ---------------------------------


def test_cli_export_then_install_upgrade_list_and_remove(tmp_path: Path, home: Path) -> None:
    teacher = make_pack(tmp_path / "smith-topic10")
    zip_path = tmp_path / "smith.zip"
    exported = run("pack", "export", str(teacher), "-o", str(zip_path))
    assert exported.returncode == 0, exported.stderr
    assert "smith-topic10 1.0.0, 3 files" in exported.stdout
    assert_clean_error(run("pack", "export", str(teacher), "-o", str(zip_path)),
                       f"'{zip_path}' already exists", "--force")

    done = run("pack", "install", str(zip_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("smith-topic10 1.0.0 installed: A test pack (1 prompt)")
    shown = run("show", f"smith-topic10/{PROMPT_ID}")
    assert shown.returncode == 0 and "consolidated his power" in shown.stdout

    assert_clean_error(run("pack", "install", str(zip_path)),
                       "pack 'smith-topic10' 1.0.0 is already installed", "--force")
    newer = make_pack(tmp_path / "v2", version="1.1.0")
    done = run("pack", "install", str(newer))
    assert done.returncode == 0 and "1.1.0 upgraded from 1.0.0" in done.stdout
    assert_clean_error(run("pack", "install", str(zip_path)), "1.0.0 is older: a downgrade")
    done = run("pack", "install", str(zip_path), "--force")
    assert done.returncode == 0 and "1.0.0 downgraded from 1.1.0" in done.stdout

    listed = run("pack", "list")
    assert listed.returncode == 0
    assert "smith-topic10        1.0.0     A test pack (1 prompt, by Tests)" in listed.stdout

    assert_clean_error(run("pack", "remove", "smith-topic"),
                       "no pack 'smith-topic' is installed", "did you mean 'smith-topic10'?")
    assert_clean_error(run("pack", "remove", "../packs"), "'../packs' is not a pack id")
    removed = run("pack", "remove", "smith-topic10")
    assert removed.returncode == 0 and removed.stdout.strip() == "removed smith-topic10 1.0.0"
    assert "no packs installed" in run("pack", "list").stdout
    assert sorted(os.listdir(home)) == [".lock"]


def test_cli_list_shows_a_broken_pack_and_the_rest(tmp_path: Path, home: Path) -> None:
    install(str(make_pack(tmp_path / "a", pack_id="alpha")))
    install(str(make_pack(tmp_path / "b", pack_id="beta")))
    (home / "alpha" / "pack.yaml").write_text("id: alpha\nname: [unclosed\n")
    listed = run("pack", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    broken = f"{home / 'alpha' / 'pack.yaml'}:3:1: YAML syntax error"
    assert any(line.startswith("alpha ") and broken in line for line in lines), listed.stdout
    assert any(line.startswith("beta ") for line in lines), listed.stdout


@pytest.mark.parametrize(("build", "fragment"), [
    (lambda p: zipfile.ZipFile(p, "w").writestr("../../evil.yaml", "x"),
     "'../../evil.yaml' goes up out of the pack with '..'"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("p/big.yaml", bytes(1_100_000)),
     "'p/big.yaml' is larger than 1 MB, the most for one file of a pack"),
    (lambda p: p.write_text("not a zip"), "is not a zip file"),
])
def test_cli_a_hostile_zip_is_two_lines_and_exit_2(tmp_path: Path, home: Path,
                                                   build: object, fragment: str) -> None:
    made = tmp_path / "pack.zip"
    build(made)  # type: ignore[operator]
    assert_clean_error(run("pack", "install", str(made)), fragment)
    assert not home.exists() or leftovers(home) == []
    assert not (tmp_path / "evil.yaml").exists()


@needs_git
def test_cli_install_from_a_git_url(tmp_path: Path, home: Path) -> None:
    repository = git_repository(make_pack(tmp_path / "repo"))
    done = run("pack", "install", repository.as_uri())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("smith-topic10 1.0.0 installed")
    assert_clean_error(run("pack", "install", (tmp_path / "none").as_uri()),
                       "git could not clone", "check the URL")


def test_cli_an_install_while_another_runs_is_refused_naming_it(tmp_path: Path,
                                                                home: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from ibessay.packs.install import _locked\n"
         "with _locked(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)",
         str(home)], stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        assert_clean_error(run("pack", "install", str(make_pack(tmp_path / "a"))),
                           "another ibessay is installing or removing a pack "
                           f"(process {holder.pid})", "wait for it to finish")
    finally:
        holder.kill()
        holder.wait()
    assert run("pack", "install", str(tmp_path / "a")).returncode == 0  # freed by its death
