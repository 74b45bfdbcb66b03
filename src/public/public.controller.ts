import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiPayloadTooLargeResponse,
  ApiUnsupportedMediaTypeResponse,
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
import { LETTER_MULTIPART_SCHEMA, LetterReceiptDto, LookupQuery, PublicCaseDto, PublicDownloadQuery, SendLetterDto } from './dto/public.dto';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ResendAcceptedDto } from '../notifications/dto/notification.dto';
import { NotificationsService } from '../notifications/notifications.service';
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
    private readonly notifications: NotificationsService,
  ) {}

  @Post('letters')
  @RateLimit('public')
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiExtraModels(SendLetterDto)
  @ApiBody({
    description: 'JSON, or multipart/form-data with the same fields as form fields and up to 5 files in the part `files` (JSON has no `files`)',
    schema: LETTER_MULTIPART_SCHEMA,
  })
  @ApiCreatedResponse({ type: LetterReceiptDto, description: 'Keep both codes: they unlock the status page' })
  @ApiPayloadTooLargeResponse({ description: 'More than 5 files, or a file over 10 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_FILE_TYPE: a file that is not JPEG, PNG, WebP or PDF by its content' })
  @ApiTooManyRequestsResponse({ description: 'Too many letters from this client' })
  async sendLetter(
    @Body() dto: SendLetterDto,
    @IdempotencyKeyHeader() key: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LetterReceiptDto> {
    const uploads = req.uploads ?? [];
    const stray = uploads.find((u) => u.field !== 'files');
    if (stray) throw DomainError.invalid(ErrorCode.INVALID_FILE, `Files go in the part \`files\` (got \`${stray.field}\`)`);
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
        notify: dto.notify ?? true,
        location: dto.location ? { lat: dto.location.lat, lng: dto.location.lng } : null,
      },
      key,
      uploads,
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

  /**
   * The citizen lost the codes: they are sent again to the phone and e-mail given with the case. The same
   * answer whether or not the case exists; at most 3 times a day per case.
   */
  @Post('cases/:trackingCode/resend-codes')
  @HttpCode(202)
  @RateLimit('public')
  @ApiAcceptedResponse({ type: ResendAcceptedDto })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this client' })
  resendCodes(@Param('trackingCode') trackingCode: string): Promise<ResendAcceptedDto> {
    return this.notifications.resendCodes(trackingCode);
  }

  /** A public file of the citizen's case (their own photos, the answer's documents). */
  @Get('cases/:trackingCode/attachments/:aid')
  @RateLimit('public')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  @ApiOkResponse({ description: 'The file; `thumbnail=true`: a small WebP of an image' })
  @ApiNotFoundResponse({ description: 'Wrong tracking code, verification or file (indistinguishable), or a file that is not public' })
  attachment(
    @Param('trackingCode') trackingCode: string,
    @Param('aid', ParseUUIDPipe) aid: string,
    @Query() query: PublicDownloadQuery,
    @Req() req: FastifyRequest,
  ): Promise<StreamableFile> {
    return this.publicCases.attachment(trackingCode, query.verify, aid, query.thumbnail ?? false, req.ip);
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
