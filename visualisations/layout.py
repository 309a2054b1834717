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
    # hubs push harder (ForceAtlas2's degree-weighted repulsion), so a hub's many leaves do not pile up on it
    mass = np.ones(count)
    np.add.at(mass, src, 1.0)
    np.add.at(mass, dst, 1.0)
    mass = np.sqrt(mass)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    gravity = 0.05
    for _ in range(iterations):
        displacement = np.zeros_like(pos)
        if count > EXACT_LIMIT:  # repulsion from a fresh random sample each round, scaled up: O(n·s), not O(n²)
            chosen = rng.choice(count, SAMPLE, replace=False)
            others, other_mass, factor = pos[chosen], mass[chosen], count / SAMPLE
        else:
            others, other_mass, factor = pos, mass, 1.0
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, count, BLOCK):
            dx = x[start:start + BLOCK, None] - others[None, :, 0]
            dy = y[start:start + BLOCK, None] - others[None, :, 1]
            strength = (factor * k * k * mass[start:start + BLOCK, None] * other_mass[None, :]
                        / np.maximum(dx * dx + dy * dy, 1e-6))
            displacement[start:start + BLOCK, 0] += (dx * strength).sum(axis=1)
            displacement[start:start + BLOCK, 1] += (dy * strength).sum(axis=1)
        if len(src):
            delta = pos[src] - pos[dst]
            distance = np.sqrt(np.maximum((delta ** 2).sum(axis=-1), 1e-9))
            force = delta * (distance / k * weight)[:, None]
            np.add.at(displacement, src, -force)
            np.add.at(displacement, dst, force)
        displacement -= pos * (gravity * count * k * 0.2) * mass[:, None]
        length = np.sqrt(np.maximum((displacement ** 2).sum(axis=-1), 1e-9))
        pos += displacement * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= np.median(pos, axis=0)
    radius = np.sqrt((pos ** 2).sum(axis=-1))
    extent = float(np.percentile(radius, 85)) or float(radius.max()) or 1.0
    pos = pos / extent * scale * 0.8
    # pull far outliers (a leaf flung out) back to the rim, so they do not squeeze the rest when fitted
    radius = np.sqrt((pos ** 2).sum(axis=-1))
    outside = radius > scale
    pos[outside] *= (scale / radius[outside])[:, None]
    return pos


def spread(count: int) -> float:
    """The radius a component of ``count`` nodes gets, in page units (labels stay readable when fitted)."""
    return 0.0 if count <= 1 else 70.0 * math.sqrt(count) + 40.0


def component_layout(count: int, edges: list[tuple[int, int, float]], seed: int = 7) -> np.ndarray:
    """Each connected component laid out on its own, then packed in rows, largest first, so a few small
    islands do not push the main component into a corner or squeeze it."""
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in edges:
        parent[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(count):
        members.setdefault(find(i), []).append(i)
    components = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    by_component = {i: c for c, nodes in enumerate(components) for i in nodes}
    local_edges: list[list[tuple[int, int, float]]] = [[] for _ in components]
    local_index = {i: position for nodes in components for position, i in enumerate(nodes)}
    for i, j, w in edges:
        local_edges[by_component[i]].append((local_index[i], local_index[j], w))
    result = np.zeros((count, 2))
    radii = [max(spread(len(nodes)), 45.0) for nodes in components]
    row_width = max(2 * radii[0], math.sqrt(sum((2 * r) ** 2 for r in radii)) * 1.3)
    x = y = 0.0
    row_height = 0.0
    for nodes, edge_list, radius in zip(components, local_edges, radii):
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        local = force_layout(len(nodes), edge_list, seed=seed, scale=spread(len(nodes)))
        result[nodes] = local + np.array([x + radius, y + radius])
        x += 2 * radius + 30
        row_height = max(row_height, 2 * radius + 30)
    result -= result.mean(axis=0)
    return result
