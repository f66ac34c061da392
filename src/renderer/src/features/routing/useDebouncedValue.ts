/** A value that follows its input only after the input has rested for `ms` (what-if knobs recompute once typing pauses, not on every key). */
import { useEffect, useState } from 'react'

/** `key` identifies the value (e.g. its JSON), so a new object with equal content does not restart the wait. */
export function useDebouncedValue<T>(value: T, key: string, ms: number): T {
  const [state, setState] = useState<{ key: string; value: T }>({ key, value })
  useEffect(() => {
    if (key === state.key) return
    const t = window.setTimeout(() => setState({ key, value }), ms)
    return () => window.clearTimeout(t)
    // `value` is read through `key`: equal keys mean equal values
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ms])
  return state.value
}
