import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentsModule } from '../departments/departments.module';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

@Module({
  imports: [TypeOrmModule.forFeature([Case, CaseEvent]), DepartmentsModule],
  controllers: [CasesController],
  providers: [CasesRepository, CasesService],
  exports: [CasesRepository, CasesService],
})
export class CasesModule {}
