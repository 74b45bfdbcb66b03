import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { DatabaseModule } from './database/database.module';
import { entities } from './entities';
import { UsersModule } from './users/users.module';
import { AdminAuditModule } from './audit/admin-audit.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { CatalogModule } from './catalog/catalog.module';
import { Clock } from './common/clock';
import { CommonModule } from './common/common.module';
import { HealthController } from './health.controller';
import { HotspotsModule } from './hotspots/hotspots.module';
import { IncidentsModule } from './incidents/incidents.module';
import { RateLimitStorage } from './database/rate-limit.repository';
import { Db } from './database/db';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { prepareDatabase } from './database/database-roles';
import { DepartmentsModule } from './departments/departments.module';
import { IntakeModule } from './intake/intake.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { CallersModule } from './callers/callers.module';
import { LiveModule } from './live/live.module';
import { PublicModule } from './public/public.module';
import { Open311Module } from './open311/open311.module';
import { ReplyModule } from './reply/reply.module';
import { RoutingModule } from './routing/routing.module';
import { StatsModule } from './stats/stats.module';
import { SupervisionModule } from './supervision/supervision.module';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Where request and application logs go. */
  logger: PinoLogger;
  /** Replaces the real clock (tests). */
  clock?: Clock;
  /** How this instance's connections show in pg_stat_activity (tests tell instances apart). */
  applicationName?: string;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      global: true,
      imports: [
        // Nest's own logs through pino; the request lines come from a Fastify hook (common/request-log.ts).
        LoggerModule.forRoot({ pinoHttp: { logger: options.logger }, forRoutes: [] }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(options.databaseUrl, options.applicationName, entities),
          // Migrate as the owner, then serve through a role that owns nothing (database/database-roles.ts).
          dataSourceFactory: async (dataSourceOptions) => {
            const url = await prepareDatabase({
              databaseUrl: options.databaseUrl,
              migrationDatabaseUrl: config.migrationDatabaseUrl,
              production: config.env === 'production',
              log: new Logger('DatabaseRoles'),
            });
            return new DataSource({ ...dataSourceOptions!, url } as DataSourceOptions).initialize();
          },
        }),
        ThrottlerModule.forRootAsync({
          inject: [Db],
          useFactory: (db: Db) => ({
            throttlers: [
              { name: 'login', ttl: 60_000, limit: config.loginRateLimitPerMinute },
              { name: 'public', ttl: 60_000, limit: config.publicRateLimitPerMinute },
            ],
            errorMessage: 'Too many requests; please wait and try again',
            storage: new RateLimitStorage(db),
          }),
        }),
        // The transaction travels with the request in its async context (Db.transaction), not as a parameter.
        ClsModule.forRoot({
          global: true,
          plugins: [new ClsPluginTransactional({ adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }) })],
        }),
        CommonModule.forRoot(options.clock),
        DatabaseModule,
        AuthModule,
        AdminAuditModule,
        UsersModule,
        DepartmentsModule,
        CatalogModule,
        CalendarModule,
        CasesModule,
        RoutingModule,
        SupervisionModule,
        ReplyModule,
        StatsModule,
        KnowledgeModule,
        CallersModule,
        AttachmentsModule,
        NotificationsModule,
        HotspotsModule,
        IncidentsModule,
        IntakeModule,
        PublicModule,
        LiveModule,
        Open311Module,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
