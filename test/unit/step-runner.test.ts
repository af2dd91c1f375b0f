// The step runner of a partition batch (processors/steps.ts), with a write step that records what it landed: a
// poison event anywhere in a batch is isolated and dead-lettered while every other event lands exactly once and in
// offset order; transient errors are retried a bounded number of times; an outage or a systemic error blames no
// event; the happy path writes once.
import fc from 'fast-check'
import type { KafkaMessage } from 'kafkajs'
import t from 'tap'
import { ok, type StepResult } from '../../core/step-result.js'
import type { PartitionBatch } from '../../processors/consumer.js'
import { type BatchSteps, type RunnerIo, runBatch, type Slice } from '../../processors/steps.js'

interface Ev {
  n: number
}

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code })
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })

function batchOf(values: (string | null)[], firstOffset = 100): PartitionBatch {
  return {
    topic: 'tX.sends',
    partition: 1,
    messages: values.map(
      (v, i) =>
        ({
          offset: String(firstOffset + i),
          key: null,
          value: v === null ? null : Buffer.from(v),
          timestamp: '0',
          attributes: 0,
          headers: {},
        }) as KafkaMessage,
    ),
  }
}
const numbered = (n: number) => batchOf(Array.from({ length: n }, (_, i) => JSON.stringify({ n: i })))

const decode = (m: KafkaMessage): StepResult<Ev> => {
  const text = m.value?.toString() ?? ''
  if (text === 'skip') return { kind: 'drop', reason: 'not for us' }
  try {
    return ok(JSON.parse(text) as Ev)
  } catch {
    return { kind: 'dead_letter', reason: 'unparseable JSON' }
  }
}

/** A store that lands a slice only when no event in it is poison (as a rolled-back transaction would). */
function store(fail: (slice: Slice<Ev>, call: number) => unknown) {
  const landed: number[] = []
  const slices: number[][] = []
  let calls = 0
  const steps: BatchSteps<Ev> = {
    decode,
    async write(slice) {
      calls++
      slices.push(slice.events.map((e) => e.n))
      const err = fail(slice, calls)
      if (err) throw err
      landed.push(...slice.events.map((e) => e.n))
    },
  }
  return { steps, landed, slices, calls: () => calls }
}

function io(overrides: Partial<RunnerIo> = {}) {
  const sleeps: number[] = []
  let probes = 0
  const value: RunnerIo = {
    policy: { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 },
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    dependenciesAnswer: async () => {
      probes++
      return true
    },
    random: () => 1,
    ...overrides,
  }
  return { value, sleeps, probes: () => probes }
}

t.test('no failure: one write of the whole batch, every event ok', async (t) => {
  const s = store(() => undefined)
  const r = io()
  const outcome = await runBatch(numbered(500), s.steps, r.value)
  t.equal(outcome.writes, 1)
  t.equal(s.landed.length, 500)
  t.ok(outcome.outcomes.every((o) => o.kind === 'ok'))
  t.same([outcome.deadLetters, r.sleeps, r.probes()], [[], [], 0])
})

t.test(
  'a poison event in the middle: the rest lands once, in order; the poison is dead-lettered',
  async (t) => {
    const poison = 57
    const s = store((slice) =>
      slice.events.some((e) => e.n === poison)
        ? pgError('22003', 'value out of range for type integer')
        : undefined,
    )
    const r = io()
    const batch = numbered(100)
    const outcome = await runBatch(batch, s.steps, r.value)
    t.same(
      s.landed,
      Array.from({ length: 100 }, (_, i) => i).filter((i) => i !== poison),
      'every other event exactly once, in offset order',
    )
    t.equal(outcome.deadLetters.length, 1)
    t.match(outcome.deadLetters[0], {
      event_id: 'dl_tX.sends_1_157',
      source_topic: 'tX.sends',
      source_partition: 1,
      source_offset: '157',
      reason: '22003 value out of range for type integer',
      payload: JSON.stringify({ n: poison }),
    })
    t.match(outcome.outcomes[poison], { offset: '157', kind: 'dead_letter', reason: /22003/ })
    t.equal(outcome.outcomes.filter((o) => o.kind === 'ok').length, 99)
    t.ok(outcome.writes <= 1 + 2 * Math.ceil(Math.log2(100)), `bisection: ${outcome.writes} writes`)
    t.same([r.sleeps, r.probes()], [[], 0], 'a data error is not retried and needs no probe')
  },
)

