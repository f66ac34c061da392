/** The current hash route as React state; navigating pushes a history entry (or replaces it), so back and forward restore page and filters. */
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { formatHash, parseHash, type Route } from './route'

const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('hashchange', listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('hashchange', listener)
    window.removeEventListener('popstate', listener)
  }
}

const getHash = (): string => window.location.hash

/** Goes to a route: a new history entry, or with `replace` an edit of the current one. */
export function navigateTo(route: Route, opts: { replace?: boolean } = {}): void {
  const hash = formatHash(route)
  if (hash === window.location.hash) return
  if (opts.replace) {
    window.history.replaceState(window.history.state, '', hash)
    // replaceState fires no event: tell the subscribers ourselves
    for (const l of listeners) l()
  } else {
    window.location.hash = hash
  }
}

export function useHashRoute(): [Route, (route: Route, opts?: { replace?: boolean }) => void] {
  const hash = useSyncExternalStore(subscribe, getHash)
  const route = useMemo(() => parseHash(hash), [hash])
  const navigate = useCallback((r: Route, opts?: { replace?: boolean }) => navigateTo(r, opts), [])
  return [route, navigate]
}
