/**
 * Planted request families for the generator (an option; the default output does not change): a
 * share of the requests is replaced by texts from families with a vocabulary of their own, one of
 * them mostly failing, and the truth (interaction_id -> family) is written beside the data so a
 * test can check that the clusters recover the families and rank the failing one first.
 */
import { Rng } from './generateData'

export interface PlantedFamilySpec {
  name: string
  /** request templates; {slot} takes a value of `slots[slot]` */
  templates: readonly string[]
  slots: Readonly<Record<string, readonly string[]>>
}

/** Families with vocabularies of their own: warehouse operations, Spanish medication questions, Kubernetes, travel, contract law, Japanese customer e-mail. */
export const PLANTED_FAMILIES: readonly PlantedFamilySpec[] = [
  {
    name: 'warehouse_sync',
    templates: [
      'The {wms} sync for the {site} warehouse is stuck at {stage}, reconcile the {item} manifests',
      'Reconcile {item} stock between {wms} and the {site} warehouse ledger',
      'Why does the {wms} pallet scan report negative {item} inventory in {site}?',
      'Rebuild the {site} replenishment forecast from {wms} bin counts after the {stage} backlog'
    ],
    slots: {
      wms: ['SAP EWM', 'Manhattan WMS', 'Blue Yonder', 'NetSuite', 'Fishbowl'],
      site: ['Rotterdam', 'Memphis', 'Reno', 'Leipzig', 'Osaka', 'Monterrey'],
      stage: ['putaway', 'picking', 'cycle count', 'cross-docking', 'wave release'],
      item: ['SKU', 'pallet', 'carton', 'lot', 'serial number']
    }
  },
  {
    name: 'medicacion_es',
    templates: [
      '¿Cuál es la dosis de {med} para un niño de {age} años con {sym}?',
      'Mi médico me recetó {med} pero tengo {sym}, ¿puedo tomarlo junto con {med2}?',
      'Explica los efectos secundarios de {med} en pacientes con {cond}',
      '¿Cada cuántas horas se toma el {med} si el paciente tiene {cond}?'
    ],
    slots: {
      med: ['ibuprofeno', 'paracetamol', 'amoxicilina', 'omeprazol', 'loratadina'],
      med2: ['metformina', 'aspirina', 'enalapril', 'salbutamol'],
      age: ['3', '5', '8', '11'],
      sym: ['fiebre alta', 'dolor de garganta', 'tos seca', 'náuseas'],
      cond: ['insuficiencia renal', 'asma', 'hipertensión', 'diabetes tipo 2']
    }
  },
  {
    name: 'kubernetes',
    templates: [
      'kubectl shows the {obj} {svc} in {state} after the helm upgrade in namespace {ns}',
      'How do I set resource limits on the {svc} {obj} so it stops getting OOMKilled?',
      'Our {svc} ingress returns 503 behind the {lb} load balancer in namespace {ns}',
      'Write a helm values override that pins the {svc} {obj} to the {pool} node pool'
    ],
    slots: {
      obj: ['deployment', 'statefulset', 'daemonset', 'cronjob'],
      svc: ['checkout-api', 'redis-cache', 'payments-worker', 'search-indexer', 'auth-gateway'],
      state: ['CrashLoopBackOff', 'Pending', 'ImagePullBackOff', 'Evicted'],
      ns: ['prod', 'staging', 'batch', 'edge'],
      lb: ['NLB', 'Envoy', 'nginx', 'Traefik'],
      pool: ['spot', 'gpu', 'highmem', 'arm64']
    }
  },
  {
    name: 'travel',
    templates: [
      'Plan a {n}-day trip to {city} in {month} on a budget of {budget} for {party}',
      'Find a cheaper flight from {city} to {city2} leaving on a {weekday} morning',
      'What should I pack for {city} in {month}, we are {party}?',
      'Book a hotel near the {landmark} in {city} for {party}'
    ],
    slots: {
      n: ['three', 'four', 'five', 'seven'],
      city: ['Lisbon', 'Kyoto', 'Marrakesh', 'Reykjavik', 'Buenos Aires', 'Hanoi'],
      city2: ['Vienna', 'Cape Town', 'Montreal', 'Istanbul'],
      month: ['March', 'July', 'October', 'December'],
      budget: ['2000 euros', '1500 dollars', '900 pounds'],
      party: ['two adults', 'a family of four', 'a group of students'],
      weekday: ['Monday', 'Thursday', 'Saturday'],
      landmark: ['old town', 'central station', 'harbour', 'cathedral']
    }
  },
  {
    name: 'contract_law',
    templates: [
      'Review this NDA clause on {topic} and flag anything unusual for a {jur} company',
      'Draft an indemnification clause covering {topic} under {jur} law',
      'Is a non-compete for a {role} enforceable in {jur}?',
      'Summarize the termination rights in our {contract} with the supplier, governed by {jur} law'
    ],
    slots: {
      topic: ['trade secrets', 'data breaches', 'intellectual property', 'liquidated damages', 'force majeure'],
      jur: ['Delaware', 'English', 'German', 'Singapore', 'Ontario'],
      role: ['sales director', 'software engineer', 'franchisee', 'consultant'],
      contract: ['master services agreement', 'distribution agreement', 'licence agreement', 'lease']
    }
  },
  {
    name: 'japanese_support',
    templates: [
      '{product}の返品方法を教えてください。注文番号は{order}です。',
      '{product}が届きましたが、{issue}。交換できますか?',
      '請求書の{field}を変更したいのですが、どうすればいいですか?',
      '{product}の保証期間と修理の申し込み方法を知りたいです。'
    ],
    slots: {
      product: ['ワイヤレスイヤホン', '電気ケトル', 'ノートパソコン', '加湿器', '炊飯器'],
      order: ['A-10293', 'B-55821', 'C-77310', 'D-20417'],
      issue: ['電源が入りません', '箱が破損していました', '部品が足りません', '色が違います'],
      field: ['宛名', '住所', '会社名', '支払方法']
    }
  }
]

