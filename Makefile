# Two commands for a fresh machine: `make book` and `make test`. Both do their own setup.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test test-fast check chromium serve lab clean pdf packs offline scorm

# requirements.txt holds every package with its hashes (made from requirements.in by pip-compile);
# pip, setuptools and wheel come from it too, so nothing is installed unpinned.
$(STAMP): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

tests/node_modules/.installed: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --silent
	touch $@

# Debian's Chromium (browser tests), poppler-utils (PDF tests) and nginx (the publishing guide's
# configuration, tested for real); installed only when run as root and missing.
chromium:
	@if ! { command -v chromium && command -v pdftotext && [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils nginx-light >/dev/null; \
	  else echo "Missing: install Debian's chromium, poppler-utils and nginx-light packages (as root: apt-get install chromium poppler-utils nginx-light)"; exit 1; fi; \
	fi

check: $(STAMP)
	$(PY) -m wellbeing_course check

book: $(STAMP)
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m wellbeing_course build

# node --test: the book's scripts against the cases their Python counterparts are tested against too
# (tests/fixtures/backup-contract/: the rules a journal backup is read by).
test: book tests/node_modules/.installed chromium pdf offline
	node --test tests/js/
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m pytest

# The tests that need no built book, browser or PDF (those marked slow are left out): builds nothing.
test-fast: $(STAMP) tests/node_modules/.installed
	node --test tests/js/
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m pytest -m "not slow"

# The PDFs in _build/pdf/, printed by headless Chromium: both books, the board brief, and a workshop
# pack per format in facilitator/formats.yml. Remade only when a source changed (about three minutes).
SOURCES := $(shell git ls-files _config.yml _toc.yml modules book quizzes assessment facilitator wellbeing_course 2>/dev/null)
PDFS := _build/pdf/wellbeing-course.pdf _build/pdf/facilitator-guide.pdf _build/pdf/board-brief.pdf
pdf: $(PDFS)
packs: pdf
$(PDFS) &: $(STAMP) $(SOURCES) | chromium
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m wellbeing_course pdf

# The built learner book as one zip, for an internal server or to open from a folder.
offline: book
	$(PY) -c "import pathlib, zipfile; r = pathlib.Path('_build/html'); \
	  z = zipfile.ZipFile('_build/wellbeing-course-offline.zip', 'w', zipfile.ZIP_DEFLATED); \
	  [z.write(p, 'wellbeing-course/' + p.relative_to(r).as_posix()) for p in sorted(r.rglob('*')) if p.is_file() and '_sources' not in p.parts]; \
	  z.close()"
	@echo "Wrote _build/wellbeing-course-offline.zip: unzip it and open wellbeing-course/index.html"

# The learner book as a SCORM 1.2 package for an organization's learning system (one SCO per module).
scorm: book
	$(PY) -m wellbeing_course scorm

serve: book
	@echo "Learner book: http://localhost:8000/_build/html/   Facilitator guide: http://localhost:8000/facilitator/_build/html/"
	$(PY) -m http.server 8000 --bind 127.0.0.1

# JupyterLab on learner copies of the book's pages (_build/lab/), never on the sources:
# its autosave rewrites only a copy. REFRESH=1 also replaces copies you opened whose page changed.
lab: $(STAMP)
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m wellbeing_course.lab $(if $(REFRESH),--refresh) $(LAB_ARGS)

clean:
	rm -rf _build facilitator/_build .jupyter_cache facilitator/.jupyter_cache
