#!/usr/bin/env python3
"""Makes regional-crops.csv: a synthetic regional crop table with known true weights plus noise.

8 regions x 20 years (2001-2020) x 25 fields = 4,000 rows. Weather is drawn per region (each region has its
own climate), yields follow the true linear model below plus Gaussian noise (sd 2.0 apples, 2.5 oranges).
Seeded, so running it again gives the same file:  python3 sample-data/make_regional.py
"""
import csv
import os

import numpy as np

FEATURES = ["year", "temp", "rainfall", "humidity"]
LABELS = ["apples", "oranges"]
# True model, original units: yield = W @ [year, temp, rainfall, humidity] + b.
W = np.array([[0.35, -0.40, 0.90, 0.45],
              [0.20, -0.20, 0.90, 0.55]])
B = np.array([-700.0, -400.0])
NOISE = np.array([2.0, 2.5])

rng = np.random.default_rng(20260101)
regions = ["Kanto", "Johto", "Hoenn", "Sinnoh", "Unova", "Kalos", "Alola", "Galar"]
rows = []
for region in regions:
    climate = rng.normal([80.0, 90.0, 55.0], [8.0, 20.0, 8.0])
    for year in range(2001, 2021):
        for _ in range(25):
            weather = rng.normal(climate, [6.0, 15.0, 6.0])
            x = np.concatenate([[year], weather])
            y = W @ x + B + rng.normal(0.0, NOISE)
            rows.append([region, year, *np.round(weather, 2), *np.round(y, 3)])

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regional-crops.csv")
with open(out, "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["region"] + FEATURES + LABELS)
    writer.writerows(rows)
print(f"wrote {len(rows)} rows to {out}")
