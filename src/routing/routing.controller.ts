import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ALL_STAFF, Roles } from '../auth/auth.decorators';
import { CreateRoutingRuleDto, RoutingRuleDto, SuggestionDto, SuggestQuery } from './dto/routing.dto';
import { RoutingService } from './routing.service';
import { AdminAudited } from '../audit/admin-audit.interceptor';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('api/routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  /** The department the rules would choose for a category in a region, or `null`. */
  @Get('suggest')
  @Roles(...ALL_STAFF)
  @ApiExtraModels(SuggestionDto)
  @ApiOkResponse({ description: 'null when no rule matches', schema: { nullable: true, allOf: [{ $ref: getSchemaPath(SuggestionDto) }] } })
  async suggest(@Query() query: SuggestQuery, @Res() res: FastifyReply): Promise<void> {
    // Sent by hand: Nest would answer an empty body for `null`, and clients expect JSON `null`.
    res.type('application/json; charset=utf-8').send(JSON.stringify(await this.routing.suggest(query.categoryCode, query.regionCode)));
  }
}

@ApiTags('administration')
@ApiBearerAuth()
@AdminAudited()
@Controller('api/admin/routing-rules')
@Roles('admin')
export class RoutingRulesAdminController {
  constructor(private readonly routing: RoutingService) {}

  @Get()
  @ApiOkResponse({ type: [RoutingRuleDto] })
  list(): Promise<RoutingRuleDto[]> {
    return this.routing.list();
  }

  @Post()
  @ApiCreatedResponse({ type: RoutingRuleDto })
  @ApiConflictResponse({ description: 'A rule for this category and region exists already' })
  create(@Body() dto: CreateRoutingRuleDto): Promise<RoutingRuleDto> {
    return this.routing.create(dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.routing.remove(id);
  }
}
