import { Module } from '@nestjs/common';
import { DepartmentFactsRecorder } from './department-facts.recorder';

/** The recorder alone, so the case workflow can keep the facts without depending on the reports. */
@Module({ providers: [DepartmentFactsRecorder], exports: [DepartmentFactsRecorder] })
export class FactsModule {}
