"""Dependency audit (CI and `make audit`): pip-audit against PyPI's advisory data, on a lock file.

    .venv/bin/python .ci/audit.py requirements-dev.lock     runs pip-audit, then judges its report
    .venv/bin/python .ci/audit.py --report audit.json       judges a report pip-audit already wrote

pip-audit alone fails on every known vulnerability, even one no release fixes yet, and passes
when it audited nothing: a package PyPI does not answer for is only "skipped". The verdict here:
- a vulnerability with a fixed version: fails (bump the pin: `make upgrade`, or raise it in
  requirements*.txt and `make lock`);
- a vulnerability without a fixed version: listed, passes (there is nothing to move to yet);
- packages that could not be audited: listed; fails, unless PyPI answered for none of them (its
  per-release JSON, /pypi/NAME/VERSION/json, is not reachable from this network), which is a loud
  warning, or a failure with AUDIT_REQUIRED=1.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def run_pip_audit(lock: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        # The lock is complete and hashed: pip-audit reads the pins without installing anything.
        command = [sys.executable, "-m", "pip_audit", "--requirement", str(lock)]
        command += ["--require-hashes", "--disable-pip", "--vulnerability-service", "pypi"]
        command += ["--progress-spinner", "off", "--format", "json", "--output", str(report)]
        done = subprocess.run(command, check=False)  # noqa: S603 (our own interpreter, fixed args)
        if not report.exists():
            sys.exit(f"audit: pip-audit wrote no report (exit {done.returncode})")
        return json.loads(report.read_text())


def judge(report: dict, *, required: bool) -> tuple[bool, list[str]]:
    """(passed, lines to print) for a pip-audit JSON report."""
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = [dep for dep in dependencies if not dep.get("skip_reason")]
    fixable, unfixed = [], []
    for dep in audited:
        for vuln in dep.get("vulns", []):
            line = f"{dep['name']} {dep['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line}, fixed in {', '.join(vuln['fix_versions'])}")
            else:
                unfixed.append(f"{line}, no fixed version yet")
    lines = [f"audit: {len(audited)} of {len(dependencies)} pinned packages audited"]
    lines += [f"audit: VULNERABLE {line}" for line in fixable]
    lines += [f"audit: known, unfixed: {line}" for line in unfixed]
    passed = not fixable
    if skipped and audited:
        lines += [f"audit: not audited: {dep['skip_reason']}" for dep in skipped]
        passed = False
    elif skipped:
        lines.append(
            "audit: WARNING: PyPI's advisory data answered for no package (is its per-release "
            "JSON reachable from here?): nothing was audited"
        )
        passed = passed and not required
    if not dependencies:
        lines.append("audit: the report lists no package")
        passed = False
    lines.append("audit: passed" if passed else "audit: FAILED")
    return passed, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("lock", nargs="?", type=Path, help="hashed, complete lock file")
    source.add_argument("--report", type=Path, help="a pip-audit JSON report to judge")
    args = parser.parse_args()
    report = json.loads(args.report.read_text()) if args.report else run_pip_audit(args.lock)
    passed, lines = judge(report, required=os.environ.get("AUDIT_REQUIRED") == "1")
    print("\n".join(lines))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
