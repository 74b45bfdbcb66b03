import { Module } from '@nestjs/common';
import { AdminAuditModule } from '../audit/admin-audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { IntakeModule } from '../intake/intake.module';
import { Open311ClientsController } from './open311-clients.controller';
import { Open311Controller } from './open311.controller';
import { Open311Repository } from './open311.repository';
import { Open311Service } from './open311.service';

/** Open311 GeoReport v2 for other apps, and the administration of their api_keys. */
@Module({
  imports: [CatalogModule, IntakeModule, AdminAuditModule],
  controllers: [Open311Controller, Open311ClientsController],
  providers: [Open311Service, Open311Repository],
})
export class Open311Module {}
