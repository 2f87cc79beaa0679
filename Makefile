# The two commands a user needs: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every dependency pinned with its hashes, for every Python (3.11+) and platform we support:
# the same versions on every machine and in CI. `make lock` moves them to the newest allowed.
LOCK := requirements.lock
UV := 'uv>=0.9,<1'
COMPILE := pyproject.toml --extra test --extra package --universal --python-version 3.11 \
	--generate-hashes --quiet

.PHONY: run test lint bench clean package check-run check-test lock outdated

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolve the lock to the newest versions pyproject.toml allows (then run make test).
lock: $(STAMP)
	$(BIN)/pip install --quiet $(UV)
	$(BIN)/uv pip compile $(COMPILE) --upgrade -o $(LOCK)

# Say which newer versions the lock holds back (CI prints this after the tests).
outdated: $(STAMP)
	$(BIN)/pip install --quiet $(UV)
	$(BIN)/python tools/outdated.py $(LOCK) $(BIN)/uv $(COMPILE)

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
$(VENV)/.package: $(STAMP)  # the lock already holds the packaging tools
	touch $@

package: $(VENV)/.package
	$(BIN)/python packaging/build.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
