import { Module } from '@nestjs/common';
import { PeriodsController } from './periods.controller.js';
import { DealConversionFacts } from './deal-conversion-facts.js';
import { ProgramCommandHandler } from './program-command.handler.js';
import { RuleSetsController } from './rule-sets.controller.js';

/** Rule-set publication and period close (the `program` stream); ProgramFacts comes from the core module. */
@Module({
  controllers: [RuleSetsController, PeriodsController],
  providers: [ProgramCommandHandler, DealConversionFacts],
})
export class ProgramModule {}
