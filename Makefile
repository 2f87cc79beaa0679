# The two commands a user needs: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean package check-run check-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: check-run $(STAMP)
	$(BIN)/slaeditor

# The system packages first: one message naming what is missing and the command to install it.
check-run check-test:
	$(PYTHON) tools/prerequisites.py $(@:check-%=%)

lint: $(STAMP)
	$(BIN)/ruff check slaeditor tests benchmarks packaging tools
	$(BIN)/ruff format --check slaeditor tests benchmarks packaging tools
	$(BIN)/mypy
	$(BIN)/lint-imports

# Offscreen first (fast); then the tests that type and click through a private Xvfb (xcb),
# in a process of their own because Qt picks its platform once per process.
test: check-test lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q --ignore=tests/real_input
	$(BIN)/pytest -q tests/real_input

# Wheel + sdist, the PyInstaller bundle and (on Linux) the .deb, all in dist/ (packaging/).
$(VENV)/.package: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,package]'
	touch $@

package: $(VENV)/.package
	$(BIN)/python packaging/build.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
