import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminAudited } from '../audit/admin-audit.interceptor';
import { Roles } from '../auth/auth.decorators';
import { HotspotDto, HotspotPolicyDto, HotspotQuery, UpdateHotspotPolicyDto } from './dto/hotspot.dto';
import { HotspotsService } from './hotspots.service';

@ApiTags('hotspots')
@ApiBearerAuth()
@Roles('operator', 'supervisor', 'admin')
@Controller('api/hotspots')
export class HotspotsController {
  constructor(private readonly hotspots: HotspotsService) {}

  /** Spikes of one category in one county-level region (热点): the active ones, or the latest of every status. */
  @Get()
  @ApiOkResponse({ type: [HotspotDto] })
  list(@Query() q: HotspotQuery): Promise<HotspotDto[]> {
    return this.hotspots.list(q.status ?? 'active');
  }

  @Get(':id')
  @ApiOkResponse({ type: HotspotDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<HotspotDto> {
    return this.hotspots.get(id);
  }
}

@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@AdminAudited()
@Controller('api/admin/hotspot-policy')
export class HotspotPolicyController {
  constructor(private readonly hotspots: HotspotsService) {}

  /** When a window of cases is a hotspot: its length, the minimum count, k of mean + k·σ, the history days. */
  @Get()
  @ApiOkResponse({ type: HotspotPolicyDto })
  get(): Promise<HotspotPolicyDto> {
    return this.hotspots.policy();
  }

  @Put()
  @ApiOkResponse({ type: HotspotPolicyDto })
  update(@Body() dto: UpdateHotspotPolicyDto): Promise<HotspotPolicyDto> {
    return this.hotspots.updatePolicy(dto);
  }
}
