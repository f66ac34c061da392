/** Pure parsing and writing of the hash route `#/<page>?<scope and page parameters>`, so back/forward restore the page and its filters. */
import type { Scope } from '../../../shared/scope'
import { SCOPE_PARAM_NAMES, normaliseScope, scopeFromParams, scopeToParams } from '../lib/scopeUrl'

export interface Route {
  /** page id, e.g. 'overview'; '' when the hash names none */
  page: string
  scope: Scope
  /** page-specific parameters (never one of SCOPE_PARAM_NAMES), in a stable order when written */
  params: Record<string, string>
}

const PAGE_RE = /^[a-z][a-z0-9-]{0,40}$/

/** Reads `#/overview?use_case=a&tab=x` (with or without the leading `#` and `/`). */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '').replace(/^\/+/, '')
  const q = raw.indexOf('?')
  const path = decodeURIComponent(q < 0 ? raw : raw.slice(0, q)).replace(/\/+$/, '')
  const search = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1))
  const params: Record<string, string> = {}
  for (const [k, v] of search) {
    if (!SCOPE_PARAM_NAMES.includes(k) && !(k in params)) params[k] = v
  }
  return { page: PAGE_RE.test(path) ? path : '', scope: scopeFromParams(search), params }
}

/** Writes a route as a hash; scope parameters first (canonical order), then page parameters sorted by name. */
export function formatHash(route: Route): string {
  const search = scopeToParams(normaliseScope(route.scope))
  for (const k of Object.keys(route.params).sort()) {
    if (!SCOPE_PARAM_NAMES.includes(k) && route.params[k] !== '') search.set(k, route.params[k])
  }
  const qs = search.toString()
  return `#/${route.page}${qs ? `?${qs}` : ''}`
}

/** The hash of another page carrying the same scope (page parameters belong to a page and are dropped). */
export function hrefForPage(page: string, scope: Scope): string {
  return formatHash({ page, scope, params: {} })
}