export interface PlantedOptions {
  /** how many families of PLANTED_FAMILIES to plant (from the first) */
  families: number
  /** share of first requests (not retries) given to each family */
  share: number
  /** failure probability of the first family's requests (the others keep the generator's) */
  failingRate: number
  /** a seed of its own, so the generator's random stream is not disturbed */
  seed: number
  /**
   * 'templates': a family's requests come from its four templates (phrasing shared within a
   * template, slot words shared across them); 'phrases': from its first template only (one kind of
   * request, varied by its slots); 'words': each request is 6-12 words drawn from the family's whole
   * vocabulary (no two alike, no fixed phrasing)
   */
  style: 'templates' | 'phrases' | 'words'
  /**
   * A failure step inside one family: from UTC day `from` (YYYY-MM-DD) on, its requests fail `factor`
   * times as often (capped at 0.9 like every probability of the generator). Absent: none.
   */
  failureStep?: { family: number; from: string; factor: number }
}

export const DEFAULT_PLANTED: PlantedOptions = { families: 4, share: 0.04, failingRate: 0.75, seed: 7, style: 'templates' }

/** File beside the data with the truth: interaction_id,family (every row; 'none' when not planted). */
export const PLANTED_TRUTH_FILE = 'planted_families.csv'

/**
 * What the generator asks of a planting (scripts/generateData.ts): which family a new request
 * belongs to (-1: none, keep the generator's text), its text, its failure probability, and the
 * truth of every row written.
 */
export interface FamilyPlanter {
  pick(): number
  text(f: number): string
  /** the failure probability of a request of family f (the generator would use generatorP) on day YYYY-MM-DD */
  failureProbability(f: number, generatorP: number, day?: string): number
  record(interactionId: string, f: number): void
  /** the truth file's text: interaction_id,family per row */
  truthCsv(): string
}

