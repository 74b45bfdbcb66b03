import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DepartmentsModule } from '../departments/departments.module';
import { OwnershipController } from './ownership.controller';
import { OwnershipService } from './ownership.service';
import { RoutingRule } from './routing-rule.entity';
import { RoutingRulesRepository } from './routing-rules.repository';
import { RoutingController, RoutingRulesAdminController } from './routing.controller';
import { RoutingService } from './routing.service';

@Module({
  imports: [TypeOrmModule.forFeature([RoutingRule]), CasesModule, CalendarModule, CatalogModule, DepartmentsModule],
  controllers: [RoutingController, RoutingRulesAdminController, OwnershipController],
  providers: [RoutingRulesRepository, RoutingService, OwnershipService],
  exports: [RoutingService, OwnershipService],
})
export class RoutingModule {}
