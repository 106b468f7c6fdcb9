# Suyang (素养): the two commands a teacher needs, and a few more.
#   make lab            render the Chinese student views and start JupyterLab at the index
#   make lab LANG=en    the same in English
#   make test           install the kit with its test tools and run the whole suite
# Both accept VENV=path to use an existing environment instead of creating .venv.

VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

# LANG is also the shell's locale variable: only a LANG given on the command line
# (make lab LANG=en) chooses the kit's language.
ifeq ($(origin LANG),command line)
KIT_LANG := $(LANG)
else
KIT_LANG := zh
endif
unexport LANG
export LC_ALL := C.UTF-8
export PYTHONUTF8 := 1
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: lab test install install-dev views lint clean help

help:
	@sed -n '2,6p' Makefile

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.suyang-installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.suyang-installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.suyang-installed

install: $(VENV)/.suyang-installed
install-dev: $(VENV)/.suyang-installed-dev

lab: install
	$(VENV)/bin/suyang lab --lang $(KIT_LANG)

views: install
	$(VENV)/bin/suyang build --lang zh
	$(VENV)/bin/suyang build --lang en

lint: install
	$(VENV)/bin/suyang lint

test: install-dev
	$(VENV)/bin/suyang lint
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/suyang build --lang zh --out build/test-views/zh
	$(VENV)/bin/suyang build --lang en --out build/test-views/en
	# notebooks under nbval keep each file's cells on one worker; the rest spread freely
	# (assignments are graded end to end by tests/test_assignments.py instead)
	$(PY) -m pytest -n 2 --dist loadfile build/test-views/zh/curriculum build/test-views/zh/index.ipynb \
	  build/test-views/en/curriculum build/test-views/en/index.ipynb --nbval-lax -p no:cacheprovider -q
	$(PY) -m pytest -n 2 --dist load tests -p no:cacheprovider

clean:
	rm -rf build .pytest_cache .ruff_cache

# The whole teaching cycle on the simulated sample class, into demo/ (safe to re-run):
# sample class -> course -> collect the zip -> grade -> feedback -> grades.csv.
DEMO_A := middle-01-screen-time
.PHONY: demo
demo: install
	rm -rf demo/course
	$(PY) -m suyang.sample_class demo/sample
	$(VENV)/bin/suyang course init demo/course --roster demo/sample/roster.csv --assignments $(DEMO_A) --lang zh
	cd demo/course && $(abspath $(VENV))/bin/nbgrader db assignment add $(DEMO_A) --duedate="2024-04-08 22:00:00 +0800"
	$(VENV)/bin/suyang collect demo/sample/handins.zip --assignment $(DEMO_A) --course demo/course --tz Asia/Shanghai
	$(VENV)/bin/suyang grade $(DEMO_A) --course demo/course
	$(VENV)/bin/suyang feedback $(DEMO_A) --course demo/course
	cd demo/course && $(abspath $(VENV))/bin/nbgrader export
	@echo "gradebook: $(abspath demo/course/gradebook.db)"
	@echo "grades:    $(abspath demo/course/grades.csv)"
	@echo "feedback:  $(abspath demo/course/feedback)/"
