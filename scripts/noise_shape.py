"""How the index benchmark's synthetic vectors vary, next to real ones.

`ayi bench index` embeds the first REAL generated profiles with the model and
gives every other profile one of those vectors moved by noise (`--noise`).
This compares each kind of noise with the real vectors on what makes a graph
search hard:

- size: mean distance of a generated vector from the real one it came from,
  next to the distance of a real vector from its nearest real neighbour;
- local intrinsic dimensionality (LID, Levina-Bickel maximum likelihood from
  the distances to the k nearest neighbours): how many directions points
  spread in around each point. Graph indexes lose recall as LID grows
  (Aumüller & Ceccarello, "The role of local intrinsic dimensionality in
  benchmarking nearest neighbor search", 2019).

    pip install numpy
    python3 scripts/noise_shape.py /tmp/bench1m.e5-seed7-2000x384.f32

The file is the bench's cache of real vectors (little-endian f32, 384 per
profile), written next to its --dir. Generated sets use 100 copies of each of
the first 200 real vectors; the models mirror src/index/commands.rs.
"""

import sys

import numpy as np

NOISE_TERMS = 16  # --noise neighbours
LOCAL_NEIGHBOURS = 32  # --noise local
BASES, COPIES = 200, 100


def lid(points, sample, k):
    """Median LID estimate at the points `sample` (indices into `points`)."""
    d2 = 2 - 2 * (points[sample] @ points.T)
    d2[np.arange(len(sample)), sample] = np.inf
    d = np.sqrt(np.clip(np.sort(d2, axis=1)[:, :k], 1e-12, None))
    return float(np.median(-1 / np.mean(np.log(d[:, :-1] / d[:, -1:]), axis=1)))


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


real = unit(np.fromfile(sys.argv[1], dtype="<f4").reshape(-1, 384))
n = len(real)
sim = real @ real.T
np.fill_diagonal(sim, -np.inf)
order = np.argsort(-sim, axis=1)
differences = real - real[order[:, 0]]
rng = np.random.default_rng(7)


def generate(noise):
    base = np.repeat(np.arange(BASES), COPIES)
    m = len(base)
    if noise == "isotropic":
        moved = real[base] + rng.normal(0, 0.02, (m, 384))
    elif noise == "neighbours":
        weights = rng.normal(0, 1 / np.sqrt(NOISE_TERMS), (m, NOISE_TERMS))
        picks = differences[rng.integers(0, n, (m, NOISE_TERMS))]
        moved = real[base] + np.einsum("mt,mtd->md", weights, picks)
    else:
        near = order[base, :LOCAL_NEIGHBOURS]
        weights = rng.normal(0, 1 / np.sqrt(LOCAL_NEIGHBOURS), (m, LOCAL_NEIGHBOURS))
        moved = real[base] + np.einsum("mt,mtd->md", weights, real[near] - real[base][:, None, :])
    return unit(moved).astype(np.float32), base


print(f"{n} real profile vectors; cosine to nearest real neighbour: mean {sim.max(axis=1).mean():.3f}")
print(f"{'':<12} {'size':>6} {'LID k=10':>9} {'LID k=20':>9}")
every = np.arange(n)
size = np.linalg.norm(differences, axis=1).mean()
print(f"{'real':<12} {size:6.3f} {lid(real, every, 10):9.1f} {lid(real, every, 20):9.1f}")
for noise in ("local", "neighbours", "isotropic"):
    points, base = generate(noise)
    size = np.linalg.norm(points - real[base], axis=1).mean()
    sample = rng.choice(len(points), 1000, replace=False)
    print(f"{noise:<12} {size:6.3f} {lid(points, sample, 10):9.1f} {lid(points, sample, 20):9.1f}")
