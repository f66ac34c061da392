/** The renderer's data hook: one contract call per (method, request JSON), cached, refreshed when the cache is cleared, and deaf to stale responses. */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { ApiMethod, ApiRequest, ApiResponse } from '../../../shared/api'
import { call } from './client'
import { queryCache, queryKey } from './queryCache'

export interface QueryState<T> {
  /** the value for the current request; while a new request loads, the previous value (then `stale` is true) */
  data: T | undefined
  error: Error | null
  /** true while the current request has no answer yet */
  loading: boolean
  /** true when `data` belongs to an earlier request */
  stale: boolean
  /** drops the cached value and asks again */
  refetch: () => void
}

interface Slot {
  key: string | null
  data: unknown
  error: Error | null
  loading: boolean
}

/** Calls a contract method through the shared cache (for callbacks such as option loaders). */
export function fetchCached<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
  return queryCache.fetch(queryKey(method, req), () => call(method, req))
}

/**
 * Runs `call(method, req)` and keeps the answer for equal requests; `req === null` means "not now".
 * A response that arrives after the request changed (or the component unmounted) is ignored.
 */
export function useQuery<M extends ApiMethod>(method: M, req: ApiRequest<M> | null): QueryState<ApiResponse<M>> {
  const key = req === null ? null : queryKey(method, req)
  const reqRef = useRef(req)
  reqRef.current = req
  const generation = useSyncExternalStore(queryCache.subscribe, () => queryCache.generation)
  const [nonce, setNonce] = useState(0)
  const [slot, setSlot] = useState<Slot>(() => {
    const hit = key !== null ? queryCache.peek(key) : undefined
    return { key, data: hit?.value, error: null, loading: key !== null && !hit }
  })

  useEffect(() => {
    if (key === null) {
      setSlot({ key, data: undefined, error: null, loading: false })
      return
    }
    const hit = queryCache.peek(key)
    if (hit) {
      setSlot({ key, data: hit.value, error: null, loading: false })
      return
    }
    let current = true
    setSlot((s) => ({ key, data: s.data, error: null, loading: true }))
    const request = reqRef.current as ApiRequest<M>
    queryCache.fetch(key, () => call(method, request)).then(
      (value) => {
        if (current) setSlot({ key, data: value, error: null, loading: false })
      },
      (err: unknown) => {
        if (current) setSlot({ key, data: undefined, error: err instanceof Error ? err : new Error(String(err)), loading: false })
      }
    )
    return () => {
      current = false
    }
  }, [method, key, generation, nonce])

  const refetch = useCallback(() => {
    if (key !== null) queryCache.invalidate(key)
    setNonce((n) => n + 1)
  }, [key])

  // A cached answer for a new key is shown at once, without a loading frame.
  if (slot.key !== key && key !== null) {
    const hit = queryCache.peek(key)
    if (hit) return { data: hit.value as ApiResponse<M>, error: null, loading: false, stale: false, refetch }
  }
  const stale = slot.key !== key || slot.loading
  return {
    data: (key === null ? undefined : slot.data) as ApiResponse<M> | undefined,
    error: slot.key === key ? slot.error : null,
    loading: key !== null && (slot.key !== key || slot.loading),
    stale: key !== null && stale && slot.data !== undefined,
    refetch
  }
}
