import { AppSecret } from './auth/app-secret.entity';
import { CalendarDay } from './calendar/calendar-day.entity';
import { SlaPolicy } from './calendar/sla-policy.entity';
import { CaseCoDepartment } from './cases/case-co-department.entity';
import { CaseEvent } from './cases/case-event.entity';
import { Case } from './cases/case.entity';
import { Category } from './catalog/category.entity';
import { Region } from './catalog/region.entity';
import { Department } from './departments/department.entity';
import { IdempotencyKey } from './intake/idempotency-key.entity';
import { RoutingRule } from './routing/routing-rule.entity';
import { CaseExtension } from './cases/case-extension.entity';
import { CasePause } from './cases/case-pause.entity';
import { Supervision } from './supervision/supervision.entity';
import { User } from './users/user.entity';
import { KnowledgeEntry } from './knowledge/knowledge-entry.entity';
import { CallerFlag } from './callers/caller-flag.entity';
import { ReplyTemplate } from './reply/reply-template.entity';
import { Attachment } from './cases/attachment.entity';
import { Notification } from './cases/notification.entity';
import { Open311Client } from './open311/open311-client.entity';
import { Hotspot, HotspotPolicy } from './hotspots/hotspot.entity';
import { Incident } from './incidents/incident.entity';

/**
 * Every entity: the row types the repositories read through `entity-columns.ts`. The schema itself is
 * the migrations' (`migrations/`); `test/schema.e2e-spec.ts` checks the two agree.
 */
export const entities = [
  AppSecret,
  Department,
  User,
  Region,
  Category,
  RoutingRule,
  SlaPolicy,
  CalendarDay,
  Case,
  CaseEvent,
  CaseCoDepartment,
  IdempotencyKey,
  CaseExtension,
  CasePause,
  Supervision,
  KnowledgeEntry,
  CallerFlag,
  ReplyTemplate,
  Attachment,
  Notification,
  Open311Client,
  HotspotPolicy,
  Hotspot,
  Incident,
];
