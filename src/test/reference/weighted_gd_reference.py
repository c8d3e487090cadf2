#!/usr/bin/env python3
"""Float64 reference for full-batch gradient descent with sample weights (cropsgd's --weight-col).

The training rule of ../shared/reference/gd_reference.py with a factor w on every row's terms and W = sum(w)
in place of n (MLlib's weightCol convention, DESIGN.md "Weights and groups"):
    loss(W, b) = sum(w * (X @ W.T + b - Y) ** 2) / (W * k)
With whole-number weights this is the unweighted rule on the table with each row repeated w times; --check
asserts that against gd_reference.py itself before printing anything.

Usage:
    weighted_gd_reference.py CSV --labels a,b --features x,y,z --weight COL --lr 1e-5 --epochs 500
                             [--no-intercept] [--history] [--check]
Prints the final loss, weights and intercepts as JSON. Initial weights are zeros, no standardization.
"""
import argparse
import csv
import importlib.util
import json
import os

import numpy as np


def gradient_descent(X, Y, w, lr, epochs, intercept=True):
    d = X.shape[1]
    k = Y.shape[1]
    total = w.sum()
    W = np.zeros((k, d))
    b = np.zeros(k)
    history = []
    for _ in range(epochs):
        R = X @ W.T + b - Y
        history.append(float((w[:, None] * R * R).sum() / (total * k)))
        W = W - lr * (2.0 * (w[:, None] * R).T @ X / (total * k))
        if intercept:
            b = b - lr * (2.0 * (w[:, None] * R).sum(axis=0) / (total * k))
    R = X @ W.T + b - Y
    history.append(float((w[:, None] * R * R).sum() / (total * k)))
    return W, b, history


def check_against_repeated_rows(X, Y, w, lr, epochs, intercept):
    """Whole-number weights: the same numbers as gd_reference.py on the rows repeated w times."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "..", "..", "shared", "reference", "gd_reference.py")
    spec = importlib.util.spec_from_file_location("gd_reference", path)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    counts = np.round(w * 4).astype(int)  # quarters: any weights in steps of 0.25 repeat exactly
    assert np.allclose(counts / 4.0, w, rtol=0, atol=0), "--check needs weights in steps of 0.25"
    repeated = np.repeat(np.arange(len(w)), counts)
    W1, b1, h1 = gradient_descent(X, Y, w, lr, epochs, intercept)
    W2, b2, h2 = reference.gradient_descent(X[repeated], Y[repeated], lr, epochs, intercept)
    assert np.allclose(W1, W2, rtol=1e-12, atol=0) and np.allclose(b1, b2, rtol=1e-12, atol=1e-300)
    assert np.allclose(h1, h2, rtol=1e-12, atol=0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("csv")
    p.add_argument("--labels", required=True)
    p.add_argument("--features", required=True)
    p.add_argument("--weight", required=True)
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--no-intercept", action="store_true")
    p.add_argument("--history", action="store_true")
    p.add_argument("--check", action="store_true")
    a = p.parse_args()
    with open(a.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    labels = a.labels.split(",")
    features = a.features.split(",")
    X = np.array([[float(r[c]) for c in features] for r in rows])
    Y = np.array([[float(r[c]) for c in labels] for r in rows])
    w = np.array([float(r[a.weight]) for r in rows])
    if a.check:
        check_against_repeated_rows(X, Y, w, a.lr, a.epochs, not a.no_intercept)
    W, b, history = gradient_descent(X, Y, w, a.lr, a.epochs, not a.no_intercept)
    out = {"features": features, "labels": labels, "loss": history[-1], "weights": W.tolist(),
           "bias": b.tolist()}
    if a.history:
        out["history"] = history
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
