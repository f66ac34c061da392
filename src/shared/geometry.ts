/** Plane geometry shared by the map's renderer and the backend, so a lasso selects the same points on both sides. */

export type Polygon = readonly (readonly [number, number])[]

/** Bounding box of a polygon. */
export function polygonBounds(poly: Polygon): { minX: number; maxX: number; minY: number; maxY: number } {
  let minX = Infinity
  let maxX = -Infinity
  let minY = Infinity
  let maxY = -Infinity
  for (const [x, y] of poly) {
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  return { minX, maxX, minY, maxY }
}

/**
 * Even-odd ray casting: true when (x, y) is inside the closed polygon. A point exactly on an edge
 * may fall either way, but always the same way for the same numbers.
 */
export function pointInPolygon(x: number, y: number, poly: Polygon): boolean {
  let inside = false
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const xi = poly[i][0]
    const yi = poly[i][1]
    const xj = poly[j][0]
    const yj = poly[j][1]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Indices of the points (x, y interleaved) inside any of the polygons (a union: an additive lasso),
 * ascending. Points are tested in single precision as stored, with a bounding-box check first.
 */
export function pointsInPolygons(xy: ArrayLike<number>, polygons: readonly Polygon[]): number[] {
  const boxes = polygons.map(polygonBounds)
  const out: number[] = []
  const n = xy.length / 2
  for (let i = 0; i < n; i++) {
    const x = xy[i * 2]
    const y = xy[i * 2 + 1]
    for (let p = 0; p < polygons.length; p++) {
      const b = boxes[p]
      if (x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) continue
      if (pointInPolygon(x, y, polygons[p])) {
        out.push(i)
        break
      }
    }
  }
  return out
}
