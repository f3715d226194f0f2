# Frontline: `make map` renders the seed map, `make test` runs the whole suite.
# Both create .venv and install the project first; `make test` also installs the Debian
# packages the tests drive for real (Chromium, QGIS/GDAL, PostgreSQL/PostGIS).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := chromium chromium-driver fonts-dejavu-core python3-qgis qgis-providers \
	gdal-bin postgresql postgresql-15-postgis-3
PYTEST_ARGS ?=

.PHONY: map test install sysdeps bench lint clean gazetteer-data

$(BIN)/frontline: pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements/model.txt
	touch $@

install: $(BIN)/frontline

map: install
	$(BIN)/frontline map seeds/ -o maps/seeds.html --geojson maps/seeds.geojson \
		--title "Frontline: claims in the seed articles"

sysdeps:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

test: install sysdeps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install sysdeps
	$(BIN)/python benchmarks/run.py

# the vendored derived tables of the gazetteer (gazetteer/README.md, "Derived tables")
gazetteer-data: install
	$(BIN)/python -m gazetteer.derive

lint: install
	$(BIN)/ruff check geo gazetteer tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
