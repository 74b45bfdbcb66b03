import { Body, Controller, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CASE_POLICY } from '../cases/case-policy';
import { CaseDto, CreatedCaseDto } from '../cases/dto/case.dto';
import { ReclassifyDto } from './dto/reclassify.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { IdempotencyKeyHeader } from './idempotency-key.header';
import { IntakeService } from './intake.service';
import { IDEMPOTENCY_HEADER_DOC, sendStored } from './idempotency';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post()
  @Roles('operator')
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: CreatedCaseDto })
  @ApiConflictResponse({ description: 'The same Idempotency-Key is still being processed' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used with another body' })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateCaseDto,
    @IdempotencyKeyHeader() key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreatedCaseDto> {
    const outcome = await this.intake.logCase(
      user,
      {
        channel: dto.channel,
        kind: dto.kind,
        priority: dto.priority ?? 'normal',
        categoryCode: dto.categoryCode,
        regionCode: dto.regionCode ?? null,
        address: dto.address ?? null,
        title: dto.title,
        content: dto.content,
        citizen: {
          name: dto.citizen.name ?? null,
          phone: dto.citizen.phone ?? null,
          email: dto.citizen.email ?? null,
          confidential: dto.citizen.confidential ?? false,
        },
        publicConsent: dto.publicConsent ?? false,
        notify: dto.citizen.notify ?? true,
        location: dto.location ? { lat: dto.location.lat, lng: dto.location.lng } : null,
      },
      key,
      dto.mergeIntoId !== undefined || dto.answeredOnTheSpot !== undefined
        ? { mergeIntoId: dto.mergeIntoId, answeredOnTheSpot: dto.answeredOnTheSpot }
        : undefined,
    );
    return sendStored(res, outcome);
  }

  /** Correct a case's classification while the centre holds it (received or returned). */
  @Patch(':id')
  @Roles(...CASE_POLICY.reclassify.roles)
  @ApiOkResponse({ type: CaseDto })
  reclassify(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReclassifyDto): Promise<CaseDto> {
    return this.intake.reclassify(user, id, dto);
  }
}
