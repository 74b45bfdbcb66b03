import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DepartmentsModule } from '../departments/departments.module';
import { CaseAccess } from './case-access';
import { CaseEventsNotifier } from './case-events.notifier';
import { GuardContexts } from './case-guard-context';
import { CasePauses } from './case-pauses';
import { CaseWorkflow } from './case-workflow.service';
import { CitizenAccess } from './citizen-access.service';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { DepartmentFactsRepository } from './department-facts.repository';
import { NotificationOutbox, OutboxSignal } from './notification-outbox';
import { NotificationsRepository } from './notifications.repository';
import { AttachmentsRepository } from './attachments.repository';

/** The case (工单): its state machine, who may see and act on it, its one write path, its reads. */
@Module({
  imports: [DepartmentsModule, CalendarModule, CatalogModule],
  controllers: [CasesController],
  providers: [CasesRepository, CasesService, CaseWorkflow, CaseEventsNotifier, GuardContexts, CaseAccess, CitizenAccess, DepartmentFactsRepository, CasePauses, NotificationOutbox, OutboxSignal, NotificationsRepository, AttachmentsRepository],
  exports: [CasesRepository, CasesService, CaseWorkflow, CaseEventsNotifier, GuardContexts, CaseAccess, CitizenAccess, CasePauses, NotificationOutbox, OutboxSignal, AttachmentsRepository],
})
export class CasesModule {}
