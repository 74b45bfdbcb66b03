import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { DepartmentsModule } from '../departments/departments.module';
import { FactsModule } from '../stats/facts.module';
import { CaseCoDepartment } from './case-co-department.entity';
import { CaseEventsNotifier } from './case-events.notifier';
import { GuardContexts } from './case-guard-context';
import { CaseEvent } from './case-event.entity';
import { CaseWorkflow } from './case-workflow.service';
import { Case } from './case.entity';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

@Module({
  imports: [TypeOrmModule.forFeature([Case, CaseEvent, CaseCoDepartment]), DepartmentsModule, FactsModule, CalendarModule],
  controllers: [CasesController],
  providers: [CasesRepository, CasesService, CaseWorkflow, CaseEventsNotifier, GuardContexts],
  exports: [CasesRepository, CasesService, CaseWorkflow, CaseEventsNotifier, GuardContexts],
})
export class CasesModule {}
