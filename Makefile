# The README's commands. Each target installs what it needs first (scripts/bootstrap.sh).
STORE ?= var/store
HOST ?= 127.0.0.1
PORT ?= 5000
VENV := .venv/bin

.PHONY: serve build test lint bench screenshots clean

## serve: build the graph from the bundled corpus, then serve it at http://$(HOST):$(PORT)/
serve:
	@scripts/bootstrap.sh
	$(VENV)/conflictkg build --store $(STORE) || [ $$? -eq 1 ]
	$(VENV)/conflictkg serve --store $(STORE) --host $(HOST) --port $(PORT)

## build: build the graph from the bundled corpus (exit 1 if some input was rejected)
build:
	@scripts/bootstrap.sh
	$(VENV)/conflictkg build --store $(STORE)

## test: lint and run the whole test suite
test:
	@scripts/bootstrap.sh chromium
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/python -m pytest -q

lint:
	@scripts/bootstrap.sh
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

## bench: time each build stage and the example queries against plain rdflib
bench:
	@scripts/bootstrap.sh
	$(VENV)/python bench/run.py

## screenshots: render the map, timeline and operation views into docs/
screenshots:
	@scripts/bootstrap.sh chromium
	$(VENV)/python scripts/screenshots.py

clean:
	rm -rf var .pytest_cache