t.test('a transient error is retried with backoff, then the batch lands whole', async (t) => {
  const s = store((_, call) => (call <= 2 ? reset() : undefined))
  const r = io()
  const outcome = await runBatch(numbered(10), s.steps, r.value)
  t.same([outcome.writes, s.landed.length, outcome.deadLetters.length], [3, 10, 0])
  t.same(r.sleeps, [100, 200], 'exponential backoff')
  t.same(
    s.slices.map((x) => x.length),
    [10, 10, 10],
    'never split while the retries succeed',
  )
})

t.test('an outage blames no event: bounded retries, then the batch is handed back', async (t) => {
  const s = store(() => reset())
  const r = io({ dependenciesAnswer: async () => false })
  await t.rejects(runBatch(numbered(10), s.steps, r.value), { code: 'ECONNRESET' })
  t.equal(s.calls(), 4, 'the bounded number of tries')
  t.same(s.landed, [])
})

t.test(
  'a transient error that follows one event while the stores answer: that event is set aside',
  async (t) => {
    const s = store((slice) => (slice.events.some((e) => e.n === 0) ? reset() : undefined))
    const r = io()
    const outcome = await runBatch(numbered(8), s.steps, r.value)
    t.same(s.landed, [1, 2, 3, 4, 5, 6, 7])
    t.match(outcome.deadLetters, [{ source_offset: '100', reason: /^after 4 tries: ECONNRESET/ }])
    t.ok(r.probes() >= 1)
  },
)

t.test('a systemic error (unknown table) is thrown at once: no retry, nothing dead-lettered', async (t) => {
  const s = store(() => pgError('42P01', 'relation "consumer_watermarks" does not exist'))
  const r = io()
  await t.rejects(runBatch(numbered(10), s.steps, r.value), { code: '42P01' })
  t.same([s.calls(), r.sleeps.length, s.landed.length], [1, 0, 0])
})

t.test(
  'per-record results: unreadable records are dead-lettered, dropped ones skipped, neither written',
  async (t) => {
    const s = store(() => undefined)
    const outcome = await runBatch(
      batchOf([JSON.stringify({ n: 1 }), '{oops', 'skip', null, JSON.stringify({ n: 2 })]),
      s.steps,
      io().value,
    )
    t.same(s.landed, [1, 2])
    t.same(
      outcome.outcomes.map((o) => o.kind),
      ['ok', 'dead_letter', 'drop', 'dead_letter', 'ok'],
    )
    t.same(
      outcome.deadLetters.map((d) => [d.source_offset, d.reason]),
      [
        ['101', 'unparseable JSON'],
        ['103', 'unparseable JSON'],
      ],
    )
    t.equal(outcome.writes, 1)
  },
)

t.test('nothing decodable: no write at all', async (t) => {
  const s = store(() => undefined)
  const outcome = await runBatch(batchOf(['{', 'skip']), s.steps, io().value)
  t.same([outcome.writes, s.calls()], [0, 0])
})

t.test(
  'property: any set of poison events — exactly the others land, once, in order; writes stay bounded',
  async (t) => {
    fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 6 })),
          ),
        async ([n, poisonList]) => {
          const poison = new Set(poisonList)
          const s = store((slice) =>
            slice.events.some((e) => poison.has(e.n)) ? pgError('23505', 'duplicate key') : undefined,
          )
          const outcome = await runBatch(numbered(n), s.steps, io().value)
          const expected = Array.from({ length: n }, (_, i) => i).filter((i) => !poison.has(i))
          const dead = outcome.deadLetters.map((d) => Number(d.source_offset) - 100)
          const bound = 1 + 2 * poison.size * Math.ceil(Math.log2(n))
          return (
            JSON.stringify(s.landed) === JSON.stringify(expected) &&
            JSON.stringify(dead) === JSON.stringify([...poison].sort((a, b) => a - b)) &&
            outcome.writes <= Math.max(1, bound)
          )
        },
      ),
      { numRuns: 300 },
    )
    t.pass('held for 300 batches')
  },
)
