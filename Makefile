# HYC — Odoo 18 addons for Chinese SMBs. `make run` and `make test` are the two commands;
# both set up whatever is missing first (see scripts/setup.sh).

ODOO_SRC ?= /opt/odoo/18.0
ADDON ?=
PORT ?= 8069
VENV := .venv
PY := $(VENV)/bin/python
export ODOO_SRC

.PHONY: help setup run test lint bench clean-db

help:
	@echo "make run              set up, create the hyc_demo database, serve Odoo on http://localhost:$(PORT)"
	@echo "make test             set up, then every test of the suite; ends with 'N passed, N failed'"
	@echo "make test ADDON=hyc_x one addon's tests, alone in a fresh database"
	@echo "make lint             ruff, pylint-odoo, manifests, XML, access rules, translations"
	@echo "make bench            benchmarks in bench/, with ratios to the Odoo built-ins"
	@echo "make clean-db         drop the test and template databases (they are rebuilt on demand)"

# Every command that needs Odoo stops at once, with one sentence, when there is none.
ifneq ($(filter run test lint bench setup clean-db,$(or $(MAKECMDGOALS),help)),)
ODOO_FOUND := $(shell grep -s -q -E '^version_info = .18, 0,' "$(ODOO_SRC)/odoo/release.py" && echo yes)
ifneq ($(ODOO_FOUND),yes)
$(error No Odoo 18.0 source tree at $(ODOO_SRC) (ODOO_SRC): put an Odoo 18.0 Community source checkout there, e.g. a clone of the 18.0 branch of the official odoo/odoo repository, or set ODOO_SRC to the folder that holds one)
endif
endif

setup:
	@bash scripts/setup.sh

run: setup
	@$(PY) scripts/hyc_run.py --port $(PORT)

test: setup
	@$(PY) scripts/hyc_test.py $(if $(ADDON),--addon $(ADDON))

lint: setup
	@$(PY) scripts/hyc_test.py --only lint

bench: setup
	@$(PY) bench/run.py

clean-db: setup
	@$(PY) -c "import sys; sys.path.insert(0, 'scripts'); import hyc_dev; hyc_dev.drop_all_test_databases()"
