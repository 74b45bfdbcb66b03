import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { DomainError, ErrorCode } from '../common/domain-error';
import { RateLimit } from '../common/rate-limit';
import { JurisdictionQuery, ListServiceRequestsQuery, PostServiceRequestDto } from './dto/open311.dto';
import { Open311ErrorFilter } from './open311-error.filter';
import { CONTENT_TYPES, type Open311Format, render, splitFormat } from './open311-format';
import { Open311Service } from './open311.service';

const notFound = (what: string) => new DomainError(404, ErrorCode.NOT_FOUND, `${what} was not found (ask for .json or .xml)`);

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON and XML by the path's extension:
 * `discovery`, `services`, `services/{code}`, `requests` (GET and form-encoded POST), `requests/{id}`.
 * Errors in Open311's own shape.
 */
@ApiTags('open311')
@Controller('open311/v2')
@Public()
@UseFilters(Open311ErrorFilter)
@ApiProduces('application/json', 'text/xml')
@ApiBadRequestResponse({ description: 'Open311 errors: `[{code, description}]` (XML: `<errors><error>…`)' })
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  /** `discovery.json|xml`, `services.json|xml`, `requests.json|xml`. */
  @Get(':file')
  @RateLimit('public')
  @ApiParam({ name: 'file', example: 'services.json', description: 'discovery, services or requests, with .json or .xml' })
  @ApiOkResponse({ description: 'The discovery document, the service list, or the published service requests' })
  @ApiNotFoundResponse({ description: 'No such resource' })
  async read(@Param('file') file: string, @Query() q: ListServiceRequestsQuery, @Res() res: FastifyReply): Promise<void> {
    const asked = splitFormat(file);
    if (asked?.name === 'discovery') return send(res, asked.format, 'discovery', this.open311.discovery());
    if (asked?.name === 'services') return send(res, asked.format, 'services', await this.open311.services());
    if (asked?.name === 'requests') return send(res, asked.format, 'service_requests', await this.open311.requests(q));
    throw notFound(file.slice(0, 100));
  }

  /** A service's definition: these services have no extra attributes. */
  @Get('services/:file')
  @RateLimit('public')
  @ApiParam({ name: 'file', example: 'environment.noise.json' })
  @ApiOkResponse({ description: '`{service_code, attributes: []}`' })
  @ApiNotFoundResponse({ description: 'No such service_code' })
  async service(@Param('file') file: string, @Query() _q: JurisdictionQuery, @Res() res: FastifyReply): Promise<void> {
    const asked = splitFormat(file);
    if (!asked) throw notFound(file.slice(0, 100));
    send(res, asked.format, 'service_definition', await this.open311.service(asked.name));
  }

  /** One published service request, by its public reference. */
  @Get('requests/:file')
  @RateLimit('public')
  @ApiParam({ name: 'file', example: 'SR2026-000123.json' })
  @ApiOkResponse({ description: 'A list of one service request' })
  @ApiNotFoundResponse({ description: 'No published request with that id' })
  async request(@Param('file') file: string, @Query() _q: JurisdictionQuery, @Res() res: FastifyReply): Promise<void> {
    const asked = splitFormat(file);
    if (!asked) throw notFound(file.slice(0, 100));
    send(res, asked.format, 'service_requests', await this.open311.request(asked.name));
  }

  /** Submit a report (`requests.json|xml`, form-encoded, with the client's api_key). */
  @Post(':file')
  @HttpCode(201)
  @RateLimit('public')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiParam({ name: 'file', example: 'requests.json' })
  @ApiOkResponse({ description: '`[{service_request_id, service_notice, account_id}]`' })
  @ApiForbiddenResponse({ description: 'Missing or invalid api_key' })
  @ApiNotFoundResponse({ description: 'No such service_code' })
  async submit(@Param('file') file: string, @Body() dto: PostServiceRequestDto, @Res() res: FastifyReply): Promise<void> {
    const asked = splitFormat(file);
    if (asked?.name !== 'requests') throw notFound(file.slice(0, 100));
    send(res, asked.format, 'service_requests', await this.open311.submit(dto), 201);
  }
}

function send(res: FastifyReply, format: Open311Format, root: string, body: unknown, status = 200): void {
  res.status(status).type(CONTENT_TYPES[format]).send(render(format, root, body));
}
