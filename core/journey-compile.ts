// A journey's steps compiled (spec §17): each checked, references resolved to indexes, waitless loops rejected.
import { Issues } from './journey-checks.js'
import { parseStep } from './journey-step-validation.js'
import { type CompiledJourney, MAX_STEPS, type Parsed, type Step, type StepRef } from './journey-types.js'

/**
 * Resolves every `next`/`yes`/`no` to an index and rejects a loop that no wait step interrupts (it would send
 * or write without end inside one run).
 */
function compile(steps: Step[], issues: Issues): CompiledJourney | null {
  const byId = new Map<string, number>()
  for (const [i, step] of steps.entries()) {
    if (step.id === undefined) continue
    if (byId.has(step.id)) {
      issues.add(
        'invalid_step_id',
        `steps[${i}].id`,
        `the id ${step.id} is used by steps[${byId.get(step.id)}] too`,
      )
      return null
    }
    byId.set(step.id, i)
  }
  const resolve = (ref: StepRef, path: string): number | null => {
    const index = typeof ref === 'number' ? ref : byId.get(ref)
    if (index === undefined || index >= steps.length) {
      issues.add('invalid_branch_target', path, `no step ${JSON.stringify(ref)} in this journey`)
      return null
    }
    return index
  }
  const next: (number | null)[] = []
  const branches: ([number, number] | null)[] = []
  for (const [i, step] of steps.entries()) {
    if (step.type === 'condition') {
      const yes = resolve(step.yes, `steps[${i}].yes`)
      const no = resolve(step.no, `steps[${i}].no`)
      if (yes === null || no === null) return null
      branches.push([yes, no])
      next.push(null)
      continue
    }
    branches.push(null)
    if (step.type === 'exit' || step.type === 'unsubscribe') {
      next.push(null)
    } else if (step.next !== undefined) {
      const target = resolve(step.next, `steps[${i}].next`)
      if (target === null) return null
      next.push(target)
    } else {
      next.push(i + 1 < steps.length ? i + 1 : null)
    }
  }
  // Loops through steps that run at once (anything but wait/wait_until): depth-first search for a back edge.
  const pauses = (i: number) => steps[i]!.type === 'wait' || steps[i]!.type === 'wait_until'
  const successors = (i: number): number[] =>
    pauses(i)
      ? []
      : [...(branches[i] ?? []), ...(next[i] === null || next[i] === undefined ? [] : [next[i]!])]
  const state = new Array<0 | 1 | 2>(steps.length).fill(0)
  for (let start = 0; start < steps.length; start++) {
    if (state[start] !== 0) continue
    const stack: { node: number; edges: number[] }[] = [{ node: start, edges: successors(start) }]
    state[start] = 1
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const target = top.edges.pop()
      if (target === undefined) {
        state[top.node] = 2
        stack.pop()
        continue
      }
      if (state[target] === 1) {
        issues.add(
          'journey_step_loop',
          `steps[${top.node}]`,
          `steps loop back to steps[${target}] without a wait or wait_until step`,
        )
        return null
      }
      if (state[target] === 0) {
        state[target] = 1
        stack.push({ node: target, edges: successors(target) })
      }
    }
  }
  return { steps, next, branches }
}

/** Steps as stored: each checked, references resolved, no loop without a wait. */
export function parseSteps(raw: unknown): Parsed<CompiledJourney> {
  const issues = new Issues()
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.add('missing_steps', 'steps', 'a journey needs at least one step')
    return { ok: false, issues: issues.list }
  }
  if (raw.length > MAX_STEPS) {
    issues.add('too_many_steps', 'steps', `a journey has at most ${MAX_STEPS} steps`)
    return { ok: false, issues: issues.list }
  }
  const steps = raw.map((s, i) => parseStep(s, `steps[${i}]`, issues))
  if (issues.list.length > 0) return { ok: false, issues: issues.list }
  const compiled = compile(steps as Step[], issues)
  return compiled ? { ok: true, value: compiled } : { ok: false, issues: issues.list }
}
