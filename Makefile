# nyanland: `make run` sets everything up and starts the app; `make test` runs the whole suite.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
LOCALES := sv en
MO      := $(foreach l,$(LOCALES),src/nyanland/locale/$(l)/LC_MESSAGES/nyanland.mo)
PSEUDO  := src/nyanland/locale/en_XA/LC_MESSAGES/nyanland.mo
LETTERS := src/nyanland/locale/.letters-installed

.PHONY: run test test-fast system-deps catalogs extract-messages lint typecheck pytest clean bench

run: system-deps $(STAMP) catalogs
	$(BIN)/nyanland

test: system-deps $(STAMP) catalogs lint typecheck pytest

# The same, less the tests marked slow (see the README for what they are and how long each takes).
test-fast: system-deps $(STAMP) catalogs lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -n 2 -m "not slow"

system-deps:
	@installer/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

catalogs: $(MO) $(PSEUDO) $(LETTERS)

# The letters' wording (translations/letters/LANG.po, with its review status) goes into the
# package as it is: the letters read the catalogues when they are written.
$(LETTERS): $(wildcard translations/letters/*.po) translations/letters_update.py $(STAMP)
	$(BIN)/python translations/letters_update.py install translations/letters src/nyanland/locale
	touch $@

# The pseudo-locales en_XA (long, bracketed) and ar_XB (right to left), made from the template.
$(PSEUDO): translations/nyanland.pot translations/pseudo.py $(STAMP)
	$(BIN)/python translations/pseudo.py translations/nyanland.pot src/nyanland/locale

src/nyanland/locale/%/LC_MESSAGES/nyanland.mo: translations/%.po $(STAMP)
	@mkdir -p $(dir $@)
	$(BIN)/pybabel compile -D nyanland -i $< -o $@ -l $* --statistics

# Re-reads every _() in the source into the template and merges it into each language's catalogue.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F translations/babel.cfg -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k NP_:1c,2 \
	  --no-location --sort-output --project=nyanland --version=$(shell $(BIN)/python -c "import nyanland;print(nyanland.__version__)") \
	  -o translations/nyanland.pot src/nyanland
	for l in $(LOCALES); do \
	  [ -f translations/$$l.po ] || $(BIN)/pybabel init -D nyanland -i translations/nyanland.pot -o translations/$$l.po -l $$l; \
	  $(BIN)/pybabel update -D nyanland -i translations/nyanland.pot -o translations/$$l.po -l $$l \
	    --no-fuzzy-matching --ignore-obsolete --width 100; \
	done
	$(BIN)/python translations/fill_english.py translations/en.po
	$(BIN)/pybabel extract --no-default-keywords -k L_ --no-location --sort-output \
	  --project="nyanland letters" -o translations/letters/letters.pot src/nyanland/reports/letter_html.py src/nyanland/reports/extract_rows.py
	$(BIN)/python translations/letters_update.py merge translations/letters

lint: $(STAMP)
	$(BIN)/ruff check src tests translations bench
	$(BIN)/ruff format --check src tests translations bench

typecheck: $(STAMP)
	$(BIN)/mypy

# Two workers (pytest-xdist), one a core: most tests wait on a process, a file or a server.
pytest: $(STAMP) catalogs
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -n 2

clean:
	rm -rf $(VENV) src/nyanland/locale build dist

# Builds stores of 1 000, 10 000 and 100 000 invented cases and writes docs/benchmarks.md;
# then syncs a laptop copy with a PostgreSQL server of 50 000 (docs/benchmarks-sync.md), and
# runs statistics method 2 over invented years (docs/benchmarks-statistics.md).
bench: system-deps $(STAMP) catalogs
	$(BIN)/python bench/run.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/statistics_method.py
	$(BIN)/python bench/key_rotation.py
	$(BIN)/python bench/server_rules.py
	$(BIN)/python bench/duplicates.py
	$(BIN)/python bench/letters.py
