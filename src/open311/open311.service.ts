import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { CENTRE_NAME, citizenLine } from '../cases/citizen-timeline';
import type { CaseEventType } from '../cases/case-event.entity';
import { CatalogService } from '../catalog/catalog.service';
import type { CatalogNodeDto } from '../catalog/dto/catalog.dto';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IntakeService } from '../intake/intake.service';
import type { CreatedOpen311ClientDto, ListServiceRequestsQuery, Open311ClientDto, PostServiceRequestDto } from './dto/open311.dto';
import type { Open311Client } from './open311-client.entity';
import { Open311Repository, type PublishedCase } from './open311.repository';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's description last changed (discovery's `changeset`). */
const CHANGESET = '2026-11-29 00:00';
const DAY_MS = 24 * 3600_000;
/** GeoReport v2: by default the last 90 days, at most 1000 requests, a range of at most 90 days. */
const MAX_RANGE_MS = 90 * DAY_MS;
const MAX_REQUESTS = 1000;

const hashKey = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');

/** An ISO 8601 time with the Shanghai offset, as w3 datetimes go (`2026-11-29T10:15:00+08:00`). */
export function w3(at: Date | null): string | null {
  if (!at) return null;
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

const open311Error = (status: number, message: string) => new DomainError(status, status === 403 ? ErrorCode.INVALID_API_KEY : status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.OPEN311_INVALID, message);

interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/**
 * Open311 GeoReport v2: other apps read the services (one per leaf category), submit reports with an
 * administrator-issued api_key, and read the published requests. A report becomes a case like a letter
 * (channel `open311`), with the same receipt to the citizen; what is published carries a public
 * reference, never the tracking code, and no citizen data.
 */
@Injectable()
export class Open311Service {
  constructor(
    private readonly repository: Open311Repository,
    private readonly catalog: CatalogService,
    private readonly intake: IntakeService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  discovery() {
    return {
      changeset: CHANGESET,
      contact: '12345政务服务便民热线：拨打 12345；接口事宜请联系市 12345 热线管理办公室',
      key_service: 'api_key 由系统管理员在管理后台登记客户端后发放（POST /api/admin/open311-clients）',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${this.config.publicUrl}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  /** One service per leaf category, grouped by its top-level category. */
  async services(): Promise<Service[]> {
    const services: Service[] = [];
    const walk = (nodes: CatalogNodeDto[], path: string[], group: string | null) => {
      for (const node of nodes) {
        if (node.children.length > 0) walk(node.children, [...path, node.name], group ?? node.name);
        else {
          services.push({
            service_code: node.code,
            service_name: node.name,
            description: [...path, node.name].join(' / '),
            metadata: false,
            type: 'realtime',
            keywords: [...path, node.name].join(', '),
            group: group ?? node.name,
          });
        }
      }
    };
    walk(await this.catalog.categoryTree(), [], null);
    return services;
  }

  async service(code: string): Promise<{ service_code: string; attributes: never[] }> {
    if (!(await this.services()).some((s) => s.service_code === code)) throw open311Error(404, `service_code ${code} was not found`);
    return { service_code: code, attributes: [] };
  }

  /** A report: the client by its api_key, the service by its code, then a case like a letter. */
  async submit(dto: PostServiceRequestDto): Promise<{ service_request_id: string; service_notice: string; account_id: null }[]> {
    const client = await this.repository.activeClientByKeyHash(hashKey(dto.api_key));
    if (!client) throw open311Error(403, 'Invalid api_key received -- can’t proceed with create_request.');
    const service = (await this.services()).find((s) => s.service_code === dto.service_code);
    if (!service) throw open311Error(404, `service_code ${dto.service_code} was not found`);
    if ((dto.lat === undefined) !== (dto.long === undefined)) throw open311Error(400, 'lat and long go together: give both, or address_string');
    if (dto.lat === undefined && !dto.address_string) throw open311Error(400, 'A location is required: lat and long, or address_string');
    const description = dto.description ?? service.service_name;
    const firstLine = description.split(/\r?\n/)[0].trim() || service.service_name;
    const name = [dto.last_name, dto.first_name].filter(Boolean).join('') || null;
    const c = await this.intake.receiveReport({
      channel: 'open311',
      kind: 'report',
      priority: 'normal',
      categoryCode: service.service_code,
      regionCode: null,
      address: dto.address_string ?? null,
      title: [...firstLine].slice(0, 60).join(''),
      content: description,
      citizen: { name, phone: dto.phone ?? null, email: dto.email ?? null, confidential: false },
      publicConsent: false,
      notify: true,
      location: dto.lat !== undefined ? { lat: Number(dto.lat), lng: Number(dto.long) } : null,
      mediaUrl: dto.media_url ?? null,
      open311ClientId: client.id,
    });
    return [{ service_request_id: c.publicRef!, service_notice: '已受理：12345热线将在1个工作日内派至承办单位，承办单位一般在5个工作日内答复。', account_id: null }];
  }

  async requests(q: ListServiceRequestsQuery) {
    const names = new Map((await this.services()).map((s) => [s.service_code, s.service_name]));
    const refs = q.service_request_id?.split(',');
    const now = this.clock.now();
    const to = q.end_date ? new Date(q.end_date) : q.start_date ? new Date(new Date(q.start_date).getTime() + MAX_RANGE_MS) : now;
    const from = q.start_date ? new Date(q.start_date) : new Date(to.getTime() - MAX_RANGE_MS);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw open311Error(400, 'start_date and end_date must be real dates');
    if (!refs && (to < from || to.getTime() - from.getTime() > MAX_RANGE_MS)) throw open311Error(400, 'start_date to end_date may not span more than 90 days');
    const status = q.status === 'open' || q.status === 'closed' ? q.status : undefined;
    const rows = await this.repository.published({ refs, serviceCodes: q.service_code?.split(','), from, to, status }, MAX_REQUESTS);
    return rows.map((r) => this.toRequest(r, names));
  }

  async request(ref: string) {
    const [found] = await this.requests({ service_request_id: /^SR\d{4}-\d{6,}$/.test(ref) ? ref : 'SR0000-000000' });
    if (!found) throw open311Error(404, `service_request_id ${ref} was not found`);
    return [found];
  }

  /**
   * What the public may read of a case: its service, status, the last public step, the department, times;
   * where the problem is only for reports submitted through Open311 (a letter's address may be a home).
   */
  private toRequest(r: PublishedCase, names: Map<string, string>) {
    const submitted = r.channel === 'open311';
    const notes = r.lastType
      ? citizenLine({ type: r.lastType as CaseEventType, toOwnerDepartmentId: r.lastOwnerId, toOwnerName: null, data: r.lastData ?? {} }).summary
      : null;
    return {
      service_request_id: r.publicRef,
      status: r.status === 'closed' ? 'closed' : 'open',
      status_notes: notes,
      service_name: r.categoryCode ? (names.get(r.categoryCode) ?? null) : null,
      service_code: r.categoryCode,
      description: r.title,
      agency_responsible: r.ownerDepartmentId ? r.ownerName : CENTRE_NAME,
      service_notice: null,
      requested_datetime: w3(r.createdAt),
      updated_datetime: w3(r.updatedAt),
      expected_datetime: r.status === 'closed' ? null : w3(r.currentDeadline),
      address: submitted ? r.address : null,
      address_id: null,
      zipcode: null,
      lat: submitted ? r.lat : null,
      long: submitted ? r.lng : null,
      media_url: submitted ? r.mediaUrl : null,
    };
  }

  // ---- administration ----

  async register(name: string): Promise<CreatedOpen311ClientDto> {
    const apiKey = `o311_${randomBytes(32).toString('base64url')}`;
    const client = await this.repository.insertClient(name, hashKey(apiKey), this.clock.now());
    return { id: client.id, name: client.name, apiKey };
  }

  async clients(): Promise<Open311ClientDto[]> {
    return (await this.repository.clients()).map(toClientDto);
  }

  async setActive(id: string, active: boolean): Promise<Open311ClientDto> {
    const client = await this.repository.setActive(id, active);
    if (!client) throw DomainError.notFound('Open311 client');
    return toClientDto(client);
  }
}

const toClientDto = (c: Open311Client): Open311ClientDto => ({ id: c.id, name: c.name, active: c.active, createdAt: c.createdAt.toISOString() });

