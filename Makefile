# Suyang (素养): the two commands a teacher needs, and a few more.
#   make lab            render the Chinese student views and start JupyterLab at the index
#   make lab LANG=en    the same in English
#   make app            the lessons as apps (Voilà) for pupils and seniors; LANG=en too
#   make test           install the kit with its test tools and run the whole suite
#   make guide          build the teacher guide site into build/guide
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
comma := ,
export LC_ALL := C.UTF-8
export PYTHONUTF8 := 1
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: lab app test install install-dev views lint clean help guide workshop

help:
	@sed -n '2,8p' Makefile

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.suyang-installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.suyang-installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.suyang-installed

$(VENV)/.suyang-installed-guide: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[guide]'
	touch $@ $(VENV)/.suyang-installed

install: $(VENV)/.suyang-installed
install-dev: $(VENV)/.suyang-installed-dev

# make lab TEACHER=1: the teacher's JupyterLab, with nbgrader's Create Assignment and Formgrader
lab: install
	$(VENV)/bin/suyang lab --lang $(KIT_LANG)$(if $(filter 1 yes true,$(TEACHER)), --teacher)

# the learner's app view (Voilà): no code, only text, pictures and widgets
app: install
	$(VENV)/bin/suyang app --lang $(KIT_LANG)

views: install
	$(VENV)/bin/suyang build --lang zh
	$(VENV)/bin/suyang build --lang en

# the workshop's hands-on notebooks (and the class dashboard) in JupyterLab
workshop: install
	$(VENV)/bin/jupyter lab --notebook-dir=teacher_guide teacher_guide/workshop/notebooks/1-lesson-as-student.ipynb

# the teacher guide site (Chinese and English trees), warnings are errors
guide: $(VENV)/.suyang-installed-guide
	$(PY) -m suyang.guide --out build/guide
	@echo "guide: $(abspath build/guide/index.html)"

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
# sample class and its term -> course -> collect each zip -> grade -> feedback ->
# the teacher's marks for written answers -> grades.csv -> the class report.
DEMO_A := middle-01-screen-time
DEMO_TERM := middle-02-smart-classroom middle-03-scam-filter middle-04-leaves-and-steps
DEMO_DUE := 2024-04-08T22:00:00+08:00 2024-04-22T22:00:00+08:00 2024-05-06T22:00:00+08:00 2024-05-20T22:00:00+08:00
NBG := $(abspath $(VENV))/bin/nbgrader
.PHONY: demo
demo: install
	rm -rf demo/course demo/report demo/report-anonymous
	$(PY) -m suyang.sample_class demo/sample
	$(PY) -m suyang.sample_term demo/sample
	$(VENV)/bin/suyang course init demo/course --roster demo/sample/roster.csv --assignments $(DEMO_A),$(subst $(eval) ,$(comma),$(DEMO_TERM)) --lang zh
	cd demo/course && set -- $(DEMO_DUE) && for a in $(DEMO_A) $(DEMO_TERM); do \
	  $(NBG) db assignment add $$a --duedate="$$1" || exit 1; shift; done
	$(VENV)/bin/suyang collect demo/sample/handins.zip --assignment $(DEMO_A) --course demo/course --tz Asia/Shanghai
	for a in $(DEMO_TERM); do \
	  $(VENV)/bin/suyang collect demo/sample/handins-$$a.zip --assignment $$a --course demo/course --tz Asia/Shanghai || exit 1; done
	for a in $(DEMO_A) $(DEMO_TERM); do \
	  $(VENV)/bin/suyang grade $$a --course demo/course || exit 1; done
	# the teacher marks the written answers (in the formgrader; simulated here), then feedback
	$(PY) -m suyang.sample_term --apply-marks demo/course demo/sample/teacher_marks.csv
	for a in $(DEMO_A) $(DEMO_TERM); do \
	  $(VENV)/bin/suyang feedback $$a --course demo/course || exit 1; done
	cd demo/course && $(NBG) export
	$(VENV)/bin/suyang report --course demo/course --out demo/report
	$(VENV)/bin/suyang report --course demo/course --out demo/report-anonymous --anonymise
	@echo "gradebook: $(abspath demo/course/gradebook.db)"
	@echo "grades:    $(abspath demo/course/grades.csv)"
	@echo "feedback:  $(abspath demo/course/feedback)/"
	@echo "report:    $(abspath demo/report/report.html)"
