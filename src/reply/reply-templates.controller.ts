import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminAudited } from '../audit/admin-audit.interceptor';
import { ALL_STAFF, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CreateReplyTemplateDto, ReplyTemplateDto, UpdateReplyTemplateDto } from './dto/reply-template.dto';
import { ReplyTemplatesService } from './reply-templates.service';

/** Reply templates (常用语): a dept_lead keeps its department's, a supervisor the centre's. */
@ApiTags('reply-templates')
@ApiBearerAuth()
@AdminAudited()
@Controller('api/reply-templates')
export class ReplyTemplatesController {
  constructor(private readonly templates: ReplyTemplatesService) {}

  /** Your department's templates and the centre's. */
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: [ReplyTemplateDto] })
  list(@CurrentUser() user: AuthUser): Promise<ReplyTemplateDto[]> {
    return this.templates.list(user);
  }

  @Post()
  @Roles('dept_lead', 'supervisor')
  @ApiCreatedResponse({ type: ReplyTemplateDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateReplyTemplateDto): Promise<ReplyTemplateDto> {
    return this.templates.create(user, dto);
  }

  @Patch(':id')
  @Roles('dept_lead', 'supervisor')
  @ApiOkResponse({ type: ReplyTemplateDto })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateReplyTemplateDto): Promise<ReplyTemplateDto> {
    return this.templates.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('dept_lead', 'supervisor')
  @ApiNoContentResponse()
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.templates.remove(user, id);
  }
}
