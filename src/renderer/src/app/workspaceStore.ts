/**
 * The open workspace as this window knows it: the backend's state (file, unsaved changes, counts)
 * and the UI part this window owns (page, filters, views, notes...), which it sends back debounced.
 * Another workspace (a new session) replaces the UI part; the window then shows its page and filters.
 */
import { useSyncExternalStore } from 'react'
import { stableStringify } from '../../../shared/stableStringify'
import type { WorkspaceState, WorkspaceUi } from '../../../shared/workspace'
import { call } from '../api/client'

export interface WorkspaceSnapshot {
  state: WorkspaceState | null
  /** the UI part, as this window last set it */
  ui: WorkspaceUi | null
  /** bumped when another workspace's UI was taken (the shell then navigates to its page) */
  uiEpoch: number
}

/** Debounce of UI updates sent to the backend. */
export const UI_SEND_DELAY_MS = 300

let snapshot: WorkspaceSnapshot = { state: null, ui: null, uiEpoch: 0 }
const listeners = new Set<() => void>()
let timer: ReturnType<typeof setTimeout> | null = null
let sending: Promise<unknown> = Promise.resolve()

function notify(): void {
  for (const l of listeners) l()
}

/** Takes the backend's state; the UI part only when it is another workspace (its session changed) or the first one seen. */
export function receiveWorkspace(state: WorkspaceState): void {
  const newSession = !snapshot.state || snapshot.state.session !== state.session
  snapshot = newSession ? { state, ui: state.ui, uiEpoch: snapshot.uiEpoch + 1 } : { ...snapshot, state }
  notify()
}

/** Merges a change into the UI part and sends it (debounced); nothing is sent when nothing changed. */
export function patchWorkspaceUi(patch: Partial<WorkspaceUi>): void {
  if (!snapshot.ui) return
  const ui = { ...snapshot.ui, ...patch }
  if (stableStringify(ui) === stableStringify(snapshot.ui)) return
  snapshot = { ...snapshot, ui }
  notify()
  if (timer) clearTimeout(timer)
  timer = setTimeout(() => void flushWorkspaceUi(), UI_SEND_DELAY_MS)
}

/** Sends the pending UI part now (Save calls this first, so the file holds what the window shows). */
export async function flushWorkspaceUi(): Promise<void> {
  if (timer) {
    clearTimeout(timer)
    timer = null
    const ui = snapshot.ui
    if (ui) sending = call('updateWorkspaceUi', { ui }).catch(() => undefined)
  }
  await sending
}

function subscribe(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function useWorkspace(): WorkspaceSnapshot {
  return useSyncExternalStore(subscribe, () => snapshot)
}

/** For tests: forget everything. */
export function resetWorkspaceStore(): void {
  if (timer) clearTimeout(timer)
  timer = null
  snapshot = { state: null, ui: null, uiEpoch: 0 }
}

/** The window title: the file name, a dot while there are unsaved changes. */
export function windowTitle(state: WorkspaceState | null): string {
  if (!state) return 'Telemetry Workbench'
  return `${state.dirty ? '● ' : ''}${state.name}${state.readOnly ? ' (read-only)' : ''} — Telemetry Workbench`
}
