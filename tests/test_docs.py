"""The docs that name domains and steps cannot drift from the registry and the tree."""

import re
from pathlib import Path

import pytest

from dagster_project.domains import DOMAINS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
ADDING = (ROOT / "docs" / "adding-a-domain.md").read_text()


def domain_rows() -> dict[str, str]:
    """Domain name -> its row in the README's domain table."""
    section = README.split("\n## Domains\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = re.match(r"\| `([a-z_]+)`", line)
        if found:
            rows[found.group(1)] = line
    return rows


@pytest.mark.parametrize("domain", DOMAINS, ids=[d.name for d in DOMAINS])
def test_the_readme_domain_table_shows_each_domain_as_declared(domain):
    row = domain_rows().get(domain.name)
    assert row is not None, f"add {domain.name} to the README's domain table"
    api = domain.api
    for fact in (
        f"`{api.env}_…`",
        f"`{api.sandbox_path}`",
        f"`{api.default_client_id}`",
        f"`{domain.queue}`",
        *(f"`{operation.job}`" for operation in domain.operations),
        *(f"`{reconciliation.name}`" for reconciliation in domain.reconciliations),
    ):
        assert fact in row, f"README domain table, {domain.name}: {fact} missing"


def test_the_readme_domain_table_lists_no_domain_that_does_not_exist():
    assert set(domain_rows()) == {domain.name for domain in DOMAINS}


def test_adding_a_domain_names_only_files_and_tests_that_exist():
    """Paths (with `<name>` read as some existing domain) and `file::test` references."""
    paths = set(re.findall(r"`((?:dagster_project|tests|docs|openapi-specs)/[^`\s]*)`", ADDING))
    assert paths, "the guide names the files it asks for"

    def exists(path: str) -> bool:
        file, _, test = path.partition("::")
        target = ROOT / file.rstrip("/")
        return target.exists() and (not test or f"def {test}(" in target.read_text())

    missing = [
        path
        for path in sorted(paths)
        if not any(exists(path.replace("<name>", domain.name)) for domain in DOMAINS)
    ]
    assert missing == []
