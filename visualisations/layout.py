"""Node positions computed once, in Python, so a page opens still and fast: a seeded Fruchterman-Reingold in
numpy (exact repulsion in row blocks up to EXACT_LIMIT nodes, a fresh random sample of SAMPLE nodes per round
above, so 5,000 nodes take seconds, not minutes), with a weak pull to the centre
so separate components stay in view. Deterministic for a given graph and seed; no scipy needed."""

from __future__ import annotations

import math

import numpy as np

BLOCK = 512
EXACT_LIMIT = 1200  # above this many nodes, repulsion is estimated from a sample
SAMPLE = 400


def force_layout(count: int, edges: list[tuple[int, int, float]], *, seed: int = 7, iterations: int | None = None,
                 scale: float = 1000.0) -> np.ndarray:
    """Positions (count × 2) for nodes 0..count-1 joined by ``edges`` (i, j, weight); spread to about ``scale``."""
    if count == 0:
        return np.zeros((0, 2))
    if count == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    if iterations is None:
        iterations = 120 if count <= 300 else 70 if count <= 1500 else 45
    pos = rng.random((count, 2)) - 0.5
    k = math.sqrt(1.0 / count)
    if edges:
        src = np.fromiter((e[0] for e in edges), dtype=np.int64, count=len(edges))
        dst = np.fromiter((e[1] for e in edges), dtype=np.int64, count=len(edges))
        weight = np.fromiter((math.log1p(max(e[2], 0.0)) + 1.0 for e in edges), dtype=float, count=len(edges))
    else:
        src = dst = np.zeros(0, dtype=np.int64)
        weight = np.zeros(0)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    gravity = 0.05
    for _ in range(iterations):
        displacement = np.zeros_like(pos)
        if count > EXACT_LIMIT:  # repulsion from a fresh random sample each round, scaled up: O(n·s), not O(n²)
            others = pos[rng.choice(count, SAMPLE, replace=False)]
            factor = count / SAMPLE
        else:
            others, factor = pos, 1.0
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, count, BLOCK):
            dx = x[start:start + BLOCK, None] - others[None, :, 0]
            dy = y[start:start + BLOCK, None] - others[None, :, 1]
            strength = factor * k * k / np.maximum(dx * dx + dy * dy, 1e-6)
            displacement[start:start + BLOCK, 0] += (dx * strength).sum(axis=1)
            displacement[start:start + BLOCK, 1] += (dy * strength).sum(axis=1)
        if len(src):
            delta = pos[src] - pos[dst]
            distance = np.sqrt(np.maximum((delta ** 2).sum(axis=-1), 1e-9))
            force = delta * (distance / k * weight)[:, None]
            np.add.at(displacement, src, -force)
            np.add.at(displacement, dst, force)
        displacement -= pos * gravity * count * k
        length = np.sqrt(np.maximum((displacement ** 2).sum(axis=-1), 1e-9))
        pos += displacement * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = np.abs(pos).max() or 1.0
    return pos / extent * scale * max(1.0, math.sqrt(count / 100))
