import { Global, Module } from '@nestjs/common';
import { Db } from './db';
import { FailureCounters } from './failure-counters.repository';
import { ReferenceData } from './reference-data';

/** The database access every repository uses, and the instance's copies of the reference data. */
@Global()
@Module({
  providers: [Db, ReferenceData, FailureCounters],
  exports: [Db, ReferenceData, FailureCounters],
})
export class DatabaseModule {}
