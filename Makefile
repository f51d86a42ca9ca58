# The README names exactly these targets. Each one installs what it needs first.
.PHONY: install run test lint postgres-test ui-test bench soak

install:
	./scripts/bootstrap.sh

run: install
	.venv/bin/p2n local

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

# pytest-xdist workers for the main suite (README, Tests): `make test PYTEST_WORKERS=0` runs it in
# one process. Heavy tests share one worker (tests/conftest.py), hence --dist loadgroup.
PYTEST_WORKERS ?= 3
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadgroup

# The main suite, then the Postgres stage (its own throwaway server; installs PostgreSQL if absent),
# then the browser stage (installs Chromium and playwright-core if absent).
test: lint
	.venv/bin/pytest $(PYTEST_PARALLEL)
	./scripts/postgres-stage.sh
	$(MAKE) ui-test

postgres-test: install
	./scripts/postgres-stage.sh

ui-test: install
	./scripts/ui-stage.sh

soak: install
	.venv/bin/python -m bench.soak

bench: install
	.venv/bin/python -m bench
