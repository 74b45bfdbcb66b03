import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { DeadlineSweeper } from './deadline-sweeper.service';
import { PauseService } from './pause.service';
import { SweepRepository } from './sweep.repository';
import { CaseSupervisionController, SupervisionController } from './supervision.controller';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [CasesModule, CalendarModule],
  controllers: [CaseSupervisionController, SupervisionController],
  providers: [SupervisionRepository, SupervisionService, PauseService, SweepRepository, DeadlineSweeper],
  exports: [SupervisionService, DeadlineSweeper],
})
export class SupervisionModule {}
