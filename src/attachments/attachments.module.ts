import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { FileStore, fileStoreFor } from './file-store';

/** Files of cases: uploads checked and cleaned, the file store (disk or S3), downloads under the case's rules. */
@Module({
  imports: [CasesModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, { provide: FileStore, inject: [APP_CONFIG], useFactory: (config: AppConfig) => fileStoreFor(config) }],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
