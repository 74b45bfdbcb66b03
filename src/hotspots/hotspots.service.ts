import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Db } from '../database/db';
import type { HotspotDto, HotspotMessageDto, HotspotPolicyDto, UpdateHotspotPolicyDto } from './dto/hotspot.dto';
import type { Hotspot, HotspotPolicy } from './hotspot.entity';
import { type HotspotNotice, HotspotsRepository } from './hotspots.repository';

const LIST_LIMIT = 100;
const MESSAGE_CASE_IDS = 100;

const toPolicyDto = (p: HotspotPolicy): HotspotPolicyDto => ({
  windowMinutes: p.windowMinutes,
  threshold: p.threshold,
  sigmas: p.sigmas,
  historyDays: p.historyDays,
  enabled: p.enabled,
  updatedAt: p.updatedAt.toISOString(),
});

/** Reading hotspots (for staff and for the live feed) and the detection policy. */
@Injectable()
export class HotspotsService {
  constructor(
    private readonly hotspots: HotspotsRepository,
    private readonly catalog: CatalogService,
    private readonly db: Db,
  ) {}

  async list(status: 'active' | 'all'): Promise<HotspotDto[]> {
    return this.render(await this.hotspots.list(status === 'active', LIST_LIMIT));
  }

  async get(id: string): Promise<HotspotDto> {
    const found = await this.hotspots.find(id);
    if (!found) throw DomainError.notFound('Hotspot');
    return (await this.render([found]))[0];
  }

  /** The hotspot a notification is about, as its live message; null when it is gone (never: hotspots are kept). */
  async message(notice: HotspotNotice): Promise<HotspotMessageDto | null> {
    const found = await this.hotspots.find(notice.id);
    if (!found) return null;
    const [dto] = await this.render([found], false);
    const joined = await this.hotspots.joinedAt(found.id, new Date(notice.at));
    const { caseIds: _caseIds, incidentId: _incidentId, spread: _spread, ...summary } = dto;
    return { type: notice.type, ...summary, joinedCaseIds: joined.slice(0, MESSAGE_CASE_IDS), joined: joined.length };
  }

  async policy(): Promise<HotspotPolicyDto> {
    return toPolicyDto(await this.hotspots.policy());
  }

  async updatePolicy(dto: UpdateHotspotPolicyDto): Promise<HotspotPolicyDto> {
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) {
      throw DomainError.invalid(ErrorCode.NOTHING_TO_CHANGE, 'Give at least one of windowMinutes, threshold, sigmas, historyDays, enabled');
    }
    await this.db.transaction(() => this.hotspots.updatePolicy(changes));
    return this.policy();
  }

  private async render(rows: Hotspot[], withCases = true): Promise<HotspotDto[]> {
    const ids = rows.map((h) => h.id);
    const [cases, incidents, names] = await Promise.all([
      withCases ? this.hotspots.casesOf(ids) : Promise.resolve(new Map<string, string[]>()),
      this.hotspots.incidentsOf(ids),
      this.catalog.names(),
    ]);
    return rows.map((h) => ({
      id: h.id,
      categoryCode: h.categoryCode,
      categoryName: names.categories.get(h.categoryCode) ?? h.categoryCode,
      regionCode: h.regionCode,
      regionName: names.regions.get(h.regionCode) ?? h.regionCode,
      windowStart: h.windowStart.toISOString(),
      windowEnd: h.windowEnd.toISOString(),
      count: h.count,
      baseline: round(h.baseline),
      spread: round(h.spread),
      threshold: round(h.threshold),
      status: h.status,
      caseIds: cases.get(h.id) ?? [],
      detectedAt: h.detectedAt.toISOString(),
      endedAt: h.endedAt?.toISOString() ?? null,
      incidentId: incidents.get(h.id) ?? null,
    }));
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
