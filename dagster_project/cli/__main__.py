"""`python -m dagster_project.cli` = `p2n`."""

from dagster_project.cli.main import main

main()
