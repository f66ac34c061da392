/**
 * The map's point store and renderer, run in a Web Worker (mapRenderWorker.ts) or, where workers
 * cannot start, on the page's thread: it holds every point's position, colour code, scope bit and
 * selection bit, and answers render, hit-test and lasso requests.
 */
import { pointInPolygon, polygonBounds, type Polygon } from '../../../../shared/geometry'
import { base64Bytes, hitTest, maskBit, rasterize, type MapView } from './mapView'

export type MapRequest =
  | { type: 'reset'; n: number }
  | { type: 'points'; offset: number; xy: string }
  | { type: 'colors'; offset: number; codes: string; palette: Uint8Array<ArrayBuffer> }
  | { type: 'mask'; bits: string | null }
  | { type: 'select'; id: number; polygons: Polygon[] }
  | { type: 'render'; id: number; view: MapView; width: number; height: number; pointSize: number }
  | { type: 'hit'; id: number; view: MapView; width: number; height: number; sx: number; sy: number; radius: number }

export type MapReply =
  | { type: 'frame'; id: number; view: MapView; width: number; height: number; bitmap: ImageBitmap | null; image: ImageData | null }
  | { type: 'hit'; id: number; index: number }
  | { type: 'selected'; id: number; count: number }

export class MapRenderer {
  private n = 0
  private loaded = 0
  private xy = new Float32Array(0)
  private codes: Uint8Array | null = null
  private palette: Uint8Array<ArrayBuffer> = Uint8Array.from([78, 121, 167, 150, 150, 150])
  private mask: Uint8Array | null = null
  private selected: Uint8Array | null = null
  private buffer: Uint8ClampedArray<ArrayBuffer> | null = null

  handle(req: MapRequest): MapReply | null {
    switch (req.type) {
      case 'reset':
        this.n = req.n
        this.loaded = 0
        this.xy = new Float32Array(req.n * 2)
        this.codes = null
        this.mask = null
        this.selected = null
        return null
      case 'points': {
        const bytes = base64Bytes(req.xy)
        const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
        this.xy.set(values, req.offset * 2)
        this.loaded = Math.max(this.loaded, req.offset + values.length / 2)
        return null
      }
      case 'colors': {
        if (!this.codes || req.offset === 0) this.codes = new Uint8Array(this.n)
        this.codes.set(base64Bytes(req.codes), req.offset)
        this.palette = req.palette
        return null
      }
      case 'mask':
        this.mask = req.bits === null ? null : base64Bytes(req.bits)
        return null
      case 'select':
        return { type: 'selected', id: req.id, count: this.select(req.polygons) }
      case 'render':
        return this.render(req)
      case 'hit':
        return { type: 'hit', id: req.id, index: hitTest(this.xy, this.loaded, this.mask, req.view, req.width, req.height, req.sx, req.sy, req.radius) }
    }
  }

  /** Marks the points inside any polygon (map coordinates) and counts those in scope. */
  private select(polygons: Polygon[]): number {
    if (polygons.length === 0) {
      this.selected = null
      return 0
    }
    const sel = new Uint8Array(Math.ceil(this.n / 8))
    const boxes = polygons.map(polygonBounds)
    let count = 0
    for (let i = 0; i < this.loaded; i++) {
      const x = this.xy[i * 2]
      const y = this.xy[i * 2 + 1]
      for (let p = 0; p < polygons.length; p++) {
        const b = boxes[p]
        if (x < b.minX || x > b.maxX || y < b.minY || y > b.maxY || !pointInPolygon(x, y, polygons[p])) continue
        sel[i >> 3] |= 1 << (i & 7)
        if (!this.mask || maskBit(this.mask, i)) count++
        break
      }
    }
    this.selected = sel
    return count
  }

  private render(req: Extract<MapRequest, { type: 'render' }>): MapReply {
    const { width, height } = req
    const size = width * height * 4
    if (!this.buffer || this.buffer.length !== size) this.buffer = new Uint8ClampedArray(size)
    rasterize({ xy: this.xy, n: this.loaded, codes: this.codes, mask: this.mask, selected: this.selected, view: req.view, width, height, palette: this.palette, pointSize: req.pointSize }, this.buffer)
    const image = new ImageData(this.buffer, width, height)
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height)
      const ctx = canvas.getContext('2d')
      if (ctx) {
        ctx.putImageData(image, 0, 0)
        return { type: 'frame', id: req.id, view: req.view, width, height, bitmap: canvas.transferToImageBitmap(), image: null }
      }
    }
    // no OffscreenCanvas: hand over a copy (the buffer is reused for the next frame)
    return { type: 'frame', id: req.id, view: req.view, width, height, bitmap: null, image: new ImageData(new Uint8ClampedArray(this.buffer), width, height) }
  }
}
