"""The exclusion file format, and the versioned list it reads."""

from dagster_project.domains.incentives.exclusions import load_exclusions, parse_exclusions


def test_exclusions_accept_commas_lines_and_comments():
    assert parse_exclusions("10743, 12\n# note 99\n 13 # trailing\nabc") == {10743, 12, 13}
    assert 10743 in load_exclusions()
