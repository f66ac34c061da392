/**
 * The map canvas: draws the frames the renderer makes, moves the last frame at once while the
 * operator pans or zooms (then asks for a fresh one), draws the lasso, and reports hovered points.
 * Drag pans, the wheel zooms, Shift+drag (or lasso mode) draws a lasso.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, type ReactElement } from 'react'
import type { Polygon } from '../../../../shared/geometry'
import type { FrameReply, MapClient } from './mapClient'
import { fitView, panBy, toMap, toScreen, zoomAt, type Bounds, type MapView } from './mapView'

export interface MapCanvasHandle {
  /** the map as a PNG data URL (the current frame with its lasso) */
  toDataUrl(): string | null
  resetView(): void
}

export interface MapCanvasProps {
  client: MapClient
  bounds: Bounds
  /** changes when points, colours, scope or selection change: the map is drawn again */
  version: string
  lassoMode: boolean
  polygons: readonly Polygon[]
  onLasso: (polygon: Polygon) => void
  onHover: (hit: { index: number; x: number; y: number } | null) => void
  onPick?: (index: number) => void
  pointSize: number
  testId?: string
}

interface Frame {
  source: CanvasImageSource
  view: MapView
  width: number
  height: number
}

const HIT_RADIUS = 6

export const MapCanvas = forwardRef<MapCanvasHandle, MapCanvasProps>(function MapCanvas({ client, bounds, version, lassoMode, polygons, onLasso, onHover, onPick, pointSize, testId }, ref): ReactElement {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const size = useRef({ w: 0, h: 0, dpr: 1 })
  const view = useRef<MapView | null>(null)
  const frame = useRef<Frame | null>(null)
  const rendering = useRef<{ busy: boolean; again: boolean }>({ busy: false, again: false })
  const drag = useRef<{ kind: 'pan' | 'lasso'; x: number; y: number; start: MapView; path: [number, number][]; moved: boolean } | null>(null)
  const latest = useRef({ polygons, onLasso, onHover, onPick, pointSize, lassoMode })
  latest.current = { polygons, onLasso, onHover, onPick, pointSize, lassoMode }
  const hover = useRef<{ pending: { x: number; y: number } | null; busy: boolean }>({ pending: null, busy: false })

  /** Draws the last frame moved to the current view, then the lasso. Cheap: no point is touched. */
  const draw = useCallback(() => {
    const canvas = canvasRef.current
    const v = view.current
    if (!canvas || !v) return
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    const { w, h, dpr } = size.current
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.clearRect(0, 0, w * dpr, h * dpr)
    const f = frame.current
    if (f) {
      const s = v.scale / f.view.scale
      const [px, py] = toScreen(v, w * dpr, h * dpr, f.view.cx, f.view.cy)
      ctx.imageSmoothingEnabled = false
      ctx.drawImage(f.source, px - (f.width * s) / 2, py - (f.height * s) / 2, f.width * s, f.height * s)
    }
    const path = (pts: readonly (readonly [number, number])[], closed: boolean): void => {
      if (pts.length < 2) return
      ctx.beginPath()
      pts.forEach(([x, y], i) => {
        const [sx, sy] = toScreen(v, w * dpr, h * dpr, x, y)
        if (i === 0) ctx.moveTo(sx, sy)
        else ctx.lineTo(sx, sy)
      })
      if (closed) ctx.closePath()
    }
    ctx.lineWidth = 1.5 * dpr
    ctx.strokeStyle = '#111827'
    ctx.fillStyle = 'rgba(17, 24, 39, 0.06)'
    for (const poly of latest.current.polygons) {
      path(poly, true)
      ctx.fill()
      ctx.stroke()
    }
    const d = drag.current
    if (d && d.kind === 'lasso') {
      ctx.setLineDash([4 * dpr, 3 * dpr])
      path(d.path, false)
      ctx.stroke()
      ctx.setLineDash([])
    }
  }, [])

  /** Asks the renderer for a frame of the current view; at most one in flight, the latest view wins. */
  const requestFrame = useCallback(() => {
    const r = rendering.current
    if (r.busy) {
      r.again = true
      return
    }
    const v = view.current
    const { w, h, dpr } = size.current
    if (!v || w === 0 || h === 0) return
    r.busy = true
    void client
      .render(v, Math.round(w * dpr), Math.round(h * dpr), Math.max(1, Math.round(latest.current.pointSize * dpr)))
      .then((reply: FrameReply) => {
        frame.current = { source: toSource(reply), view: reply.view, width: reply.width, height: reply.height }
        draw()
      })
      .finally(() => {
        r.busy = false
        if (r.again) {
          r.again = false
          requestFrame()
        }
      })
  }, [client, draw])

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const resize = (): void => {
      const rect = canvas.getBoundingClientRect()
      const dpr = Math.min(2, window.devicePixelRatio || 1)
      size.current = { w: rect.width, h: rect.height, dpr }
      canvas.width = Math.round(rect.width * dpr)
      canvas.height = Math.round(rect.height * dpr)
      if (!view.current && rect.width > 0) view.current = fitView(bounds, rect.width * dpr, rect.height * dpr)
      draw()
      requestFrame()
    }
    const ro = new ResizeObserver(resize)
    ro.observe(canvas)
    resize()
    return () => ro.disconnect()
  }, [bounds, draw, requestFrame])

  // new data, colours, scope or selection: a fresh frame
  useEffect(() => {
    requestFrame()
  }, [version, pointSize, requestFrame])
  useEffect(() => draw(), [polygons, draw])

  const resetView = useCallback(() => {
    const { w, h, dpr } = size.current
    view.current = fitView(bounds, w * dpr, h * dpr)
    draw()
    requestFrame()
  }, [bounds, draw, requestFrame])
  // a new map (other clusters or method) starts from the whole view
  useEffect(() => {
    if (size.current.w > 0) resetView()
  }, [resetView])

  useImperativeHandle(ref, () => ({ toDataUrl: () => canvasRef.current?.toDataURL('image/png') ?? null, resetView }), [resetView])

  const hoverAt = useCallback(
    (x: number, y: number) => {
      const hv = hover.current
      hv.pending = { x, y }
      if (hv.busy) return
      const next = (): void => {
        const p = hv.pending
        const v = view.current
        hv.pending = null
        if (!p || !v) {
          hv.busy = false
          return
        }
        hv.busy = true
        const { w, h, dpr } = size.current
        void client.hit(v, w * dpr, h * dpr, p.x * dpr, p.y * dpr, HIT_RADIUS * dpr).then((index) => {
          latest.current.onHover(index >= 0 ? { index, x: p.x, y: p.y } : null)
          next()
        })
      }
      next()
    },
    [client]
  )

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault()
      const v = view.current
      if (!v) return
      const rect = canvas.getBoundingClientRect()
      const { w, h, dpr } = size.current
      view.current = zoomAt(v, w * dpr, h * dpr, (e.clientX - rect.left) * dpr, (e.clientY - rect.top) * dpr, Math.exp(-e.deltaY * 0.0015))
      draw()
      requestFrame()
    }
    canvas.addEventListener('wheel', onWheel, { passive: false })
    return () => canvas.removeEventListener('wheel', onWheel)
  }, [draw, requestFrame])

  const local = (e: React.PointerEvent): [number, number] => {
    const rect = canvasRef.current!.getBoundingClientRect()
    return [e.clientX - rect.left, e.clientY - rect.top]
  }

  return (
    <canvas
      ref={canvasRef}
      className={`cluster-map__canvas${lassoMode ? ' is-lasso' : ''}`}
      data-testid={testId}
      role="img"
      aria-label="Map of every request: drag to pan, wheel to zoom, Shift+drag to lasso"
      onPointerDown={(e) => {
        if (e.button !== 0 || !view.current) return
        const [x, y] = local(e)
        const kind = latest.current.lassoMode || e.shiftKey ? 'lasso' : 'pan'
        const { w, h, dpr } = size.current
        drag.current = { kind, x, y, start: view.current, path: kind === 'lasso' ? [toMap(view.current, w * dpr, h * dpr, x * dpr, y * dpr)] : [], moved: false }
        canvasRef.current?.setPointerCapture(e.pointerId)
        latest.current.onHover(null)
      }}
      onPointerMove={(e) => {
        const [x, y] = local(e)
        const d = drag.current
        if (!d) {
          hoverAt(x, y)
          return
        }
        d.moved = d.moved || Math.abs(x - d.x) + Math.abs(y - d.y) > 3
        const { w, h, dpr } = size.current
        if (d.kind === 'pan') {
          view.current = panBy(d.start, (x - d.x) * dpr, (y - d.y) * dpr)
          draw()
          requestFrame()
        } else {
          d.path.push(toMap(view.current!, w * dpr, h * dpr, x * dpr, y * dpr))
          draw()
        }
      }}
      onPointerUp={(e) => {
        const d = drag.current
        drag.current = null
        if (!d) return
        if (d.kind === 'lasso' && d.path.length >= 3 && d.moved) latest.current.onLasso(d.path)
        else if (!d.moved && latest.current.onPick) {
          const [x, y] = local(e)
          const { w, h, dpr } = size.current
          void client.hit(view.current!, w * dpr, h * dpr, x * dpr, y * dpr, HIT_RADIUS * dpr).then((i) => i >= 0 && latest.current.onPick?.(i))
        }
        draw()
      }}
      onPointerLeave={() => {
        if (!drag.current) latest.current.onHover(null)
      }}
    />
  )
})

/** A frame's pixels as something drawImage takes (an ImageData goes through a canvas once). */
function toSource(reply: FrameReply): CanvasImageSource {
  if (reply.bitmap) return reply.bitmap
  const c = document.createElement('canvas')
  c.width = reply.width
  c.height = reply.height
  c.getContext('2d')?.putImageData(reply.image!, 0, 0)
  return c
}
