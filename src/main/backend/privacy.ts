/**
 * The backend's privacy state: the operator's settings (mask switch, mode, allow-listed and extra
 * columns), the workspace's pseudonym key, and masking of every answer that carries text, so raw
 * text never reaches the renderer while masking is on.
 */
import { DEFAULT_PII_SETTINGS, PiiWorkspaceStateSchema, type PiiSettings, type PiiSettingsView, type PiiWorkspaceState, type SetPiiSettingsRequest } from '../../shared/pii'
import type { InteractionDetail, InteractionPage, SqlResult } from '../../shared/explorer'
import type { IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'
import { dropFields } from '../analysis/piiScan'
import { scanColumns, textColumns, type TextColumns } from '../pii/columns'
import { createTextMasker, newPseudonymKey, type MaskOptions, type TextMasker } from '../pii/mask'

export class Privacy {
  private settings: PiiSettings = { ...DEFAULT_PII_SETTINGS, allowColumns: [], extraColumns: [] }
  private key: Buffer = newPseudonymKey()
  private readonly columns = new WeakMap<Engine, TextColumns>()

  /** The current settings (a copy). */
  get current(): PiiSettings {
    return { ...this.settings, allowColumns: [...this.settings.allowColumns], extraColumns: [...this.settings.extraColumns] }
  }

  /** What masking needs: the mode and the key. */
  get maskOptions(): MaskOptions {
    return { mode: this.settings.mode, key: this.key }
  }

  async textColumns(engine: Engine, report: IntegrityReport): Promise<TextColumns> {
    let cols = this.columns.get(engine)
    if (!cols) {
      cols = await textColumns(engine, report)
      this.columns.set(engine, cols)
    }
    return cols
  }

  /** The columns scanned and masked on this dataset under the current settings. */
  async scanColumns(engine: Engine, report: IntegrityReport): Promise<string[]> {
    return scanColumns(await this.textColumns(engine, report), this.settings)
  }

  async view(ds: { engine: Engine; report: IntegrityReport } | null): Promise<PiiSettingsView> {
    if (!ds) return { ...this.current, scanColumns: [], textColumns: [] }
    const cols = await this.textColumns(ds.engine, ds.report)
    return { ...this.current, scanColumns: scanColumns(cols, this.settings), textColumns: cols.all }
  }

  /** Applies a change; findings of columns no longer scanned are dropped (they would be stale). */
  async update(req: SetPiiSettingsRequest, ds: { engine: Engine; report: IntegrityReport } | null): Promise<PiiSettingsView> {
    const before = ds ? await this.scanColumns(ds.engine, ds.report) : []
    this.settings = {
      mask: req.mask ?? this.settings.mask,
      mode: req.mode ?? this.settings.mode,
      allowColumns: req.allowColumns ? [...new Set(req.allowColumns)] : this.settings.allowColumns,
      extraColumns: req.extraColumns ? [...new Set(req.extraColumns)] : this.settings.extraColumns
    }
    if (ds) {
      const after = await this.scanColumns(ds.engine, ds.report)
      // the response column keeps its findings: the pii_in_responses gate was judged from them
      await dropFields(ds.engine, before.filter((c) => !after.includes(c) && c !== 'response_text_snippet'))
    }
    return this.view(ds)
  }

  /** The masker while masking is on, else null. */
  masker(): TextMasker | null {
    return this.settings.mask ? createTextMasker(this.maskOptions) : null
  }

  /**
   * The masker of text drawn from request texts (cluster labels, terms, exemplars, the report's
   * cluster section) while masking is on and request_text is a masked column, else null.
   */
  async requestTextMask(ds: { engine: Engine; report: IntegrityReport }): Promise<((text: string) => string) | null> {
    const masker = this.masker()
    if (!masker || !(await this.scanColumns(ds.engine, ds.report)).includes('request_text')) return null
    return (text: string) => masker(text) ?? text
  }

  /** A page of the Explorer with its text columns masked. */
  async maskPage(ds: { engine: Engine; report: IntegrityReport }, page: InteractionPage): Promise<InteractionPage> {
    const mask = this.masker()
    if (!mask) return page
    const cols = new Set(await this.scanColumns(ds.engine, ds.report))
    const idx = page.columns.map((c, i) => (cols.has(c) ? i : -1)).filter((i) => i >= 0)
    if (idx.length === 0) return page
    const rows = page.rows.map((r) => {
      const out = [...r]
      for (const i of idx) if (typeof out[i] === 'string') out[i] = mask(out[i] as string)
      return out
    })
    return { ...page, rows }
  }

  /** One interaction with its text fields and its session's requests masked. */
  async maskDetail(ds: { engine: Engine; report: IntegrityReport }, detail: InteractionDetail): Promise<InteractionDetail> {
    const mask = this.masker()
    if (!mask) return detail
    const cols = new Set(await this.scanColumns(ds.engine, ds.report))
    return {
      fields: detail.fields.map((f) => (cols.has(f.name) && typeof f.value === 'string' ? { ...f, value: mask(f.value) } : f)),
      // session requests were masked before they were cut (sessionMasker)
      session: detail.session
    }
  }

  /** For getInteraction: masks a session request's whole text before it is cut, while request_text is masked. */
  async sessionMasker(ds: { engine: Engine; report: IntegrityReport }): Promise<TextMasker | undefined> {
    const mask = this.masker()
    if (!mask || !(await this.scanColumns(ds.engine, ds.report)).includes('request_text')) return undefined
    return mask
  }

  /** SQL console results: any query can rename a column, so every text cell is masked. */
  maskSql(result: SqlResult): SqlResult {
    const mask = this.masker()
    if (!mask) return result
    return { ...result, rows: result.rows.map((r) => r.map((v) => (typeof v === 'string' ? mask(v) : v))) }
  }

  /** What a workspace saves: the settings and the pseudonym key, so pseudonyms stay equal when it is reopened. */
  workspaceState(): PiiWorkspaceState {
    return { settings: this.current, pseudonym_key_hex: this.key.toString('hex') }
  }

  /** Restores what workspaceState gave (validated); throws naming the problem. Without a key (a bundle's), a new key is made. */
  restoreWorkspaceState(state: unknown): void {
    const parsed = PiiWorkspaceStateSchema.safeParse(state)
    if (!parsed.success) throw new Error(`privacy state: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    this.settings = { ...parsed.data.settings }
    this.key = parsed.data.pseudonym_key_hex ? Buffer.from(parsed.data.pseudonym_key_hex, 'hex') : newPseudonymKey()
  }
}
