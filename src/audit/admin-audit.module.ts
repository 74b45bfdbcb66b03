import { Module } from '@nestjs/common';
import { AdminAuditController } from './admin-audit.controller';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminAuditRepository } from './admin-audit.repository';

/** The audit of administrative changes: the page that reads it, the interceptor that names who made them. */
@Module({
  controllers: [AdminAuditController],
  providers: [AdminAuditRepository, AdminAuditInterceptor],
  exports: [AdminAuditInterceptor],
})
export class AdminAuditModule {}
