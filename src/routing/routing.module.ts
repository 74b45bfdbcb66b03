import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DepartmentsModule } from '../departments/departments.module';
import { UsersModule } from '../users/users.module';
import { OwnershipController } from './ownership.controller';
import { OwnershipService } from './ownership.service';
import { RoutingRulesRepository } from './routing-rules.repository';
import { RoutingController, RoutingRulesAdminController } from './routing.controller';
import { RoutingService } from './routing.service';

@Module({
  imports: [CasesModule, CalendarModule, CatalogModule, DepartmentsModule, UsersModule],
  controllers: [RoutingController, RoutingRulesAdminController, OwnershipController],
  providers: [RoutingRulesRepository, RoutingService, OwnershipService],
  exports: [RoutingService, OwnershipService],
})
export class RoutingModule {}
