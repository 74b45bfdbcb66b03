import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { CaseExtension } from '../cases/case-extension.entity';
import { CasesModule } from '../cases/cases.module';
import { DeadlineSweeper } from './deadline-sweeper.service';
import { CaseSupervisionController, SupervisionController } from './supervision.controller';
import { Supervision } from './supervision.entity';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [TypeOrmModule.forFeature([Supervision, CaseExtension]), CasesModule, CalendarModule],
  controllers: [CaseSupervisionController, SupervisionController],
  providers: [SupervisionService, DeadlineSweeper],
  exports: [SupervisionService, DeadlineSweeper],
})
export class SupervisionModule {}
