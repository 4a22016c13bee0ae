import { Inject, Injectable } from '@nestjs/common';
import { dateOf } from '#domain';
import { ProgramFacts } from '../program/program-facts.js';
import { CommandPipeline } from './command-pipeline.js';
import { CLOCK, type Clock } from './tokens.js';

/**
 * What the command handlers of partners, deals, registrations and campaigns share: the command
 * pipeline, the program's facts on a business date and the injected clock that says which date is today.
 */
@Injectable()
export abstract class FactsCommandHandler {
  constructor(
    protected readonly pipeline: CommandPipeline,
    protected readonly program: ProgramFacts,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  /** Today's business date by the injected clock. */
  protected today(): string {
    return dateOf(this.clock.now());
  }
}
