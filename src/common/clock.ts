import { Global, Module } from '@nestjs/common';

/**
 * What time it is, for every decision that depends on the calendar (which day, week or month is
 * running, how much of it has gone by). Injected rather than read from `new Date()` so that a test
 * can stand on the last second of a month or a DST Sunday and get the same answer at any hour.
 * Durations, timeouts and back-off sleeps stay on the wall clock: they measure, they do not decide.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stays where it is put: tests (`overrideProvider(Clock).useValue(new FixedClock(...))`) and benches. */
export class FixedClock extends Clock {
  private at: number;

  constructor(at: Date | string) {
    super();
    this.at = new Date(at).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): void {
    this.at = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

/** One clock for the whole app; imported once by AppModule. */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
