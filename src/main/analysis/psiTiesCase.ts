/**
 * Test data shared by the PSI tests: a reference sample with many equal costs sitting exactly at
 * the quantile positions of levels 0.3, 0.6 and 0.7, where numpy's levels (i * 0.1) and i / 10
 * give different edges, and the PSI numpy computes on it.
 *
 * reference: 61 costs, sorted: 6 x 0.0005, 13 x 0.001 (positions 6-18), 18 x 0.002 (19-36),
 * 6 x 0.003 (37-42), then 0.004, 0.005, ..., 0.021. With n - 1 = 60 the positions of levels 0.3,
 * 0.6, 0.7 are 18.000000000000004, 36.00000000000001, 42.00000000000001 (i / 10 would give 18,
 * 36, 42 exactly), so those edges sit just above 0.001, 0.002 and 0.003 and the tied values fall
 * in the bin below them:
 *   edges  0.0005 | 0.001 | 0.0010000000000000035 | 0.002 | 0.002000000000000007 |
 *          0.003000000000000007 | 0.009 | 0.015 | 0.025 (last edge = the current max)
 *   reference counts 6, 13, 0, 18, 6, 5, 6, 7 (of 61); current 10, 20, 0, 15, 10, 0, 2, 3 (of 60)
 *   PSI = sum (q - p) ln(q / p) with p, q clipped to [1e-6, 1] = 1.1848249815271252
 * (with i / 10 the edges would be 0.0005, 0.001, 0.002, 0.003, 0.009, 0.015, 0.025 and PSI
 * 0.2225078613382988). Computed with numpy 2.4:
 *   e = np.quantile(ref, np.linspace(0, 1, 11)); e[0] = min(e[0], cur.min()); e[-1] = max(e[-1], cur.max())
 *   e = np.unique(e); r = np.histogram(ref, e)[0] / 61; c = np.histogram(cur, e)[0] / 60
 *   np.sum((clip(c) - clip(r)) * np.log(clip(c) / clip(r)))
 */
export const PSI_TIES = {
  reference: [
    ...new Array<number>(6).fill(0.0005),
    ...new Array<number>(13).fill(0.001),
    ...new Array<number>(18).fill(0.002),
    ...new Array<number>(6).fill(0.003),
    0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.011, 0.012, 0.013, 0.014, 0.015, 0.016, 0.017, 0.018, 0.019, 0.02, 0.021
  ],
  current: [
    ...new Array<number>(10).fill(0.0005),
    ...new Array<number>(20).fill(0.001),
    ...new Array<number>(15).fill(0.002),
    ...new Array<number>(10).fill(0.003),
    0.01, 0.012, 0.015, 0.02, 0.025
  ],
  edges: [0.0005, 0.001, 0.0010000000000000035, 0.002, 0.002000000000000007, 0.003000000000000007, 0.009, 0.015, 0.025],
  referenceCounts: [6, 13, 0, 18, 6, 5, 6, 7],
  currentCounts: [10, 20, 0, 15, 10, 0, 2, 3],
  psi: 1.1848249815271252
}
