/** Truncated SVD by randomized range finding (Halko, Martinsson & Tropp 2011), over any matrix given as its two products, for sparse TF-IDF and dense embeddings alike. */
import { gaussian, orthonormaliseByGram, seededRandom, symmetricEigen } from './linalg'

/** A rows x cols matrix known only through its products with dense row-major blocks. */
export interface MatrixOperator {
  rows: number
  cols: number
  /** A · B for B (cols x l, row-major); returns rows x l, row-major */
  multiply(b: Float64Array, l: number): Float64Array
  /** Aᵀ · Q for Q (rows x l, row-major); returns cols x l, row-major */
  multiplyTransposed(q: Float64Array, l: number): Float64Array
}

/** A sparse matrix in compressed sparse row form. */
export interface CsrMatrix {
  rows: number
  cols: number
  /** rows + 1 offsets into indices/values */
  indptr: Int32Array
  indices: Int32Array
  values: Float32Array
}

export function csrOperator(m: CsrMatrix): MatrixOperator {
  return {
    rows: m.rows,
    cols: m.cols,
    multiply(b, l) {
      const out = new Float64Array(m.rows * l)
      for (let i = 0; i < m.rows; i++) {
        const o = i * l
        for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
          const v = m.values[p]
          const bo = m.indices[p] * l
          for (let j = 0; j < l; j++) out[o + j] += v * b[bo + j]
        }
      }
      return out
    },
    multiplyTransposed(q, l) {
      const out = new Float64Array(m.cols * l)
      for (let i = 0; i < m.rows; i++) {
        const o = i * l
        for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
          const v = m.values[p]
          const co = m.indices[p] * l
          for (let j = 0; j < l; j++) out[co + j] += v * q[o + j]
        }
      }
      return out
    }
  }
}

/** A dense row-major rows x cols matrix (e.g. embeddings, centred or not). */
export function denseOperator(a: Float32Array | Float64Array, rows: number, cols: number): MatrixOperator {
  return {
    rows,
    cols,
    multiply(b, l) {
      const out = new Float64Array(rows * l)
      for (let i = 0; i < rows; i++) {
        const o = i * l
        const ao = i * cols
        for (let c = 0; c < cols; c++) {
          const v = a[ao + c]
          if (v === 0) continue
          const bo = c * l
          for (let j = 0; j < l; j++) out[o + j] += v * b[bo + j]
        }
      }
      return out
    },
    multiplyTransposed(q, l) {
      const out = new Float64Array(cols * l)
      for (let i = 0; i < rows; i++) {
        const o = i * l
        const ao = i * cols
        for (let c = 0; c < cols; c++) {
          const v = a[ao + c]
          if (v === 0) continue
          const co = c * l
          for (let j = 0; j < l; j++) out[co + j] += v * q[o + j]
        }
      }
      return out
    }
  }
}

export interface TruncatedSvd {
  /** number of components kept (singular values above the rank tolerance), at most the requested k */
  k: number
  /** singular values, largest first */
  singularValues: Float64Array
  /** right singular vectors as a cols x k row-major matrix: a row x projects to x · components */
  components: Float64Array
}

export interface SvdOptions {
  k: number
  seed: number
  /** extra random directions beyond k (default 10) */
  oversample?: number
  /** power iterations (default 2); each sharpens the spectrum for slowly decaying singular values */
  powerIterations?: number
  onProgress?: (fraction: number) => void
}

/**
 * The top-k right singular vectors and singular values of `a`. Deterministic for a seed. Directions
 * whose singular value is below 1e-7 of the largest are dropped, so a matrix of rank r < k gives r
 * components (at least one when the matrix is not all zero; zero components for a zero matrix).
 */
export function randomizedSvd(a: MatrixOperator, opts: SvdOptions): TruncatedSvd {
  const k = Math.max(0, Math.min(opts.k, a.rows, a.cols))
  if (k === 0) return { k: 0, singularValues: new Float64Array(0), components: new Float64Array(0) }
  const l = Math.min(k + (opts.oversample ?? 10), a.rows, a.cols)
  const q = opts.powerIterations ?? 2
  const random = seededRandom(opts.seed)
  const omega = new Float64Array(a.cols * l)
  for (let i = 0; i < omega.length; i++) omega[i] = gaussian(random)

  const steps = 2 + 2 * q
  let done = 0
  const tick = (): void => opts.onProgress?.(Math.min(1, ++done / steps))
  let y = a.multiply(omega, l)
  orthonormaliseByGram(y, a.rows, l)
  tick()
  for (let it = 0; it < q; it++) {
    // Aᵀ Q is not re-orthonormalised: with few power iterations in double precision the next
    // orthonormalisation of A Aᵀ Q is enough, and Aᵀ Q has as many rows as there are features.
    const z = a.multiplyTransposed(y, l)
    tick()
    y = a.multiply(z, l)
    orthonormaliseByGram(y, a.rows, l)
    tick()
  }
  // Bᵀ = Aᵀ Q (cols x l); B Bᵀ = (Bᵀ)ᵀ Bᵀ is small (l x l) and its eigenvectors are B's left singular vectors.
  const bt = a.multiplyTransposed(y, l)
  tick()
  const gram = new Float64Array(l * l)
  for (let c = 0; c < a.cols; c++) {
    const o = c * l
    for (let i = 0; i < l; i++) {
      const v = bt[o + i]
      if (v === 0) continue
      for (let j = i; j < l; j++) gram[i * l + j] += v * bt[o + j]
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]
  const eig = symmetricEigen(gram, l)
  const top = Math.sqrt(Math.max(0, eig.values[0]))
  let kept = 0
  while (kept < k && Math.sqrt(Math.max(0, eig.values[kept])) > 1e-7 * top && top > 0) kept++
  const singularValues = new Float64Array(kept)
  for (let m = 0; m < kept; m++) singularValues[m] = Math.sqrt(eig.values[m])
  // V = Bᵀ U Σ⁻¹, sign-fixed so each component's largest-magnitude entry is positive.
  const components = new Float64Array(a.cols * kept)
  for (let c = 0; c < a.cols; c++) {
    const o = c * l
    for (let m = 0; m < kept; m++) {
      let s = 0
      for (let j = 0; j < l; j++) s += bt[o + j] * eig.vectors[j * l + m]
      components[c * kept + m] = s / singularValues[m]
    }
  }
  for (let m = 0; m < kept; m++) {
    let big = 0
    for (let c = 0; c < a.cols; c++) if (Math.abs(components[c * kept + m]) > Math.abs(big)) big = components[c * kept + m]
    if (big < 0) for (let c = 0; c < a.cols; c++) components[c * kept + m] = -components[c * kept + m]
  }
  tick()
  return { k: kept, singularValues, components }
}
