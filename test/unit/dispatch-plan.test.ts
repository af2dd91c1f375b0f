import fc from 'fast-check'
import t from 'tap'
import { byListRate, planDispatch } from '../../core/dispatch-plan.js'

const fact = (
  messageId: string,
  timezone: string | null,
  extra: Partial<{ state: string; exempt: boolean; accountTimezone: string }> = {},
) => ({
  messageId,
  timezone,
  state: extra.state ?? null,
  accountTimezone: extra.accountTimezone ?? null,
  exempt: extra.exempt ?? false,
})

t.test(
  'recipients inside their window go now; the others wait for its opening, in their local time',
  async (t) => {
    // 2026-11-23 03:00 UTC = 22:00 in New York (EST), 19:00 in Los Angeles, 12:00 in Tokyo.
    const now = new Date('2026-11-23T03:00:00Z')
    const plan = planDispatch(
      [
        fact('ny', 'America/New_York'),
        fact('la', 'America/Los_Angeles'),
        fact('tokyo', 'Asia/Tokyo'),
        fact('otp', 'America/New_York', { exempt: true }),
        fact('unknown', null),
        fact('account-default', null, { accountTimezone: 'America/Los_Angeles' }),
        fact('florida-late', 'America/Los_Angeles', { state: 'FL' }), // 19:00 local: inside FL's 08–20
      ],
      now,
    )
    t.same(plan.now.sort(), ['account-default', 'florida-late', 'la', 'otp', 'tokyo'])
    t.same(Object.fromEntries(plan.later), {
      // 08:00 EST next morning = 13:00 UTC
      '2026-11-23T13:00:00.000Z': ['ny', 'unknown'],
    })
    const fl = planDispatch(
      [fact('fl', 'America/Los_Angeles', { state: 'FL' })],
      new Date('2026-11-23T04:30:00Z'),
    )
    t.same(fl.now, [], 'Florida closes at 20:00 local (20:30 in Los Angeles here)')
    t.same([...fl.later.keys()], ['2026-11-23T16:00:00.000Z'])
  },
)

t.test('every message is planned exactly once, and never for the past', async () => {
  const zones = [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Los_Angeles',
    'Pacific/Honolulu',
    null,
  ]
  fc.assert(
    fc.property(
      fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
      fc.array(fc.record({ tz: fc.constantFrom(...zones), tx: fc.boolean() }), { maxLength: 20 }),
      (now, specs) => {
        const facts = specs.map((s, i) => fact(`m${i}`, s.tz, { exempt: s.tx }))
        const plan = planDispatch(facts, now)
        const later = [...plan.later.values()].flat()
        const all = [...plan.now, ...later].sort()
        return (
          all.length === facts.length &&
          new Set(all).size === facts.length &&
          [...plan.later.keys()].every((at) => Date.parse(at) > now.getTime()) &&
          facts.filter((f) => f.exempt).every((f) => plan.now.includes(f.messageId))
        )
      },
    ),
  )
})

t.test(
  'byListRate: each list its rate, limited and unlimited apart, every message once in the given order',
  async (t) => {
    const grouped = byListRate([
      { messageId: 'a', listId: 1, perMinute: 60, unlimited: false },
      { messageId: 'b', listId: 2, perMinute: 600, unlimited: false },
      { messageId: 'c', listId: 1, perMinute: 60, unlimited: true },
      { messageId: 'd', listId: 1, perMinute: 60, unlimited: false },
    ])
    t.same(
      [...grouped],
      [
        [1, { perMinute: 60, limited: ['a', 'd'], unlimited: ['c'] }],
        [2, { perMinute: 600, limited: ['b'], unlimited: [] }],
      ],
    )
    fc.assert(
      fc.property(
        fc.array(fc.record({ listId: fc.integer({ min: 1, max: 4 }), unlimited: fc.boolean() })),
        (rows) => {
          const facts = rows.map((r, i) => ({ ...r, messageId: `m${i}`, perMinute: r.listId * 100 }))
          const lists = byListRate(facts)
          const seen = [...lists.values()].flatMap((l) => [...l.limited, ...l.unlimited])
          const byId = new Map(facts.map((f) => [f.messageId, f]))
          return (
            seen.length === facts.length &&
            new Set(seen).size === facts.length &&
            [...lists].every(
              ([listId, l]) =>
                l.perMinute === listId * 100 &&
                l.limited.every((id) => byId.get(id)!.listId === listId && !byId.get(id)!.unlimited) &&
                l.unlimited.every((id) => byId.get(id)!.listId === listId && byId.get(id)!.unlimited) &&
                // Oldest first within a list, as the facts came.
                l.limited.every(
                  (id, i) => i === 0 || Number(id.slice(1)) > Number(l.limited[i - 1]!.slice(1)),
                ),
            )
          )
        },
      ),
    )
  },
)
