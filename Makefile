# Two commands for a fresh machine: `make book` and `make test`. Both do their own setup.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test check chromium serve lab clean pdf offline

$(STAMP): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

tests/node_modules/.installed: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --silent
	touch $@

# Debian's Chromium (browser tests) and poppler-utils (PDF tests); installed only when run as root and missing.
chromium:
	@if ! { command -v chromium && command -v pdftotext; } >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "Chromium is missing: install Debian's 'chromium' package (as root: apt-get install chromium)"; exit 1; fi; \
	fi

check: $(STAMP)
	$(PY) -m wellbeing_course check

book: $(STAMP)
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m wellbeing_course build

test: book tests/node_modules/.installed chromium pdf offline
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m pytest

# Both books as PDFs in _build/pdf/, printed by headless Chromium (poppler-utils numbers the contents).
# Remade only when a source changed: printing both books takes half a minute.
SOURCES := $(shell git ls-files _config.yml _toc.yml modules book quizzes assessment facilitator wellbeing_course 2>/dev/null)
PDFS := _build/pdf/wellbeing-course.pdf _build/pdf/facilitator-guide.pdf
pdf: $(PDFS)
$(PDFS) &: $(STAMP) $(SOURCES) | chromium
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m wellbeing_course pdf

# The built learner book as one zip, for an internal server or to open from a folder.
offline: book
	$(PY) -c "import pathlib, zipfile; r = pathlib.Path('_build/html'); \
	  z = zipfile.ZipFile('_build/wellbeing-course-offline.zip', 'w', zipfile.ZIP_DEFLATED); \
	  [z.write(p, 'wellbeing-course/' + p.relative_to(r).as_posix()) for p in sorted(r.rglob('*')) if p.is_file() and '_sources' not in p.parts]; \
	  z.close()"
	@echo "Wrote _build/wellbeing-course-offline.zip: unzip it and open wellbeing-course/index.html"

serve: book
	@echo "Learner book: http://localhost:8000/_build/html/   Facilitator guide: http://localhost:8000/facilitator/_build/html/"
	$(PY) -m http.server 8000 --bind 127.0.0.1

# JupyterLab on learner copies of the book's pages (_build/lab/), never on the sources:
# its autosave rewrites only a copy. REFRESH=1 also replaces copies you opened whose page changed.
lab: $(STAMP)
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m wellbeing_course.lab $(if $(REFRESH),--refresh)

clean:
	rm -rf _build facilitator/_build .jupyter_cache facilitator/.jupyter_cache
