import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DepartmentsModule } from '../departments/departments.module';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeRepository } from './knowledge.repository';
import { KnowledgeService } from './knowledge.service';

@Module({
  imports: [CatalogModule, DepartmentsModule],
  controllers: [KnowledgeController],
  providers: [KnowledgeRepository, KnowledgeService],
  exports: [KnowledgeService],
})
export class KnowledgeModule {}
