"""The locks: every installed package is pinned with a hash, the locks answer requirements*.txt,
every install path checks the hashes, and the audit fails on a vulnerability that has a fix.

A failure here after editing requirements*.txt means: run `make lock` (and commit both locks)."""

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def lock_entries(path):
    """[(name, entry text)] with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append((canonicalize_name(re.split(r"[=<>!~ ;\[]", line, maxsplit=1)[0]), line))
    return entries


def pins(path):
    """{canonical name: version} of a lock, checking that each entry is an exact, hashed pin."""
    pinned = {}
    for name, line in lock_entries(path):
        match = re.fullmatch(r"[A-Za-z0-9._-]+==([^\s;]+)((?:\s+--hash=\S+)+)", line)
        assert match, f"{path.name}: not an exact pin with hashes: {line[:80]}"
        assert all(HASH.fullmatch(h) for h in match.group(2).split()), line[:80]
        assert name not in pinned, f"{path.name}: {name} pinned twice"
        pinned[name] = match.group(1)
    return pinned


def direct_requirements(path):
    """The requirements of a requirements*.txt file, without the files it includes."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def installed():
    return {
        canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()
    }


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=lambda p: p.name)
def test_every_lock_entry_is_an_exact_pin_with_hashes(lock):
    assert len(pins(lock)) > 20


def test_the_dev_lock_holds_the_runtime_lock_with_the_same_pins():
    dev = pins(DEV_LOCK)
    differing = {n: (v, dev.get(n)) for n, v in pins(RUNTIME_LOCK).items() if dev.get(n) != v}
    assert not differing, f"runtime pin vs dev pin (run `make lock`): {differing}"


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [("requirements.txt", RUNTIME_LOCK), ("requirements-dev.txt", DEV_LOCK)],
    ids=["runtime", "dev"],
)
def test_the_lock_satisfies_every_requirement_of_its_file(requirements, lock):
    pinned = pins(lock)
    stale = [
        str(req)
        for req in direct_requirements(ROOT / requirements)
        if not req.specifier.contains(
            pinned.get(canonicalize_name(req.name), "0"), prereleases=True
        )
    ]
    assert not stale, f"{requirements} asks for what {lock.name} lacks (run `make lock`): {stale}"


def test_every_installed_distribution_is_pinned_in_the_dev_lock():
    pinned = pins(DEV_LOCK)
    unpinned = {n: v for n, v in installed().items() if pinned.get(n) != v}
    assert not unpinned, (
        f"installed in {sys.prefix} but not pinned so in {DEV_LOCK.name} (add it to "
        f"requirements*.txt and run `make lock`, or `make install`): {unpinned}"
    )


def test_every_locked_package_is_installed_at_its_pin():
    have = installed()
    missing = {n: (v, have.get(n)) for n, v in pins(DEV_LOCK).items() if have.get(n) != v}
    assert not missing, f"lock pin vs installed (run `make install`): {missing}"


def test_every_install_command_checks_hashes_against_a_lock():
    scripts = [ROOT / "Makefile", *sorted((ROOT / ".ci").iterdir())]
    installs = [
        (script.name, line.strip())
        for script in scripts
        for line in re.sub(r"\\\n", " ", script.read_text()).splitlines()
        if re.search(r"pip install\b", line) and not line.strip().startswith("#")
    ]
    assert installs, "no install command found"
    unchecked = [
        i for i in installs if not re.search(r"--require-hashes.*-r requirements\S*\.lock", i[1])
    ]
    assert not unchecked, unchecked
    # -n prints what `make install` runs on a fresh clone (-B), without running it.
    make = subprocess.run(  # noqa: S603 (fixed arguments)
        [shutil.which("make"), "-n", "-B", "install"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--require-hashes --no-deps" in make.stdout
    assert "-r requirements-dev.lock" in make.stdout


def audit(tmp_path, dependencies, **env):
    report = tmp_path / "audit.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    return subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, str(ROOT / ".ci" / "audit.py"), "--report", str(report)],
        capture_output=True,
        text=True,
        env={**os.environ, "AUDIT_REQUIRED": "0", **env},
        check=False,
    )


SAFE = {"name": "asgiref", "version": "3.13.0", "vulns": []}


def test_audit_fails_on_a_vulnerability_with_a_fixed_version(tmp_path):
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["5.2.20"], "aliases": [], "description": ""}
    done = audit(tmp_path, [SAFE, {"name": "django", "version": "5.2.19", "vulns": [vuln]}])
    assert done.returncode == 1
    assert "VULNERABLE django 5.2.19: PYSEC-2099-1, fixed in 5.2.20" in done.stdout


def test_audit_passes_a_vulnerability_that_no_release_fixes_yet(tmp_path):
    vuln = {"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": [], "aliases": [], "description": ""}
    done = audit(tmp_path, [SAFE, {"name": "pillow", "version": "13.0.0", "vulns": [vuln]}])
    assert done.returncode == 0, done.stdout
    assert "known, unfixed: pillow 13.0.0: GHSA-xxxx-yyyy-zzzz" in done.stdout
    assert "2 of 2 pinned packages audited" in done.stdout


def test_audit_fails_when_some_packages_could_not_be_audited(tmp_path):
    skipped = {"name": "private-thing", "skip_reason": "Dependency not found on PyPI"}
    done = audit(tmp_path, [SAFE, skipped])
    assert done.returncode == 1
    assert "not audited: Dependency not found on PyPI" in done.stdout


def test_audit_without_advisory_data_warns_and_fails_only_when_required(tmp_path):
    skipped = [{"name": n, "skip_reason": f"{n}: not found on PyPI"} for n in ("a", "b")]
    done = audit(tmp_path, skipped)
    assert done.returncode == 0
    assert "0 of 2 pinned packages audited" in done.stdout
    assert "WARNING" in done.stdout
    assert audit(tmp_path, skipped, AUDIT_REQUIRED="1").returncode == 1
