// Time as a dependency: the scheduler, campaign runs and journeys read `now` from a Clock, so tests can move time.
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that moves only when told to (tests, simulations). */
export class ManualClock implements Clock {
  private ms: number

  constructor(start: Date | string | number) {
    this.ms = new Date(start).getTime()
  }

  now(): Date {
    return new Date(this.ms)
  }

  set(at: Date | string | number): void {
    this.ms = new Date(at).getTime()
  }

  advance(ms: number): Date {
    this.ms += ms
    return this.now()
  }
}
