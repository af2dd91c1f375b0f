// The bandit's API beside the counts: bad /ml/creatives queries, each message's selection, the ML settings.
import t from 'tap'
import { banditStatsHarness } from '../harness/bandit-stats.js'

const { fixture, other, viewerKey, memberKey, api, A, B, ctx1, m1, m3, m4, candidates } =
  await banditStatsHarness(t)

t.test('bad query values answer 400 with their codes', async (t) => {
  const feature = await api('GET', '/ml/creatives?feature=colour', fixture.apiKey)
  t.equal(feature.status, 400)
  t.equal(feature.body.code, 'invalid_feature')
  const id = await api('GET', '/ml/creatives?creative_id=abc', fixture.apiKey)
  t.equal(id.status, 400)
  t.equal(id.body.code, 'invalid_creative_id')
})

t.test('GET /messages/:id shows the selection (or null)', async (t) => {
  const res = await api('GET', `/messages/${m1.messageId}`, viewerKey)
  t.equal(res.status, 200)
  t.same(res.body.message.selection, {
    creative_id: A,
    offer_id: fixture.offerId,
    mode: 'thompson_single_step',
    score: 0.04,
    context: ctx1,
    candidates,
  })
  const control = await api('GET', `/messages/${m3.messageId}`, viewerKey)
  t.match(control.body.message.selection, { creative_id: B, mode: 'control', score: null, candidates: [] })
  const none = await api('GET', `/messages/${m4.messageId}`, viewerKey)
  t.equal(none.status, 200)
  t.equal(none.body.message.selection, null)
})

t.test('ML settings: defaults, partial update by a member, viewers read only, per account', async (t) => {
  t.same((await api('GET', '/ml/settings', viewerKey)).body, {
    mode: 'thompson_single_step',
    contextual: true,
  })
  const denied = await api('PUT', '/ml/settings', viewerKey, { contextual: false })
  t.equal(denied.status, 403)
  t.equal(denied.body.code, 'forbidden')
  const bad = await api('PUT', '/ml/settings', memberKey, { mode: 'lightgbm' })
  t.equal(bad.status, 400)
  t.equal(bad.body.code, 'invalid_mode')
  const badFlag = await api('PUT', '/ml/settings', memberKey, { contextual: 'maybe' })
  t.equal(badFlag.status, 400)
  t.equal(badFlag.body.code, 'invalid_contextual')
  const set = await api('PUT', '/ml/settings', memberKey, { mode: 'thompson_two_step' })
  t.same(set.body, { success: true, mode: 'thompson_two_step', contextual: true })
  const off = await api('PUT', '/ml/settings', memberKey, { contextual: false })
  t.same(off.body, { success: true, mode: 'thompson_two_step', contextual: false }, 'the mode was kept')
  t.same((await api('GET', '/ml/settings', viewerKey)).body, { mode: 'thompson_two_step', contextual: false })
  t.same(
    (await api('GET', '/ml/settings', other.apiKey)).body,
    { mode: 'thompson_single_step', contextual: true },
    'another account keeps its defaults',
  )
})
