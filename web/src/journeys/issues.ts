// Where the editor shows what is wrong: the client's own checks of the obvious rules and the API's refusals,
// both as {path, error} with the API's paths (`steps[2].amount`, `trigger.groups[0].conditions[1].value`), placed
// beside the step or trigger condition the path names. Pure: no React.
import { linkKeys } from '../creatives/creativeRules.js'
import type { JourneyModel, TriggerGroupModel } from './model.js'

export interface Issue {
  /** The API's JSON path ('' when the refusal names none; 'name' for the journey's name). */
  path: string
  error: string
}

const PATH = /^((?:steps|trigger)(?:\[\d+\]|\.[A-Za-z_]+)*): (.*)$/s
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/

/** Indexes as people count them: "steps[2]" reads "step 3". */
export const humanize = (text: string): string =>
  text.replace(/steps\[(\d+)\]/g, (_, n: string) => `step ${Number(n) + 1}`)

/** An API refusal as an issue: its path read from the message core/journeys writes (`path: error`). */
export function issueOfRefusal(code: string, message: string): Issue {
  if (code === 'missing_name' || code === 'name_too_long') return { path: 'name', error: message }
  const m = PATH.exec(message)
  return m ? { path: m[1]!, error: m[2]! } : { path: '', error: message }
}

function groupIssues(g: TriggerGroupModel, path: string, out: Issue[]): void {
  if (g.conditions.length === 0 && g.groups.length === 0)
    out.push({ path, error: 'a trigger group needs at least one condition or group' })
  g.conditions.forEach((c, i) => {
    const at = `${path}.conditions[${i}]`
    if (c.type === 'list' && c.listId === '') out.push({ path: `${at}.list_id`, error: 'choose a list' })
    if (c.type === 'signup_method' && c.method.trim() === '')
      out.push({ path: `${at}.value`, error: 'a signup method (e.g. api, import) is required' })
    if (c.type === 'custom_field' && c.match.field.trim() === '')
      out.push({ path: `${at}.field`, error: 'a custom field name is required' })
  })
  g.groups.forEach((sub, i) => {
    groupIssues(sub, `${path}.groups[${i}]`, out)
  })
}

/** What the editor can tell before asking the API (the API checks the rest, loops among them). */
export function clientIssues(name: string, model: JourneyModel): Issue[] {
  const out: Issue[] = []
  if (name.trim() === '') out.push({ path: 'name', error: 'a name is required' })
  groupIssues(model.trigger, 'trigger', out)
  if (model.steps.length === 0) out.push({ path: 'steps', error: 'a journey needs at least one step' })
  model.steps.forEach((s, i) => {
    const at = `steps[${i}]`
    switch (s.type) {
      case 'send_message':
        if (s.source === 'creative' && s.creativeId === '')
          out.push({ path: `${at}.creative_id`, error: 'choose a creative' })
        if (s.source === 'message' && s.message.trim() === '')
          out.push({ path: `${at}.message`, error: 'the message text is empty' })
        if (s.source === 'message') {
          const unbound = linkKeys(s.message).filter((k) => !s.links[k])
          if (unbound.length > 0)
            out.push({
              path: `${at}.offer_links`,
              error: `choose an offer for {{${unbound.join('}}, {{')}}}`,
            })
        }
        break
      case 'wait':
        if (!/^\d+$/.test(s.amount.trim()) || Number(s.amount) < 1)
          out.push({ path: `${at}.amount`, error: 'must be a positive whole number' })
        break
      case 'condition':
        if (s.yes === '') out.push({ path: `${at}.yes`, error: 'choose the step for yes' })
        if (s.no === '') out.push({ path: `${at}.no`, error: 'choose the step for no' })
        if (s.check === 'custom_field' && s.match.field.trim() === '')
          out.push({ path: `${at}.field`, error: 'a custom field name is required' })
        break
      case 'wait_until':
        if (!HHMM.test(s.time)) out.push({ path: `${at}.time`, error: 'must be HH:MM (24-hour), e.g. 10:00' })
        break
      case 'set_custom_field':
        if (s.field.trim() === '') out.push({ path: `${at}.field`, error: 'a custom field name is required' })
        break
    }
  })
  return out
}

export interface PlacedIssues {
  /** Errors naming no step or condition. */
  top: string[]
  name?: string
  /** Messages per step key or trigger node key. */
  byKey: Map<string, string[]>
  /** Exact paths refused, for aria-invalid on the field they name. */
  paths: Set<string>
}

/** Puts each issue beside the step or trigger node its path names (the longest one that is a node). */
export function placeIssues(model: JourneyModel, issues: readonly Issue[]): PlacedIssues {
  const nodes = new Map<string, string>()
  const walk = (g: TriggerGroupModel, path: string) => {
    nodes.set(path, g.key)
    g.conditions.forEach((c, i) => {
      nodes.set(`${path}.conditions[${i}]`, c.key)
    })
    g.groups.forEach((sub, i) => {
      walk(sub, `${path}.groups[${i}]`)
    })
  }
  walk(model.trigger, 'trigger')
  model.steps.forEach((s, i) => {
    nodes.set(`steps[${i}]`, s.key)
  })
  const placed: PlacedIssues = { top: [], byKey: new Map(), paths: new Set() }
  for (const issue of issues) {
    if (issue.path === 'name') {
      placed.name = issue.error
      continue
    }
    placed.paths.add(issue.path)
    let path = issue.path
    let key = nodes.get(path)
    while (key === undefined && path.length > 0) {
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['))
      path = cut > 0 ? path.slice(0, cut) : ''
      key = nodes.get(path)
    }
    const text = humanize(issue.error)
    if (key === undefined) placed.top.push(text)
    else placed.byKey.set(key, [...(placed.byKey.get(key) ?? []), text])
  }
  return placed
}
