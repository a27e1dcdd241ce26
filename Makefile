# The two commands of the README:
#   make demo   install what is missing, build, run the analysis on the bundled test town
#   make test   install what is missing, build, run every C++ and Python test
# Both work on a fresh Debian 12 with nothing else installed (apt-get via sudo when not root).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
APT_PACKAGES := build-essential cmake ninja-build pkg-config git \
                libgdal-dev libgeos-dev libproj-dev libboost-dev catch2 libtomlplusplus-dev \
                gdal-bin proj-data
# QGIS, only for the test that opens our GeoPackage with QGIS itself (run by Debian's python3).
QGIS_PACKAGES := qgis python3-qgis
# Headless Chromium and poppler, only for the report's browser and PDF tests (and the PDF of the
# fact sheets); npm builds the report's JavaScript (from nodejs's npm, else Debian's).
REPORT_PACKAGES := chromium poppler-utils fonts-dejavu-core
# PostgreSQL + PostGIS, only for the tests that read inputs from a throw-away PostGIS cluster.
POSTGIS_PACKAGES := postgresql-15-postgis-3 postgis postgresql-15-pgrouting
# Clang with its sanitizer runtimes and libFuzzer: the sanitized test build and the fuzz targets.
FUZZ_PACKAGES := clang libclang-rt-14-dev libfuzzer-14-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CPP_BUILD := build/cmake
TOWN := testdata/town/town.gpkg

.PHONY: demo test notebook setup system-packages qgis-packages postgis-packages report-packages fuzz-packages python-env install build-cpp build-sanitized test-cpp test-sanitized \
        test-python fuzz fuzz-seeds testdata benchmark clean qgis-plugin qgis-screenshots

demo: install report-packages
	@mkdir -p out
	$(VENV)/bin/warmte analyse \
	  --neighbourhoods $(TOWN):buurten --buildings $(TOWN):panden --water $(TOWN):waterdelen \
	  --heat-network $(TOWN):warmtenet --plants $(TOWN):rwzi --roads $(TOWN):wegen \
	  --grid heat=testdata/town/heat_demand.tif --grid cbs=$(TOWN):vierkant100m \
	  --output out/demo.gpkg --buildings-layer --heat-grid out/demo_heat_density.tif --map --report out/report
	@echo "open $(CURDIR)/out/report/index.html in a browser; print out/report/factsheets.pdf for a session"

test: install qgis-packages postgis-packages report-packages build-cpp build-sanitized
	$(MAKE) --no-print-directory test-cpp test-sanitized test-python
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

# JupyterLab on notebooks/, with the venv's kernel (it imports warmte). Root (a container) needs
# --allow-root; JUPYTER_OPTIONS passes more, e.g. JUPYTER_OPTIONS="--no-browser --port 8890".
notebook: install
	$(PY) -m pip install -q --no-build-isolation ".[test,notebook]"
	$(VENV)/bin/jupyter lab notebooks/ $(if $(SUDO),,--allow-root) $(JUPYTER_OPTIONS)

setup: install

# The QGIS plugin (Processing provider libwarmte) as an installable zip: dist/libwarmte-<version>.zip,
# for Plugins -> Install from ZIP. Its parameters come from this build's `warmte --describe`.
qgis-plugin: install
	$(PY) qgis/build_plugin.py --program $(VENV)/bin/warmte --out dist

# The plugin's dialog and its styled result in QGIS under Xvfb (to look at; not a test).
qgis-screenshots: qgis-plugin qgis-packages
	$(call apt_install,xvfb xauth,--no-install-recommends)
	home=$$(mktemp -d) && HOME=$$home xvfb-run -a -s "-screen 0 1600x1000x24" /usr/bin/python3 qgis/screenshots.py \
	  dist/libwarmte-$$($(PY) -c "import warmte; print(warmte.__version__)").zip $(CURDIR)/$(TOWN) $(CURDIR)/dist/screenshots

# Debian packages: only the missing ones of $(1) are installed, with apt-get options $(2).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(2) $$missing; \
	fi
endef

system-packages:
	$(call apt_install,$(APT_PACKAGES),)
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }

report-packages:
	$(call apt_install,$(REPORT_PACKAGES),--no-install-recommends)

qgis-packages:
	$(call apt_install,$(QGIS_PACKAGES),--no-install-recommends)

postgis-packages:
	$(call apt_install,$(POSTGIS_PACKAGES),--no-install-recommends)

fuzz-packages:
	$(call apt_install,$(FUZZ_PACKAGES),--no-install-recommends)

# The virtual environment, from the python3 on PATH; rebuilt when pyproject.toml changes.
$(VENV)/.requirements: pyproject.toml | system-packages
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.13"
	@touch $@

python-env: system-packages $(VENV)/.requirements

# The package (extension, pure Python and the warmte program) into the venv. The CMake build
# directory is kept (build/python), so a rebuild only compiles what changed.
install: python-env
	$(PY) -m pip install -q --no-build-isolation ".[test]"

build-cpp: system-packages
	cmake -S . -B $(CPP_BUILD) -G Ninja -DWARMTE_BUILD_TESTS=ON -DWARMTE_BUILD_PYTHON=OFF >/dev/null
	cmake --build $(CPP_BUILD)

test-cpp:
	ctest --test-dir $(CPP_BUILD) --output-on-failure

# The same Catch2 tests under AddressSanitizer and UndefinedBehaviorSanitizer, built by clang with
# libFuzzer's coverage instrumentation: the one build also links the fuzz targets.
SANITIZED_BUILD := build/sanitized
build-sanitized: system-packages fuzz-packages
	cmake -S . -B $(SANITIZED_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
	  -DWARMTE_FUZZ=ON -DWARMTE_BUILD_TESTS=ON -DWARMTE_BUILD_CLI=OFF >/dev/null
	cmake --build $(SANITIZED_BUILD)

test-sanitized:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  $(SANITIZED_BUILD)/tests/cpp/warmte_tests

# libFuzzer: each target for FUZZ_SECONDS (make test: TEST_FUZZ_SECONDS each), from seeds made
# from the test data plus what earlier runs found (build/fuzz-corpus). A crash stops the run and
# leaves its input as build/fuzz-artifacts/<target>-crash-*; fix it and add a regression test.
FUZZ_TARGETS := fuzz_wkb fuzz_config fuzz_csv fuzz_gpkg
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 30
FUZZ_CORPUS := build/fuzz-corpus
fuzz-seeds: install
	$(PY) fuzz/make_seeds.py build/fuzz-seeds

fuzz: build-sanitized fuzz-seeds
	@mkdir -p build/fuzz-artifacts
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_CORPUS)/$$t; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	    $(SANITIZED_BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz-artifacts/$$t- $(FUZZ_CORPUS)/$$t build/fuzz-seeds/$$t \
	    > build/fuzz-artifacts/$$t.log 2>&1 \
	    || { tail -40 build/fuzz-artifacts/$$t.log; echo "$$t found a crash: build/fuzz-artifacts/"; exit 1; }; \
	  grep -E "^stat::number_of_executed_units|DONE" build/fuzz-artifacts/$$t.log | tr '\n' ' '; echo; \
	done

test-python:
	$(PY) -m pytest -q

# Regenerates the committed test town (deterministic: the files only change with the script).
testdata: python-env
	$(PY) testdata/generate_town.py

benchmark: install
	$(PY) benchmarks/run_benchmarks.py
	$(PY) benchmarks/bench_rescore.py
	$(PY) -m pip install -q exactextract rasterio
	$(PY) benchmarks/bench_raster_stats.py

clean:
	rm -rf build out
