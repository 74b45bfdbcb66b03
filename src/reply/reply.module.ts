import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { ReplyController } from './reply.controller';
import { ReplyTemplatesController } from './reply-templates.controller';
import { ReplyTemplatesRepository } from './reply-templates.repository';
import { ReplyTemplatesService } from './reply-templates.service';
import { CatalogModule } from '../catalog/catalog.module';
import { ReplyService } from './reply.service';

@Module({
  imports: [CasesModule, CalendarModule, KnowledgeModule, CatalogModule],
  controllers: [ReplyController, ReplyTemplatesController],
  providers: [ReplyService, ReplyTemplatesService, ReplyTemplatesRepository],
  exports: [ReplyService],
})
export class ReplyModule {}
