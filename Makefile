# The README leads with two entry points: `make lab` opens the course, `make test` runs every test.
# Both create .venv on first use with only Python 3 (>= 3.10) and pip from the package registry;
# every other target below uses the same .venv. `make help` lists the targets (one `##` line each).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# make lab LAB_ARGS="--ip=0.0.0.0 --port=8888 --no-browser": extra options for `jupyter lab`.
# As root (containers), --allow-root is added. The printed URL opens notebook 00, and JupyterLab's
# terminals find the environment's commands (aimc-edu, pytest, voila) on their PATH.
LAB_ARGS ?=
START    := notebooks/00_start_here.ipynb
AS_ROOT  := $(if $(filter 0,$(shell id -u)),--allow-root)
# make present NB=02 PORT=8866: notebook NB's dashboard alone, for a lecture (see aimc-edu present --help).
NB       ?=
PORT     ?= 8866
# JupyterLab's Voila preview reads the course's Voila settings (exercise solutions hidden) from jupyter-config/.
CONFIG_PATH := $(abspath jupyter-config)$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))
# The dashboards' grids are computed once into .cache/aimc_edu (aimc-edu cache warm, ~20 s; again after the code
# changes) and lab and present read them from there (AIMC_EDU_CACHE), so a dashboard opens in about a second.
CACHE    := $(abspath .cache/aimc_edu)
WARM     := .cache/aimc_edu/.warm
SOURCES  := $(shell find aimc_edu -name '*.py' 2>/dev/null)
# make binder-url REMOTE=upstream REF=my-branch: which git remote and branch Binder builds.
REMOTE   ?= origin
REF      ?= main

.DEFAULT_GOAL := help
.PHONY: help setup cache lab present test test-fast figures bench binder-url clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv with the course, JupyterLab, Voila and the test tools (done by every target)

$(WARM): $(STAMP) $(SOURCES)
	@echo "Computing the dashboards' grids once into .cache/aimc_edu (about 20 s) ..."
	AIMC_EDU_CACHE="$(CACHE)" $(BIN)/aimc-edu cache warm
	touch $(WARM)

cache: $(WARM)  ## compute the dashboards' grids into .cache/aimc_edu (lab and present do it when needed)

lab: $(WARM)  ## open the course in JupyterLab at notebook 00 (LAB_ARGS="..." passes options)
	PATH="$(abspath $(BIN)):$$PATH" VIRTUAL_ENV="$(abspath $(VENV))" JUPYTER_CONFIG_PATH="$(CONFIG_PATH)" \
	    AIMC_EDU_CACHE="$(CACHE)" $(BIN)/jupyter lab --LabApp.default_url=/lab/tree/$(START) $(AS_ROOT) $(LAB_ARGS)

present: $(WARM)  ## a dashboard for a lecture: make present NB=02 [PORT=8866] (Voila, 1280x720, large text)
	AIMC_EDU_CACHE="$(CACHE)" $(BIN)/aimc-edu present $(NB) --port $(PORT)

test: $(STAMP)  ## every test: library, notebooks, Binder replay, browser (what CI runs)
	$(BIN)/python -m pytest

test-fast: $(STAMP)  ## day-to-day tier: every test not marked slow (no browser, no Binder replay)
	$(BIN)/python -m pytest -m "not slow"

figures: $(STAMP)  ## the paper's Figs. 1, 2, 3, 4, 6 as PNG and PDF in figures/
	$(BIN)/aimc-edu figures --out figures

bench: $(STAMP)  ## benchmarks: engine, dashboard latency, network epochs (prints numbers)
	$(BIN)/python bench/run.py

binder-url:  ## print the Binder link that opens notebook 00 of this repository's GitHub remote
	@url=$$(git remote get-url $(REMOTE) 2>/dev/null); \
	slug=$$(printf '%s\n' "$$url" | sed -n -E 's#^(https://([^@/]*@)?|ssh://git@|git@)github\.com[:/]([^/]+/[^/]+)/?$$#\3#p' | sed -E 's#\.git$$##'); \
	if [ -z "$$slug" ]; then \
	    echo "make binder-url: git remote '$(REMOTE)' is $${url:-not set}, not a GitHub repository." >&2; \
	    echo "Binder builds from GitHub: push this repository to GitHub (git remote add $(REMOTE) https://github.com/<you>/aimc_edu.git; git push $(REMOTE) $(REF)), then run make binder-url again (REMOTE=<name> picks another remote, REF=<branch> another branch)." >&2; \
	    exit 1; \
	fi; \
	echo "https://mybinder.org/v2/gh/$$slug/$(REF)?urlpath=lab/tree/$(START)"

clean:  ## remove .venv, caches (.cache/aimc_edu included) and generated files
	rm -rf $(VENV) .pytest_cache build *.egg-info test-artifacts .binder-env .cache
