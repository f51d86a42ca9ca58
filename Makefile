# The README names exactly these targets. Each one installs what it needs first.
.PHONY: install run test lint postgres-test bench soak

install:
	./scripts/bootstrap.sh

run: install
	.venv/bin/p2n local

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

# The main suite, then the Postgres stage (its own throwaway server; installs PostgreSQL if absent).
test: lint
	.venv/bin/pytest
	./scripts/postgres-stage.sh

postgres-test: install
	./scripts/postgres-stage.sh

soak: install
	.venv/bin/python -m bench.soak

bench: install
	.venv/bin/python -m bench
