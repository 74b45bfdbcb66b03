import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminAudited } from '../audit/admin-audit.interceptor';
import { Roles } from '../auth/auth.decorators';
import { CreatedOpen311ClientDto, CreateOpen311ClientDto, Open311ClientDto, UpdateOpen311ClientDto } from './dto/open311.dto';
import { Open311Service } from './open311.service';

/** The apps allowed to submit through Open311, and their api_keys. Audited like every administered table. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@AdminAudited()
@Controller('api/admin/open311-clients')
export class Open311ClientsController {
  constructor(private readonly open311: Open311Service) {}

  @Get()
  @ApiOkResponse({ type: [Open311ClientDto] })
  list(): Promise<Open311ClientDto[]> {
    return this.open311.clients();
  }

  /** Registers a client app; its api_key is in this answer only. */
  @Post()
  @ApiCreatedResponse({ type: CreatedOpen311ClientDto })
  register(@Body() dto: CreateOpen311ClientDto): Promise<CreatedOpen311ClientDto> {
    return this.open311.register(dto.name);
  }

  /** `active: false` revokes its api_key at once. */
  @Patch(':id')
  @ApiOkResponse({ type: Open311ClientDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOpen311ClientDto): Promise<Open311ClientDto> {
    return this.open311.setActive(id, dto.active);
  }
}
