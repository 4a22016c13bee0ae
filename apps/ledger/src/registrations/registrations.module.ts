import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { RegistrationQueries } from '#read-models';
import { READ_DATABASE } from '../common/tokens.js';
import { CustomersController } from './customers.controller.js';
import { DeclareCustomerDivisionHandler } from './customer-division.handler.js';
import { RegistrationCommandHandler } from './registration-command.handler.js';
import { RegistrationsController } from './registrations.controller.js';

@Module({
  controllers: [RegistrationsController, CustomersController],
  providers: [
    RegistrationCommandHandler,
    DeclareCustomerDivisionHandler,
    {
      provide: RegistrationQueries,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new RegistrationQueries(db),
    },
  ],
})
export class RegistrationsModule {}
