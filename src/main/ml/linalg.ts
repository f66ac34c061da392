/** Small dense linear algebra for the text-vector pipeline: a seeded PRNG, Gram-Schmidt orthonormalisation and the symmetric eigendecomposition (Jacobi). */

/** mulberry32: a small, fast, deterministic 32-bit generator; the same seed gives the same stream everywhere. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    let t = (s = (s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A standard normal draw from a uniform stream (Box-Muller; one of the pair is discarded to keep the stream simple). */
export function gaussian(random: () => number): number {
  let u = random()
  while (u <= 1e-300) u = random()
  const v = random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/**
 * Orthonormalises the columns of a row-major `rows x cols` matrix in place (modified Gram-Schmidt,
 * twice, which keeps the columns orthogonal to working precision). A column that is (numerically) a
 * combination of the earlier ones becomes zero. Returns how many columns are non-zero.
 */
export function orthonormaliseColumns(a: Float64Array, rows: number, cols: number): number {
  // Column-major copy: each column is contiguous while it is worked on.
  const c = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) c[j * rows + i] = a[i * cols + j]
  const originalNorm = new Float64Array(cols)
  for (let j = 0; j < cols; j++) {
    let s = 0
    const o = j * rows
    for (let i = 0; i < rows; i++) s += c[o + i] * c[o + i]
    originalNorm[j] = Math.sqrt(s)
  }
  let rank = 0
  for (let j = 0; j < cols; j++) {
    const oj = j * rows
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const op = p * rows
        let dot = 0
        for (let i = 0; i < rows; i++) dot += c[op + i] * c[oj + i]
        if (dot !== 0) for (let i = 0; i < rows; i++) c[oj + i] -= dot * c[op + i]
      }
    }
    let s = 0
    for (let i = 0; i < rows; i++) s += c[oj + i] * c[oj + i]
    const norm = Math.sqrt(s)
    if (norm <= 1e-10 * Math.max(originalNorm[j], 1e-300) || norm === 0) {
      for (let i = 0; i < rows; i++) c[oj + i] = 0
    } else {
      for (let i = 0; i < rows; i++) c[oj + i] /= norm
      rank++
    }
  }
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[i * cols + j] = c[j * rows + i]
  return rank
}

/**
 * Replaces the columns of a row-major `rows x cols` matrix by an orthonormal basis of their span
 * through the eigendecomposition of the small Gram matrix AᵀA (Q = A V Λ^-1/2), done twice so the
 * basis is orthonormal to working precision. Much cheaper than Gram-Schmidt when rows >> cols; the
 * basis is ordered by the eigenvalues, and directions below 1e-12 of the largest become zero
 * columns. Returns the rank.
 */
export function orthonormaliseByGram(a: Float64Array, rows: number, cols: number): number {
  let rank = 0
  for (let pass = 0; pass < 2; pass++) {
    const g = new Float64Array(cols * cols)
    for (let i = 0; i < rows; i++) {
      const o = i * cols
      for (let p = 0; p < cols; p++) {
        const v = a[o + p]
        if (v === 0) continue
        for (let q = p; q < cols; q++) g[p * cols + q] += v * a[o + q]
      }
    }
    for (let p = 0; p < cols; p++) for (let q = 0; q < p; q++) g[p * cols + q] = g[q * cols + p]
    const { values, vectors } = symmetricEigen(g, cols)
    const top = Math.max(0, values[0])
    const scale = new Float64Array(cols)
    rank = 0
    for (let m = 0; m < cols; m++) {
      if (top > 0 && values[m] > 1e-12 * top) {
        scale[m] = 1 / Math.sqrt(values[m])
        rank++
      }
    }
    const row = new Float64Array(cols)
    for (let i = 0; i < rows; i++) {
      const o = i * cols
      for (let m = 0; m < cols; m++) {
        if (scale[m] === 0) {
          row[m] = 0
          continue
        }
        let s = 0
        for (let p = 0; p < cols; p++) s += a[o + p] * vectors[p * cols + m]
        row[m] = s * scale[m]
      }
      for (let m = 0; m < cols; m++) a[o + m] = row[m]
    }
  }
  return rank
}

export interface SymmetricEigen {
  /** eigenvalues, largest first */
  values: Float64Array
  /** eigenvectors as the columns of a row-major n x n matrix, in the order of `values` */
  vectors: Float64Array
}

/**
 * Eigendecomposition of a symmetric n x n matrix (row-major) by cyclic Jacobi rotations, sorted by
 * eigenvalue descending. Each eigenvector's sign is fixed so its largest-magnitude entry is
 * positive, so the result does not depend on rotation order details.
 */
export function symmetricEigen(m: Float64Array, n: number): SymmetricEigen {
  const a = Float64Array.from(m)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    let diag = 0
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] * a[i * n + i]
      for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j]
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300) || off === 0) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]
        if (apq === 0) continue
        const app = a[p * n + p]
        const aqq = a[q * n + q]
        const theta = (aqq - app) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const cs = 1 / Math.sqrt(t * t + 1)
        const sn = t * cs
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]
          const akq = a[k * n + q]
          a[k * n + p] = cs * akp - sn * akq
          a[k * n + q] = sn * akp + cs * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]
          const aqk = a[q * n + k]
          a[p * n + k] = cs * apk - sn * aqk
          a[q * n + k] = sn * apk + cs * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]
          const vkq = v[k * n + q]
          v[k * n + p] = cs * vkp - sn * vkq
          v[k * n + q] = sn * vkp + cs * vkq
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x] || x - y)
  const values = new Float64Array(n)
  const vectors = new Float64Array(n * n)
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src]
    let big = 0
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + src]) > Math.abs(big)) big = v[k * n + src]
    const sign = big < 0 ? -1 : 1
    for (let k = 0; k < n; k++) vectors[k * n + dst] = sign * v[k * n + src]
  })
  return { values, vectors }
}

/** Scales a vector to unit Euclidean length in place; a zero vector stays zero. Returns the original norm. */
export function normaliseInPlace(x: Float32Array | Float64Array, offset = 0, length = x.length - offset): number {
  let s = 0
  for (let i = 0; i < length; i++) s += x[offset + i] * x[offset + i]
  const norm = Math.sqrt(s)
  if (norm > 0) for (let i = 0; i < length; i++) x[offset + i] /= norm
  return norm
}
