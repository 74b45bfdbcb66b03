import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { RateLimit } from '../common/rate-limit';
import { IDEMPOTENCY_HEADER_DOC, sendStored } from '../intake/idempotency';
import { IdempotencyKeyHeader } from '../intake/idempotency-key.header';
import { IntakeService } from '../intake/intake.service';
import { RatingDto } from '../reply/dto/reply.dto';
import { DepartmentFiguresDto, PeriodQuery } from '../stats/dto/stats.dto';
import { sendFigures } from '../stats/stats.controller';
import { StatsService } from '../stats/stats.service';
import { PublicSupervisionDto, PublicSupervisionQuery } from '../supervision/dto/supervision.dto';
import { SupervisionService } from '../supervision/supervision.service';
import { LetterReceiptDto, LookupQuery, PublicCaseDto, SendLetterDto } from './dto/public.dto';
import { PublicService } from './public.service';

@ApiTags('citizens')
@Controller('api/public')
@Public()
export class PublicController {
  constructor(
    private readonly intake: IntakeService,
    private readonly publicCases: PublicService,
    private readonly figures: StatsService,
    private readonly supervisions: SupervisionService,
  ) {}

  @Post('letters')
  @RateLimit('public')
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: LetterReceiptDto, description: 'Keep both codes: they unlock the status page' })
  @ApiTooManyRequestsResponse({ description: 'Too many letters from this client' })
  async sendLetter(
    @Body() dto: SendLetterDto,
    @IdempotencyKeyHeader() key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LetterReceiptDto> {
    const outcome = await this.intake.receiveLetter(
      {
        channel: 'mailbox',
        kind: dto.kind ?? 'complaint',
        priority: 'normal',
        categoryCode: dto.categoryCode ?? null,
        regionCode: dto.regionCode ?? null,
        address: dto.address ?? null,
        title: dto.title,
        content: dto.content,
        citizen: { name: dto.name ?? null, phone: dto.phone, email: dto.email ?? null, confidential: false },
        publicConsent: dto.publicConsent ?? false,
        location: dto.location ? { lat: dto.location.lat, lng: dto.location.lng } : null,
      },
      key,
    );
    return sendStored(res, outcome);
  }

  /** The citizen rates the answer of a replied case; it counts as the centre's callback. */
  @Post('cases/:trackingCode/rating')
  @HttpCode(200)
  @RateLimit('public')
  @ApiOkResponse({ type: PublicCaseDto })
  @ApiForbiddenResponse({ description: 'QUERY_CODE_REQUIRED: rating needs the six-digit query code, not the phone digits' })
  @ApiNotFoundResponse({ description: 'Wrong tracking code or wrong verification (indistinguishable)' })
  rate(@Param('trackingCode') trackingCode: string, @Body() dto: RatingDto, @Req() req: FastifyRequest): Promise<PublicCaseDto> {
    return this.publicCases.rate(trackingCode, dto, req.ip);
  }

  /** The published figures per department, the same rows supervisors see. */
  @Get('stats')
  @RateLimit('public')
  @ApiOkResponse({ type: [DepartmentFiguresDto] })
  @ApiProduces('application/json', 'text/csv')
  async stats(@Query() q: PeriodQuery, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    sendFigures(req, res, await this.figures.forUser(null, q.from, q.to), q.from, q.to);
  }

  /** 督查公开: supervised cases with a public reference; newest first, `X-Next-Cursor` for the next page. */
  @Get('supervision')
  @RateLimit('public')
  @ApiOkResponse({ type: [PublicSupervisionDto] })
  async supervision(@Query() q: PublicSupervisionQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<PublicSupervisionDto[]> {
    const page = await this.supervisions.publicList(q.limit ?? 50, q.cursor);
    if (page.nextCursor) res.header('X-Next-Cursor', page.nextCursor);
    return page.items;
  }

  @Get('cases/:trackingCode')
  @RateLimit('public')
  @ApiOkResponse({ type: PublicCaseDto })
  @ApiNotFoundResponse({ description: 'Wrong tracking code or wrong verification (indistinguishable)' })
  @ApiTooManyRequestsResponse({
    description: 'Too many requests from this client, or (with the phone digits) too many wrong verifications of this code or from this client; the query code still works',
  })
  lookup(@Param('trackingCode') trackingCode: string, @Query() query: LookupQuery, @Req() req: FastifyRequest): Promise<PublicCaseDto> {
    return this.publicCases.lookup(trackingCode, query.verify, req.ip);
  }
}
