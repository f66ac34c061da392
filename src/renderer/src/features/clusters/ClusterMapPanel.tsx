/**
 * The map of every request: loads the points page by page into the renderer, colours them by
 * cluster, failure, failure type or model, greys out rows outside the filters, shows the hovered
 * request, and turns an additive lasso into a selection the Explorer and the diagnosis can use.
 */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { MAP_CHUNK_ROWS, type ClusterRunInfo, type MapColorBy, type MapInfo } from '../../../../shared/clusters'
import type { Polygon } from '../../../../shared/geometry'
import type { Scope } from '../../../../shared/scope'
import { call } from '../../api/client'
import { pngFile } from '../../api/exportFiles'
import { useQuery } from '../../api/useQuery'
import { Badge } from '../../components/Badge'
import { ExportButton } from '../../components/ExportButton'
import { Panel } from '../../components/Panel'
import { formatInt, MISSING } from '../../lib/format'
import { isEmptyScope } from '../../../../shared/scope'
import { MapCanvas, type MapCanvasHandle } from './MapCanvas'
import { MapClient } from './mapClient'
import { categoryColor, categoryPalette, FAILURE_COLORS } from './mapView'

export interface MapSelectionState {
  polygons: Polygon[]
  /** in-scope points inside the polygons, counted by the renderer */
  count: number
}

export interface ClusterMapPanelProps {
  run: ClusterRunInfo
  scope: Scope
  colorBy: MapColorBy
  onColorByChange: (c: MapColorBy) => void
  selection: MapSelectionState
  onSelectionChange: (s: MapSelectionState) => void
  onPickCluster: (clusterId: number) => void
  canPickFiles: boolean
  /** the selection's actions (open in the Explorer, diagnose), shown under the map */
  selectionActions: ReactElement | null
}

const COLOR_LABELS: Record<MapColorBy, string> = { cluster: 'Cluster', failure: 'Failure', failure_type: 'Failure type', model_name: 'Model' }

