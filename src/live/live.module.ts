import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { HotspotsModule } from '../hotspots/hotspots.module';
import { CaseEventRelay } from './case-event-relay';
import { HotspotFeed } from './hotspot-feed.service';
import { LiveAccessWatcher } from './live-access.watcher';
import { LiveAuthService } from './live-auth.service';
import { LiveEventsRepository } from './live-events.repository';
import { LiveFeed } from './live-feed.service';
import { LiveGateway } from './live.gateway';

/** Live updates over socket.io (namespace `/live`), fed from the committed timeline. */
@Module({
  imports: [AuthModule, CasesModule, DepartmentsModule, HotspotsModule],
  providers: [LiveEventsRepository, CaseEventRelay, LiveFeed, HotspotFeed, LiveAuthService, LiveAccessWatcher, LiveGateway],
})
export class LiveModule {}
