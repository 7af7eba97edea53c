# Two entry points (see README): `make lab` opens the course, `make test` runs every test.
# Both create .venv on first use with only Python 3 (>= 3.10) and pip from the registry.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test bench figures clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

figures: $(STAMP)
	$(BIN)/aimc-edu figures --out figures

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info test-artifacts