export function ClusterMapPanel({ run, scope, colorBy, onColorByChange, selection, onSelectionChange, onPickCluster, canPickFiles, selectionActions }: ClusterMapPanelProps): ReactElement {
  const client = useMemo(() => new MapClient(), [])
  useEffect(() => () => client.dispose(), [client])
  const canvas = useRef<MapCanvasHandle>(null)
  const info = useQuery('getClusterMapInfo', {})
  const map: MapInfo | undefined = info.data && info.data.key === run.key ? info.data : undefined
  const [loaded, setLoaded] = useState<{ key: string; method: string; rows: number } | null>(null)
  const [colors, setColors] = useState<{ by: MapColorBy; categories: (string | null)[] } | null>(null)
  const [maskVersion, setMaskVersion] = useState(0)
  const [lasso, setLasso] = useState(false)
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null)
  const [error, setError] = useState<string | null>(null)

  // the UMAP map replaces the PCA one while the page is open
  useEffect(() => {
    if (run.map_method !== info.data?.method || run.key !== info.data?.key) info.refetch()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run.key, run.map_method])

  // points, page by page (a new map resets the renderer)
  useEffect(() => {
    if (!map) return
    let current = true
    client.reset(map.rows)
    setLoaded({ key: map.key, method: map.method, rows: 0 })
    setColors(null)
    onSelectionChange({ polygons: [], count: 0 })
    void (async () => {
      try {
        for (let offset = 0; offset < map.rows; offset += MAP_CHUNK_ROWS) {
          const chunk = await call('getClusterMapChunk', { key: map.key, offset, limit: MAP_CHUNK_ROWS })
          if (!current) return
          client.points(chunk.offset, chunk.xy)
          setLoaded({ key: map.key, method: map.method, rows: chunk.offset + chunk.count })
        }
      } catch (err) {
        if (current) setError((err as Error).message)
      }
    })()
    return () => {
      current = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, map?.key, map?.method, map?.rows])

  // colours for the chosen colouring
  useEffect(() => {
    if (!map) return
    let current = true
    void (async () => {
      try {
        for (let offset = 0; offset < map.rows; offset += MAP_CHUNK_ROWS) {
          const c = await call('getClusterMapColors', { key: map.key, by: colorBy, offset, limit: MAP_CHUNK_ROWS })
          if (!current) return
          const palette = categoryPalette(c.categories.length, colorBy === 'failure' ? failureColors(c.categories) : undefined)
          client.colors(c.offset, c.codes, palette)
          setColors({ by: colorBy, categories: c.categories })
        }
      } catch (err) {
        if (current) setError((err as Error).message)
      }
    })()
    return () => {
      current = false
    }
  }, [client, map, colorBy])

  // rows outside the filters are drawn grey
  const scopeKey = JSON.stringify(scope)
  useEffect(() => {
    if (!map) return
    let current = true
    if (isEmptyScope(scope)) {
      client.mask(null)
      setMaskVersion((v) => v + 1)
      return
    }
    void call('getClusterMapMask', { key: map.key, scope }).then(
      (m) => {
        if (!current) return
        client.mask(m.bits)
        setMaskVersion((v) => v + 1)
        // the selection counts only rows in scope
        if (selection.polygons.length) void client.select(selection.polygons).then((count) => current && onSelectionChange({ polygons: selection.polygons, count }))
      },
      (err: unknown) => current && setError((err as Error).message)
    )
    return () => {
      current = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, map?.key, scopeKey])

  const point = useQuery('getClusterMapPoint', hover && map ? { key: map.key, index: hover.index } : null)

  const addPolygon = (p: Polygon): void => {
    const polygons = [...selection.polygons, p]
    void client.select(polygons).then((count) => onSelectionChange({ polygons, count }))
  }
  const clearSelection = (): void => {
    void client.select([]).then(() => onSelectionChange({ polygons: [], count: 0 }))
  }

  const version = `${loaded?.key}:${loaded?.method}:${loaded?.rows}:${colors?.by}:${colors?.categories.length}:${maskVersion}:${selection.polygons.length}:${selection.count}`
  const legend = colors ? colors.categories.slice(0, 24).map((c, i) => ({ label: colorBy === 'cluster' ? c : (c ?? '(empty)'), color: colorBy === 'failure' ? failureColors(colors.categories)[i] : categoryColor(i) })) : []

  return (
    <Panel
      title="Map of every request"
      subtitle={
        <>
          {map ? formatInt(map.rows) : '…'} requests, each a point; nearby points are similar requests.{' '}
          {run.map_method === 'pca' ? (run.map_pending ? 'First view: principal components; the UMAP map replaces it when it is ready.' : 'Principal components (UMAP was not available).') : 'UMAP of a sample, every other request placed from its nearest sampled ones.'}{' '}
          Drawn on the CPU {client.where === 'worker' ? 'in a background worker' : 'on the page'} (WebGL here is software-emulated and too slow for a million points).
        </>
      }
      actions={
        <>
          <label className="cluster-map__control">
            <span className="muted">Colour by</span>
            <select className="input input--sm" value={colorBy} onChange={(e) => onColorByChange(e.target.value as MapColorBy)} data-testid="map-color-by">
              {(Object.keys(COLOR_LABELS) as MapColorBy[]).map((c) => (
                <option key={c} value={c}>
                  {COLOR_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={`btn btn--xs${lasso ? ' btn--active' : ''}`} aria-pressed={lasso} onClick={() => setLasso((l) => !l)} data-testid="map-lasso" title="Lasso mode: drag to draw; each lasso adds to the selection (Shift+drag lassos in any mode)">
            Lasso
          </button>
          <button type="button" className="btn btn--xs btn--ghost" onClick={() => canvas.current?.resetView()} data-testid="map-reset">
            Reset view
          </button>
          <ExportButton
            label="PNG"
            title="Download the map as PNG"
            canPickFiles={canPickFiles}
            disabled={!loaded}
            files={() => {
              const url = canvas.current?.toDataUrl()
              if (!url) throw new Error('the map is not drawn yet')
              return [pngFile(`cluster_map_${colorBy}`, url)]
            }}
            testId="map-png"
          />
        </>
      }
      testId="cluster-map"
    >
      {error && (
        <div className="bad-text" role="alert">
          The map could not be loaded: {error}
        </div>
      )}
      <div className="cluster-map" data-testid="cluster-map-box" data-loaded={loaded?.rows ?? 0} data-rows={map?.rows ?? 0} data-method={loaded?.method ?? ''}>
        {map && (
          <MapCanvas
            ref={canvas}
            client={client}
            bounds={map.bounds}
            version={version}
            lassoMode={lasso}
            polygons={selection.polygons}
            onLasso={addPolygon}
            onHover={setHover}
            onPick={(i) => {
              void call('getClusterMapPoint', { key: map.key, index: i }).then((p) => onPickCluster(p.cluster_id))
            }}
            pointSize={map.rows > 200_000 ? 1 : 2}
            testId="map-canvas"
          />
        )}
        {loaded && map && loaded.rows < map.rows && <div className="cluster-map__loading muted">Loading points… {formatInt(loaded.rows)} of {formatInt(map.rows)}</div>}
        {hover && point.data && point.data.index === hover.index && (
          <div className="cluster-map__tooltip" style={{ left: hover.x + 14, top: hover.y + 10 }} data-testid="map-tooltip">
            <div>
              <b>#{point.data.cluster_id}</b> {point.data.label}
            </div>
            <div className="muted mono">{point.data.interaction_id ?? MISSING}</div>
            <div>
              {point.data.is_failure ? <Badge tone="bad">{point.data.failure_type ?? 'failed'}</Badge> : <Badge tone="good">ok</Badge>} {point.data.model_name ?? MISSING} · {point.data.use_case ?? MISSING}
            </div>
            <div className="cluster-map__tooltip-text">{point.data.request_text ?? '(no request text)'}</div>
          </div>
        )}
      </div>
      <div className="cluster-map__legend" data-testid="map-legend">
        {legend.map((l, i) => (
          <span key={i} className="cluster-map__legend-item">
            <span className="cluster-map__swatch" style={{ background: l.color }} />
            {l.label}
          </span>
        ))}
        {colors && colors.categories.length > legend.length && <span className="muted">+{colors.categories.length - legend.length} more</span>}
        {!isEmptyScope(scope) && (
          <span className="cluster-map__legend-item muted">
            <span className="cluster-map__swatch cluster-map__swatch--out" />
            outside the filters
          </span>
        )}
      </div>
      <div className="cluster-map__selection" data-testid="map-selection">
        {selection.polygons.length === 0 ? (
          <span className="muted">Draw a lasso (Lasso button, or Shift+drag) around points to select their requests; more lassos add to the selection.</span>
        ) : (
          <>
            <span data-testid="map-selection-count" data-count={selection.count}>
              <b>{formatInt(selection.count)}</b> requests selected{!isEmptyScope(scope) ? ' (within the filters)' : ''} in {selection.polygons.length} {selection.polygons.length === 1 ? 'lasso' : 'lassos'}
            </span>
            {selectionActions}
            <button type="button" className="btn btn--xs btn--ghost" onClick={clearSelection} data-testid="map-selection-clear">
              Clear
            </button>
          </>
        )}
      </div>
    </Panel>
  )
}

/** ok / failed / unknown colours in the order of the categories. */
function failureColors(categories: (string | null)[]): string[] {
  return categories.map((c) => (c === 'failed' ? FAILURE_COLORS[1] : c === 'ok' ? FAILURE_COLORS[0] : FAILURE_COLORS[2]))
}
