/** A module-level store driven by a pure reducer, for job state that must outlive the page that started it (read with useSyncExternalStore). */

export interface ReducerStore<S, A> {
  get: () => S
  /** Applies an action; listeners hear of it only when the reducer returned a new state. */
  dispatch: (a: A) => void
  subscribe: (listener: () => void) => () => void
}

export function reducerStore<S, A>(reducer: (s: S, a: A) => S, initial: S): ReducerStore<S, A> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    dispatch(a) {
      const next = reducer(state, a)
      if (next === state) return
      state = next
      for (const l of listeners) l()
    },
    subscribe(l) {
      listeners.add(l)
      return () => listeners.delete(l)
    }
  }
}
