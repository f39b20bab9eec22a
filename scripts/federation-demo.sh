#!/usr/bin/env bash
# Three province instances and a national one on this machine, each on a port and a data folder of its own: the national
# administrator registers the provinces, each province pushes its figures, the national comparison and the reconciliation
# are printed, and every instance started is stopped again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet run -c Release --project bench/CivicTrack.Bench -- federation-demo "$@"
