import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AdminUsersService } from './admin-users.service';
import { AdminUserDto, CreateUserDto, UpdateUserDto } from './dto/admin-user.dto';
import { AdminAudited } from '../audit/admin-audit.interceptor';

@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@AdminAudited()
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOkResponse({ type: [AdminUserDto] })
  list(): Promise<AdminUserDto[]> {
    return this.users.list();
  }

  @Post()
  @ApiCreatedResponse({ type: AdminUserDto })
  @ApiConflictResponse({ description: 'The username is taken' })
  create(@Body() dto: CreateUserDto): Promise<AdminUserDto> {
    return this.users.create(dto);
  }

  /** Change or deactivate (`active: false`): a deactivated user cannot log in, and their tokens stop at once. */
  @Patch(':id')
  @ApiOkResponse({ type: AdminUserDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<AdminUserDto> {
    return this.users.update(id, dto);
  }
}