/** The planting state of one generator run. */
export class PlantedFamilies implements FamilyPlanter {
  private readonly rng: Rng
  private readonly specs: readonly PlantedFamilySpec[]
  private readonly lines: string[] = ['interaction_id,family']
  private readonly vocabularies: string[][]

  constructor(readonly opts: PlantedOptions) {
    if (!Number.isInteger(opts.families) || opts.families < 1 || opts.families > PLANTED_FAMILIES.length) {
      throw new Error(`planted families must be 1..${PLANTED_FAMILIES.length}, got ${opts.families}`)
    }
    if (!(opts.share > 0) || opts.share * opts.families >= 1) throw new Error('planted share per family must be > 0 and all families together < 1')
    if (!(opts.failingRate >= 0 && opts.failingRate <= 1)) throw new Error('planted failing rate must be in [0, 1]')
    const step = opts.failureStep
    if (step) {
      if (!Number.isInteger(step.family) || step.family < 0 || step.family >= opts.families) throw new Error(`planted failure step: family must be 0..${opts.families - 1}, got ${step.family}`)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(step.from)) throw new Error(`planted failure step: from must be YYYY-MM-DD, got "${step.from}"`)
      if (!(Number.isFinite(step.factor) && step.factor > 0)) throw new Error(`planted failure step: factor must be above 0, got ${step.factor}`)
    }
    this.rng = new Rng(opts.seed >>> 0)
    this.specs = PLANTED_FAMILIES.slice(0, opts.families)
    this.vocabularies = this.specs.map(familyVocabulary)
  }

  /** The family of a new (non-retry) request, or -1 to keep the generator's own text. */
  pick(): number {
    const x = this.rng.next()
    const f = Math.floor(x / this.opts.share)
    return f < this.specs.length ? f : -1
  }

  /** A request text of family `f`. */
  text(f: number): string {
    if (this.opts.style === 'words') {
      const vocab = this.vocabularies[f]
      const n = 6 + this.rng.int(7)
      const words: string[] = []
      for (let i = 0; i < n; i++) words.push(vocab[this.rng.int(vocab.length)])
      return words.join(' ')
    }
    const spec = this.specs[f]
    const tpl = this.opts.style === 'phrases' ? spec.templates[0] : spec.templates[this.rng.int(spec.templates.length)]
    return tpl.replace(/\{([a-z0-9_]+)\}/g, (_, slot: string) => {
      const values = spec.slots[slot]
      if (!values) throw new Error(`family ${spec.name}: unknown slot ${slot}`)
      return values[this.rng.int(values.length)]
    })
  }

  /** The failure probability of a request of family `f` on UTC day `day` (the first family fails at failingRate; the failure step multiplies it from its day). */
  failureProbability(f: number, generatorP: number, day?: string): number {
    const p = f === 0 ? this.opts.failingRate : generatorP
    const step = this.opts.failureStep
    return step && step.family === f && day !== undefined && day >= step.from ? Math.min(0.9, p * step.factor) : p
  }

  record(interactionId: string, f: number): void {
    this.lines.push(`${interactionId},${f >= 0 ? this.specs[f].name : 'none'}`)
  }

  name(f: number): string {
    return this.specs[f].name
  }

  /** The truth file's text. */
  truthCsv(): string {
    return this.lines.join('\n') + '\n'
  }
}

/** Every word a family's templates and slot values use (its own vocabulary), in first-seen order. */
export function familyVocabulary(spec: PlantedFamilySpec): string[] {
  const text = [...spec.templates.map((t) => t.replace(/\{[a-z0-9_]+\}/g, ' ')), ...Object.values(spec.slots).flat()].join(' ')
  const words = text.split(/[\s,.?¿!:;()"]+/u).filter((w) => w.length > 1 || /[\u3000-\u9fff]/u.test(w))
  return [...new Set(words)]
}
