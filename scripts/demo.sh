#!/bin/sh
# The main job: set up, check the bundled models, and compare the support desk as it is with
# its AI redesign; the table goes to the terminal, plots and the HTML report to out/.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out
build/wfsim check models/*.yaml
echo
build/wfsim compare models/support-asis.yaml models/support-tobe.yaml \
	--plots out/plots --report out/report.html --json out/comparison.json
echo
build/wfsim sweep models/support-asis.yaml models/support-tobe.yaml \
	--vary resources.agents.capacity=4:24:2 --plots out/sweep --report out/sweep.html
echo "plots in out/plots/ and out/sweep/, reports in out/report.html and out/sweep.html"
