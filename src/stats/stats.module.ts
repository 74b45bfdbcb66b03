import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DepartmentsModule } from '../departments/departments.module';
import { HotspotsModule } from '../hotspots/hotspots.module';
import { RollupsJanitor } from './rollups.janitor';
import { OverviewService } from './overview.service';
import { StatsController } from './stats.controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

@Module({
  imports: [DepartmentsModule, CatalogModule, HotspotsModule],
  controllers: [StatsController],
  providers: [StatsRepository, StatsService, OverviewService, RollupsJanitor],
  exports: [StatsService, OverviewService],
})
export class StatsModule {}
