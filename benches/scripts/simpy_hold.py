#!/usr/bin/env python3
"""The engine's hold model in SimPy, to compare the engine with the Python simulator designers know.

The same model as `hold/engine` in benches/benches/engine.rs (benches/src/lib.rs, `Hold`): N
nodes, each keeping one timeout pending; when it fires the node draws an exponential delay with a
mean of 60 s (`MEAN_DELAY_MS`) from its own random stream and waits again, for 10 simulated
minutes, about 10 events per node. Prints events per second for each N.

    pip install simpy==4.1.2
    python3 benches/scripts/simpy_hold.py            # N = 10^3, 10^5
    python3 benches/scripts/simpy_hold.py 1000000    # or the sizes given

BENCHMARKS.md ("SimPy on the same hold model") records its output beside the engine's.
"""

import random
import sys
import time

import simpy

MEAN_DELAY_S = 60.0
DURATION_S = 600.0


def node(env, rng, counter):
    """One node: wait an exponential delay, count the event, again."""
    while True:
        yield env.timeout(rng.expovariate(1.0 / MEAN_DELAY_S))
        counter[0] += 1


def run(n):
    """Events per second of wall-clock time for `n` nodes over the run (best of three)."""
    best = 0.0
    for _ in range(3):
        env = simpy.Environment()
        counter = [0]
        for i in range(n):
            env.process(node(env, random.Random(i), counter))
        start = time.perf_counter()
        env.run(until=DURATION_S)
        wall = time.perf_counter() - start
        best = max(best, counter[0] / wall)
    return best


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 100_000]
    print(f"SimPy {simpy.__version__}, Python {sys.version.split()[0]}")
    print("| nodes (pending events) | events/s |")
    print("|---:|---:|")
    for n in sizes:
        print(f"| {n:,} | {run(n) / 1e6:.2f} M |")


if __name__ == "__main__":
    main()
