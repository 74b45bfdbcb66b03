import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { CatalogModule } from '../catalog/catalog.module';
import { HotspotsModule } from '../hotspots/hotspots.module';
import { RoutingModule } from '../routing/routing.module';
import { ReplyModule } from '../reply/reply.module';
import { Idempotency } from './idempotency';
import { IdempotencyKeyJanitor } from './idempotency-key.janitor';
import { IdempotencyRepository } from './idempotency.repository';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

@Module({
  imports: [CasesModule, CatalogModule, CalendarModule, RoutingModule, ReplyModule, AttachmentsModule, HotspotsModule],
  controllers: [IntakeController],
  providers: [IntakeService, Idempotency, IdempotencyRepository, IdempotencyKeyJanitor],
  exports: [IntakeService],
})
export class IntakeModule {}
