# The README names exactly these targets. Each one installs what it needs first.
.PHONY: install run test lint bench soak

install:
	./scripts/bootstrap.sh

run: install
	.venv/bin/p2n local

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

test: lint
	.venv/bin/pytest

soak: install
	.venv/bin/python -m bench.soak

bench: install
	.venv/bin/python -m bench
