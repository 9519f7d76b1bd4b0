#!/usr/bin/env python3
"""Turns PlacementBenchmark's JMH JSON into the table of docs/performance.md: each policy's decisions per second next
to the baseline loop measured in the same run, on the same host table, and the ratio between them."""
import json
import sys

results = json.load(open(sys.argv[1]))
score, p99 = {}, {}
for r in results:
    method = r["benchmark"].rsplit(".", 1)[1]
    key = (method, r["mode"], int(r["params"]["hosts"]), r["params"]["policy"])
    m = r["primaryMetric"]
    if r["mode"] == "thrpt":
        score[key] = m["score"] * 1000  # ops/ms -> ops/s
    else:
        p99[key] = m["scorePercentiles"]["99.0"] * 1000  # ms -> µs

print("| hosts | policy | decisions/s (`decide`) | p99 µs | baseline loops/s | baseline ÷ policy"
      " | with explanation (`decideAndExplain`) /s | p99 µs | baseline ÷ it"
      " | incl. table build and explanation /s | p99 µs |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for hosts, policy in dict.fromkeys((k[2], k[3]) for k in score):  # in the run's order
    def s(method):
        return score.get((method, "thrpt", hosts, policy), float("nan"))

    def q(method):
        return p99.get((method, "sample", hosts, policy), float("nan"))

    print(f"| {hosts:,} | {policy} | {s('decide'):,.0f} | {q('decide'):,.1f} | {s('baseline'):,.0f}"
          f" | {s('baseline') / s('decide'):,.1f}× | {s('decideAndExplain'):,.0f} | {q('decideAndExplain'):,.1f}"
          f" | {s('baseline') / s('decideAndExplain'):,.1f}× | {s('decideFromCandidates'):,.0f} | {q('decideFromCandidates'):,.0f} |")
