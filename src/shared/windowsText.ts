/** The operator's wording of the windows of PIPELINE.md section 3, per windowing method: every page and export text takes it from here so all say the same. */

/** A windowing method as reports carry it (null: no window could be built). */
export type WindowingMethodName = 'dataset_split' | 'session_safe_time_split' | string | null

/** What history is, in section 3's words: "history = train" alone in dataset_split mode; calibration rows included in the time split. */
export function historyDefinition(method: WindowingMethodName): string {
  if (method === 'dataset_split') return 'history = train alone (routing, slices, hotspots, drift and the triage fit); val is the calibration window only'
  if (method === 'session_safe_time_split') return 'history = the sessions that started on or before the cut, calibration rows included (routing, slices, hotspots, drift); the triage model is fit on history minus calibration'
  return 'no history window (no split column and no timestamps)'
}

/** History in a few words, for a page heading: "history = train" or the time split's. */
export function historyShort(method: WindowingMethodName): string {
  if (method === 'dataset_split') return 'history = train'
  if (method === 'session_safe_time_split') return 'history = sessions up to the cut, calibration rows included'
  return 'no history window'
}

/** The rows the triage model is fit on. */
export function triageFitDefinition(method: WindowingMethodName): string {
  if (method === 'dataset_split') return 'train (history = train; val is the calibration window only)'
  if (method === 'session_safe_time_split') return 'history minus calibration'
  return 'no fit rows (no windows)'
}

/** What each window is used for, as the windows table lists it. */
export function windowUse(method: WindowingMethodName, window: 'history' | 'calibration' | 'evaluation' | 'fit'): string {
  const split = method === 'dataset_split'
  switch (window) {
    case 'history':
      return split ? 'train alone: routing, slices, hotspots, drift and the triage fit' : 'calibration rows included: routing, slices, hotspots, drift'
    case 'calibration':
      return split ? 'val: the calibration window only (triage Platt calibration)' : 'the history rows after its 85th time percentile: triage Platt calibration'
    case 'evaluation':
      return split ? 'test: backtests, triage sweep' : 'the later sessions: backtests, triage sweep'
    case 'fit':
      return split ? 'triage model fit (= history = train)' : 'triage model fit (history minus calibration)'
  }
}
