/** Talks to the map renderer: in a Web Worker when one can start (the page's thread stays free while a million points are drawn), else in the page itself. */
import type { Polygon } from '../../../../shared/geometry'
import { MapRenderer, type MapReply, type MapRequest } from './mapRenderer'
import type { MapView } from './mapView'

export type FrameReply = Extract<MapReply, { type: 'frame' }>

export class MapClient {
  /** where rendering happens, for the map's note */
  readonly where: 'worker' | 'page'
  private worker: Worker | null = null
  private local: MapRenderer | null = null
  private nextId = 1
  private readonly waiting = new Map<number, (r: MapReply) => void>()

  constructor() {
    try {
      this.worker = new Worker(new URL('./mapRenderWorker.ts', import.meta.url), { type: 'module' })
      this.worker.onmessage = (e: MessageEvent<MapReply>) => this.receive(e.data)
      this.worker.onerror = () => this.fallBack()
      this.where = 'worker'
    } catch {
      this.local = new MapRenderer()
      this.where = 'page'
    }
  }

  /** A worker that fails to load is replaced by the in-page renderer (data is sent again by the caller on reset). */
  private fallBack(): void {
    this.worker?.terminate()
    this.worker = null
    this.local = new MapRenderer()
    for (const resolve of this.waiting.values()) resolve({ type: 'hit', id: -1, index: -1 })
    this.waiting.clear()
  }

  private receive(r: MapReply): void {
    const resolve = this.waiting.get(r.id)
    if (!resolve) return
    this.waiting.delete(r.id)
    resolve(r)
  }

  private post(req: MapRequest): void {
    if (this.worker) this.worker.postMessage(req)
    else this.local!.handle(req)
  }

  private ask<R extends MapReply>(make: (id: number) => MapRequest): Promise<R> {
    const id = this.nextId++
    const req = make(id)
    if (!this.worker) return Promise.resolve(this.local!.handle(req) as R)
    return new Promise<R>((resolve) => {
      this.waiting.set(id, resolve as (r: MapReply) => void)
      this.worker!.postMessage(req)
    })
  }

  reset(n: number): void {
    this.post({ type: 'reset', n })
  }

  points(offset: number, xy: string): void {
    this.post({ type: 'points', offset, xy })
  }

  colors(offset: number, codes: string, palette: Uint8Array<ArrayBuffer>): void {
    this.post({ type: 'colors', offset, codes, palette })
  }

  mask(bits: string | null): void {
    this.post({ type: 'mask', bits })
  }

  select(polygons: Polygon[]): Promise<number> {
    return this.ask<Extract<MapReply, { type: 'selected' }>>((id) => ({ type: 'select', id, polygons })).then((r) => r.count)
  }

  render(view: MapView, width: number, height: number, pointSize: number): Promise<FrameReply> {
    return this.ask<FrameReply>((id) => ({ type: 'render', id, view, width, height, pointSize }))
  }

  hit(view: MapView, width: number, height: number, sx: number, sy: number, radius: number): Promise<number> {
    return this.ask<Extract<MapReply, { type: 'hit' }>>((id) => ({ type: 'hit', id, view, width, height, sx, sy, radius })).then((r) => r.index)
  }

  dispose(): void {
    this.worker?.terminate()
    this.waiting.clear()
  }
}
