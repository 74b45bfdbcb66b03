import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { RateLimit } from '../common/rate-limit';
import { IDEMPOTENCY_HEADER_DOC, sendStored } from '../intake/idempotency';
import { IdempotencyKeyHeader } from '../intake/idempotency-key.header';
import { IntakeService } from '../intake/intake.service';
import { LetterReceiptDto, LookupQuery, PublicCaseDto, SendLetterDto } from './dto/public.dto';
import { PublicService } from './public.service';

@ApiTags('citizens')
@Controller('api/public')
@Public()
export class PublicController {
  constructor(
    private readonly intake: IntakeService,
    private readonly publicCases: PublicService,
  ) {}

  @Post('letters')
  @RateLimit('public')
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: LetterReceiptDto, description: 'Keep both codes: they unlock the status page' })
  @ApiTooManyRequestsResponse({ description: 'Too many letters from this client' })
  async sendLetter(
    @Body() dto: SendLetterDto,
    @IdempotencyKeyHeader() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
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
      },
      key,
    );
    return sendStored(res, outcome);
  }

  @Get('cases/:trackingCode')
  @RateLimit('public', 'trackingCode')
  @ApiOkResponse({ type: PublicCaseDto })
  @ApiNotFoundResponse({ description: 'Wrong tracking code or wrong verification (indistinguishable)' })
  @ApiTooManyRequestsResponse({ description: 'Too many lookups from this client or for this tracking code' })
  lookup(@Param('trackingCode') trackingCode: string, @Query() query: LookupQuery): Promise<PublicCaseDto> {
    return this.publicCases.lookup(trackingCode, query.verify);
  }
}
