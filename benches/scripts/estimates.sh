#!/usr/bin/env bash
# Run-time estimates against measured times: for every shipped study, and for the longer runs that
# set the protocols' costs, prints what `depinsim validate` estimates and what `depinsim run`
# takes (wall-clock, one worker thread, release build). BENCHMARKS.md ("Run-time estimates")
# records its output. Usage: benches/scripts/estimates.sh [--quick] (--quick: shipped studies only).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q -p depinsim
bin=target/release/depinsim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() {
  local label=$1; shift
  local est start end
  est=$("$bin" validate "$@" --profiles hardware-profiles | sed -n 1p | sed -E 's/.*estimated run time (about )?([^;]*);.*/\2/')
  start=$(date +%s.%N)
  "$bin" run "$@" --profiles hardware-profiles --jobs 1 --quiet --yes --out "$out/run" >/dev/null
  end=$(date +%s.%N)
  printf '| %s | %s | %s s |\n' "$label" "$est" "$(awk "BEGIN { printf \"%.2f\", $end - $start }")"
}

echo "| run | estimate | measured |"
echo "|---|---:|---:|"
for s in scenarios/*.toml; do
  measure "$(basename "$s" .toml)" "$s"
done
[ "${1:-}" = "--quick" ] && exit 0
long="--set sample_every=6h --set duration=300d"
measure "filecoin-ovh-fire, 300 d" scenarios/filecoin-ovh-fire.toml $long
measure "helium-aws-oracle-outage, 30 d" scenarios/helium-aws-oracle-outage.toml --set duration=30d
measure "helium-density-scaling, 30 d" scenarios/helium-density-scaling.toml --set duration=30d
measure "ovh-sbg-2021-03-10, 300 d" scenarios/ovh-sbg-2021-03-10.toml $long
measure "cloudflare-2025-11-18, 30 d" scenarios/cloudflare-2025-11-18.toml --set duration=30d --set sample_every=1h
measure "cloudflare-2025-11-18, 1,000,000 nodes" scenarios/cloudflare-2025-11-18.toml \
  --set networks.content.nodes.home-storage.count=998570 --set networks.content.params.objects=1000000
measure "akash-aws-us-east-1-2025, 300 d" scenarios/akash-aws-us-east-1-2025.toml $long
measure "render-gpu-failures, 300 d" scenarios/render-gpu-failures.toml $long
measure "aleph-crn-failover, 300 d" scenarios/aleph-crn-failover.toml $long
measure "hivemapper-city-freshness, 5 y" scenarios/hivemapper-city-freshness.toml --set duration=1820d --set sample_every=1d
measure "powerledger-iberian-blackout, 300 d" scenarios/powerledger-iberian-blackout.toml $long
