import { Module } from '@nestjs/common';
import { AdminCatalogController, CatalogController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { RegionLocator } from './region-locator';

@Module({
  controllers: [CatalogController, AdminCatalogController],
  providers: [CatalogRepository, CatalogService, RegionLocator],
  exports: [CatalogService, RegionLocator],
})
export class CatalogModule {}
