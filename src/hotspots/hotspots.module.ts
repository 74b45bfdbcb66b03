import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { HotspotDetector } from './hotspot-detector.service';
import { HotspotPolicyController, HotspotsController } from './hotspots.controller';
import { HotspotsRepository } from './hotspots.repository';
import { HotspotsService } from './hotspots.service';

/** Hotspots (热点): spikes of one category in one county, found on a sliding window against their history. */
@Module({
  imports: [CatalogModule],
  controllers: [HotspotsController, HotspotPolicyController],
  providers: [HotspotsRepository, HotspotsService, HotspotDetector],
  exports: [HotspotsService, HotspotDetector],
})
export class HotspotsModule {}
