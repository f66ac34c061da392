/** Follows the progress events of one backend job (a bundle or report export) as React state. */
import { useEffect, useState } from 'react'
import { onEvent } from '../../api/client'

export interface JobProgress {
  phase: string
  fraction: number | null
}

export function useJobProgress(jobId: number | null): JobProgress | null {
  const [p, setP] = useState<JobProgress | null>(null)
  useEffect(() => {
    setP(null)
    if (jobId === null) return
    return onEvent((e) => {
      if (e.type === 'progress' && e.progress.jobId === jobId) setP({ phase: e.progress.phase, fraction: e.progress.fraction })
    })
  }, [jobId])
  return p
}
