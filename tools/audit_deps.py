"""`make audit`: known vulnerabilities in the pinned dependencies (constraints.txt), as far as can be known here.

Why not pip-audit: from this network, neither of its vulnerability services answers. OSV (api.osv.dev) is not
reachable at all, and the package index answers only the project-level JSON API (`/pypi/<name>/json`), not the
per-version one (`/pypi/<name>/<version>/json`, 404) that pip-audit's "pypi" service reads. pip-audit then marks
every package "not found on PyPI", skips it, and still prints "No known vulnerabilities found" and exits 0: a pass
that audited nothing. So this does what can honestly be done with the project-level API:

- For a pin that IS the project's latest release, the JSON's `vulnerabilities` list is about that very version
  (PyPI reports advisories for the latest release there): every advisory found must be recorded and justified in
  security/audit-exceptions.toml, or the audit fails.
- For every pin, the release's files say whether it was yanked (often for a security reason): a yanked pin must be
  recorded and justified too.
- A pin that is not the latest release cannot be checked for advisories from here. It is listed as NOT AUDITED,
  with the count, every time: the audit never reports those as safe.

Exit codes: 0 no unjustified finding (the NOT AUDITED list still printed), 1 unjustified findings or an exception
that no longer matches anything, 2 the index cannot be reached at all.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import tomli

ROOT = Path(__file__).resolve().parents[1]
EXCEPTIONS = ROOT / "security" / "audit-exceptions.toml"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


@dataclass
class PinReport:
    name: str
    version: str
    audited: bool = False  # advisories for this exact version were readable
    findings: list[str] = field(default_factory=list)  # advisory ids, and "yanked" for a yanked release
    error: str | None = None


def pins(constraints: str) -> list[tuple[str, str]]:
    """(name, version) for every `name==version` line."""
    found = []
    for line in constraints.splitlines():
        match = _PIN.match(line.strip())
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def index_base() -> str:
    """The JSON API of the configured index: PIP_INDEX_URL without its /simple, else PyPI."""
    index = os.environ.get("PIP_INDEX_URL", "").strip().rstrip("/")
    return index.removesuffix("/simple") if index.startswith("http") else "https://pypi.org"


def fetch_project(name: str, base: str) -> dict:
    with urllib.request.urlopen(f"{base}/pypi/{name}/json", timeout=60) as reply:
        return json.load(reply)


def assess_pin(name: str, version: str, project: dict) -> PinReport:
    """What the project JSON says about this pin."""
    report = PinReport(name, version)
    files = (project.get("releases") or {}).get(version) or []
    if files and all(item.get("yanked") for item in files):
        report.findings.append("yanked")
    if project.get("info", {}).get("version") == version:
        report.audited = True
        for advisory in project.get("vulnerabilities") or []:
            report.findings.append(str(advisory.get("id")))
    return report


def load_exceptions(path: Path = EXCEPTIONS) -> dict[tuple[str, str], str]:
    """(package, finding) -> justification, from [[exception]] tables with package, finding and reason."""
    data = tomli.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    exceptions = {}
    for entry in data.get("exception", []):
        reason = str(entry.get("reason", "")).strip()
        if not reason:
            raise ValueError(f"{path}: the exception for {entry.get('package')} {entry.get('finding')} has no reason")
        exceptions[(str(entry["package"]).lower(), str(entry["finding"]))] = reason
    return exceptions


def audit(
    pinned: Iterable[tuple[str, str]], project_of: Callable[[str], dict], exceptions: dict[tuple[str, str], str]
) -> tuple[list[PinReport], list[str], list[str]]:
    """(every pin's report, unjustified findings, exceptions that matched nothing)."""
    pinned = list(pinned)

    def one(pin: tuple[str, str]) -> PinReport:
        try:
            return assess_pin(*pin, project_of(pin[0]))
        except (urllib.error.URLError, OSError, ValueError) as error:
            return PinReport(*pin, error=str(error))

    with ThreadPoolExecutor(max_workers=8) as pool:
        reports = list(pool.map(one, pinned))
    used, unjustified = set(), []
    for report in reports:
        for finding in report.findings:
            key = (report.name.lower(), finding)
            if key in exceptions:
                used.add(key)
            else:
                unjustified.append(f"{report.name}=={report.version}: {finding}")
    stale = [f"{package} {finding}" for package, finding in exceptions if (package, finding) not in used]
    return reports, unjustified, stale


def main() -> int:
    base = index_base()
    pinned = pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    reports, unjustified, stale = audit(pinned, lambda name: fetch_project(name, base), load_exceptions())
    failed = [r for r in reports if r.error]
    if len(failed) == len(reports):
        print(f"audit: cannot reach the package index at {base}: {failed[0].error}", file=sys.stderr)
        return 2
    audited = [r for r in reports if r.audited]
    not_audited = [r for r in reports if not r.audited]
    for report in reports:
        for finding in report.findings:
            print(f"audit: {report.name}=={report.version}: {finding}")
    print(
        f"audit: {len(audited)} of {len(reports)} pins checked for advisories (they are their project's latest "
        f"release); {len(not_audited)} NOT AUDITED: no per-version advisory service is reachable from here "
        f"(see tools/audit_deps.py). Every pin checked for a yanked release."
    )
    print("audit: NOT AUDITED: " + ", ".join(f"{r.name}=={r.version}" for r in not_audited))
    if failed:
        print("audit: could not read: " + ", ".join(f"{r.name} ({r.error})" for r in failed))
    for finding in unjustified:
        print(f"audit: UNJUSTIFIED (record it in security/audit-exceptions.toml with a reason): {finding}")
    for entry in stale:
        print(f"audit: an exception no longer matches anything, remove it: {entry}")
    return 1 if unjustified or stale else 0


if __name__ == "__main__":
    sys.exit(main())
