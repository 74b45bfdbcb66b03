import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { CaseWorkflow } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import { isOverdue, toTimelineEventDto } from '../cases/case.mapper';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/database-errors';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Db } from '../database/db';
import { HotspotsService } from '../hotspots/hotspots.service';
import type { AttachCasesDto, CreateIncidentDto, IncidentDetailDto, IncidentDto } from './dto/incident.dto';
import type { Incident, IncidentRole } from './incident.entity';
import { type IncidentMember, IncidentsRepository } from './incidents.repository';

const LIST_LIMIT = 100;
const TIMELINE_LIMIT = 300;
const AT_CENTRE = ['received', 'returned'];

/**
 * Incidents (事件): one problem, many callers, one master case with one owner and one answer. Made by a
 * supervisor of a hotspot or of chosen cases. Every change to a case goes through the case workflow:
 * the centre's cases are merged into the master (`incidentMerge`: closed `merged`, so each citizen's
 * lookup follows the master and reads its answer), the departments' stay open and get a `case.linked`
 * event (`incidentLink`), counted for their own department as before.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: Db,
    private readonly incidents: IncidentsRepository,
    private readonly workflow: CaseWorkflow,
    private readonly casesService: CasesService,
    private readonly hotspots: HotspotsService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateIncidentDto): Promise<IncidentDetailDto> {
    if ((dto.hotspotId === undefined) === (dto.caseIds === undefined)) {
      throw DomainError.invalid(ErrorCode.CASES_OR_HOTSPOT, 'Give either hotspotId or caseIds');
    }
    const id = await this.db.transaction(async () => {
      let caseIds = dto.caseIds ?? [];
      if (dto.hotspotId) {
        const hotspot = await this.hotspots.get(dto.hotspotId).catch(() => null);
        if (!hotspot) throw DomainError.invalid(ErrorCode.UNKNOWN_HOTSPOT, 'hotspotId is not a hotspot');
        if (hotspot.incidentId) throw DomainError.conflict(ErrorCode.HOTSPOT_HAS_INCIDENT, 'This hotspot is an incident already');
        caseIds = hotspot.caseIds;
      }
      const cases = await this.load([...new Set([...(dto.masterCaseId ? [dto.masterCaseId] : []), ...caseIds])]);
      const master = dto.masterCaseId ? cases.find((c) => c.id === dto.masterCaseId)! : pickMaster(cases);
      if (!master || master.status === 'closed') {
        throw DomainError.conflict(ErrorCode.MASTER_CLOSED, 'The master case must be open: choose an open case as masterCaseId');
      }
      const now = this.clock.now();
      let incident: Incident;
      try {
        incident = await this.incidents.insert({ title: dto.title, masterCaseId: master.id, hotspotId: dto.hotspotId ?? null, createdBy: user.id, createdAt: now });
      } catch (error) {
        if (isUniqueViolation(error)) throw DomainError.conflict(ErrorCode.CASE_IN_INCIDENT, 'That master case or hotspot is in an incident already');
        throw error;
      }
      await this.join(user, incident, master, 'master', now);
      for (const c of cases) if (c.id !== master.id) await this.join(user, incident, c, c.status === 'closed' || !AT_CENTRE.includes(c.status) ? 'linked' : 'merged', now);
      return incident.id;
    });
    return this.get(user, id);
  }

  /** More cases for an incident: the centre's merge into its master, the departments' are linked. */
  async attach(user: AuthUser, id: string, dto: AttachCasesDto): Promise<IncidentDetailDto> {
    await this.db.transaction(async () => {
      const incident = await this.incidents.find(id);
      if (!incident) throw DomainError.notFound('Incident');
      const cases = await this.load(dto.caseIds);
      const now = this.clock.now();
      for (const c of cases) await this.join(user, incident, c, AT_CENTRE.includes(c.status) ? 'merged' : 'linked', now);
    });
    return this.get(user, id);
  }

  async list(caseId?: string): Promise<IncidentDto[]> {
    const incidents = await this.incidents.list(LIST_LIMIT, caseId);
    const members = await this.incidents.members(incidents);
    const masters = new Map((await this.incidents.casesByIds(incidents.map((i) => i.masterCaseId))).map((c) => [c.id, c]));
    const firsts = await this.incidents.casesByIds([...members.values()].flatMap((m) => m.map((x) => x.caseId)));
    const createdAt = new Map(firsts.map((c) => [c.id, c.createdAt]));
    return incidents.map((i) => this.summary(i, members.get(i.id) ?? [], masters.get(i.masterCaseId)!, createdAt));
  }

  async get(user: AuthUser, id: string): Promise<IncidentDetailDto> {
    const incident = await this.incidents.find(id);
    if (!incident) throw DomainError.notFound('Incident');
    const members = (await this.incidents.members([incident])).get(id) ?? [];
    const cases = await this.incidents.casesByIds(members.map((m) => m.caseId));
    const byId = new Map(cases.map((c) => [c.id, c]));
    const ordered = inOrder(members, new Map(cases.map((c) => [c.id, c.createdAt])));
    const rendered = await this.casesService.renderMany(user, ordered.map((m) => byId.get(m.caseId)!));
    const events = await this.incidents.timeline(members.map((m) => m.caseId), TIMELINE_LIMIT);
    const departments = await this.casesService.departmentsById(events.flatMap((e) => [e.fromOwnerDepartmentId, e.toOwnerDepartmentId]));
    return {
      ...this.summary(incident, members, byId.get(incident.masterCaseId)!, new Map(cases.map((c) => [c.id, c.createdAt]))),
      cases: ordered.map((m, i) => ({ role: m.role, addedAt: m.addedAt.toISOString(), case: rendered[i] })),
      timeline: events.map((e) => ({ ...toTimelineEventDto(e, departments), caseId: e.caseId, trackingCode: e.trackingCode })),
    };
  }

  private summary(i: Incident, members: IncidentMember[], master: Case, createdAt: Map<string, Date>): IncidentDto {
    const now = this.clock.now();
    const started = Math.min(...members.map((m) => createdAt.get(m.caseId)?.getTime() ?? Infinity), master.createdAt.getTime());
    const ordered = inOrder(members, createdAt);
    return {
      id: i.id,
      title: i.title,
      masterCaseId: i.masterCaseId,
      hotspotId: i.hotspotId,
      caseIds: ordered.map((m) => m.caseId),
      merged: members.filter((m) => m.role === 'merged').length,
      linked: members.filter((m) => m.role === 'linked').length,
      status: master.status === 'closed' ? 'closed' : 'open',
      clock: {
        startedAt: new Date(started).toISOString(),
        status: master.status,
        deadline: master.currentDeadline?.toISOString() ?? null,
        overdue: isOverdue(master, now),
      },
      createdBy: i.createdBy,
      createdAt: i.createdAt.toISOString(),
    };
  }

  /** Cases by id, all of them (400 naming the unknown ones), none in an incident yet (409). */
  private async load(ids: string[]): Promise<Case[]> {
    const cases = await this.incidents.casesByIds(ids);
    const missing = ids.filter((id) => !cases.some((c) => c.id === id));
    if (missing.length > 0) throw DomainError.invalid(ErrorCode.UNKNOWN_CASE, `Not cases: ${missing.join(', ')}`);
    const taken = await this.incidents.alreadyIn(ids);
    if (taken.length > 0) throw DomainError.conflict(ErrorCode.CASE_IN_INCIDENT, `Already in an incident: ${taken.join(', ')}`);
    return cases;
  }

  /** One case joins: a row in the incident, and its step on the case's own timeline (closed cases: the row only). */
  private async join(user: AuthUser, incident: Incident, c: Case, role: IncidentRole, now: Date): Promise<void> {
    if (!(await this.incidents.addMember(incident.id, c.id, role, user.id, now))) {
      throw DomainError.conflict(ErrorCode.CASE_IN_INCIDENT, `Already in an incident: ${c.id}`);
    }
    if (c.status === 'closed') return;
    const data = { incidentId: incident.id, role, masterCaseId: incident.masterCaseId };
    if (role === 'merged') {
      const master = (await this.incidents.casesByIds([incident.masterCaseId]))[0];
      if (master.status === 'closed') throw DomainError.conflict(ErrorCode.MERGE_TARGET_CLOSED, 'The incident’s master case is closed');
      await this.workflow.act(user, c.id, 'incidentMerge', undefined, () => ({
        set: { closeReason: 'merged', mergedIntoId: master.id },
        note: `并入事件「${incident.title}」`,
        data: { ...data, reason: 'merged', mergedIntoId: master.id, masterTrackingCode: master.trackingCode },
      }));
    } else {
      await this.workflow.act(user, c.id, 'incidentLink', undefined, () => ({
        note: role === 'master' ? `设为事件「${incident.title}」的主工单` : `关联事件「${incident.title}」，由本单位继续办理`,
        data,
      }));
    }
  }
}

/** The master first, then in the order they joined, then as they came in. */
function inOrder(members: IncidentMember[], createdAt: ReadonlyMap<string, Date>): IncidentMember[] {
  const time = (m: IncidentMember) => createdAt.get(m.caseId)?.getTime() ?? 0;
  return [...members].sort(
    (a, b) => Number(b.role === 'master') - Number(a.role === 'master') || a.addedAt.getTime() - b.addedAt.getTime() || time(a) - time(b),
  );
}

/** The earliest open case a department holds (it has an owner already), else the earliest open case. */
function pickMaster(cases: Case[]): Case | undefined {
  const open = cases.filter((c) => c.status !== 'closed').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return open.find((c) => c.ownerDepartmentId !== null) ?? open[0];
}
