import { describe, expect, it } from 'vitest'
import { categoryPalette, fitView, hitTest, maskBit, panBy, rasterize, toMap, toScreen, zoomAt } from './mapView'

describe('map view transforms', () => {
  it('fits the bounds in the canvas with a margin and maps the corners inside it', () => {
    const v = fitView({ minX: -10, maxX: 10, minY: -5, maxY: 5 }, 200, 100, 0.1)
    // 80% of 200 px for 20 units or of 100 px for 10 units: 8 px per unit
    expect(v).toEqual({ cx: 0, cy: 0, scale: 8 })
    expect(toScreen(v, 200, 100, -10, 5)).toEqual([20, 10])
    expect(toMap(v, 200, 100, 20, 10)).toEqual([-10, 5])
  })

  it('zooms around the cursor (that map point stays put) and pans by pixels', () => {
    const v = { cx: 0, cy: 0, scale: 10 }
    const z = zoomAt(v, 100, 100, 80, 20, 2)
    expect(toMap(z, 100, 100, 80, 20)).toEqual(toMap(v, 100, 100, 80, 20))
    expect(z.scale).toBe(20)
    expect(panBy(v, 10, -20)).toEqual({ cx: -1, cy: -2, scale: 10 })
  })
})

describe('rasterize', () => {
  const palette = categoryPalette(2, ['#ff0000', '#00ff00'])
  const view = { cx: 0, cy: 0, scale: 1 }
  const pixel = (out: Uint8ClampedArray, x: number, y: number, w: number): number[] => Array.from(out.subarray((y * w + x) * 4, (y * w + x) * 4 + 4))

  it('draws each point in its colour and leaves the rest transparent', () => {
    const out = new Uint8ClampedArray(4 * 4 * 4)
    // points at map (-1, 1) and (1, -1) land on pixels (1, 1) and (3, 3)
    rasterize({ xy: Float32Array.from([-1, 1, 1, -1]), n: 2, codes: Uint8Array.from([0, 1]), mask: null, selected: null, view, width: 4, height: 4, palette, pointSize: 1 }, out)
    expect(pixel(out, 1, 1, 4)).toEqual([255, 0, 0, 255])
    expect(pixel(out, 3, 3, 4)).toEqual([0, 255, 0, 255])
    expect(pixel(out, 0, 0, 4)).toEqual([0, 0, 0, 0])
  })

  it('greys out-of-scope points under in-scope ones and draws selected points on top', () => {
    const out = new Uint8ClampedArray(4 * 4 * 4)
    // two points on the same pixel: the in-scope one wins whatever the order
    const mask = Uint8Array.from([0b10])
    rasterize({ xy: Float32Array.from([0, 0, 0, 0, -1, 1]), n: 3, codes: Uint8Array.from([0, 1, 0]), mask, selected: null, view, width: 4, height: 4, palette, pointSize: 1 }, out)
    expect(pixel(out, 2, 2, 4)).toEqual([0, 255, 0, 255])
    expect(pixel(out, 1, 1, 4)).toEqual([205, 209, 216, 255])
    rasterize({ xy: Float32Array.from([0, 0]), n: 1, codes: null, mask: null, selected: Uint8Array.from([1]), view, width: 4, height: 4, palette, pointSize: 1 }, out)
    expect(pixel(out, 2, 2, 4)).toEqual([17, 24, 39, 255])
  })

  it('draws only the points loaded so far', () => {
    const out = new Uint8ClampedArray(4 * 4 * 4)
    rasterize({ xy: Float32Array.from([0, 0, -1, 1]), n: 1, codes: null, mask: null, selected: null, view, width: 4, height: 4, palette, pointSize: 1 }, out)
    expect(pixel(out, 1, 1, 4)).toEqual([0, 0, 0, 0])
  })
})

describe('hitTest and maskBit', () => {
  it('finds the nearest in-scope point within the radius', () => {
    const xy = Float32Array.from([0, 0, 3, 0, 1, 0])
    const view = { cx: 0, cy: 0, scale: 10 }
    // the cursor at map (0.8, 0): point 2 (at 1) is nearest; out of scope, point 0 (0.8 away) is
    expect(hitTest(xy, 3, null, view, 100, 100, 58, 50, 10)).toBe(2)
    expect(hitTest(xy, 3, Uint8Array.from([0b011]), view, 100, 100, 58, 50, 10)).toBe(0)
    expect(hitTest(xy, 3, null, view, 100, 100, 58, 50, 1)).toBe(-1)
    expect(maskBit(Uint8Array.from([0, 0b100]), 10)).toBe(true)
    expect(maskBit(Uint8Array.from([0, 0b100]), 9)).toBe(false)
  })
})
