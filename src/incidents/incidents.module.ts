import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { HotspotsModule } from '../hotspots/hotspots.module';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

/** Incidents (事件): one master case, one owner and one answer for a problem many people called about. */
@Module({
  imports: [CasesModule, HotspotsModule],
  controllers: [IncidentsController],
  providers: [IncidentsRepository, IncidentsService],
})
export class IncidentsModule {}
