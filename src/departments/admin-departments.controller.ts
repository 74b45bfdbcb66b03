import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import type { Department } from './department.entity';
import { DepartmentsService } from './departments.service';
import { AdminDepartmentDto, CreateDepartmentDto, UpdateDepartmentDto } from './dto/admin-department.dto';
import { AdminAudited } from '../audit/admin-audit.interceptor';

const toDto = ({ id, code, name, parentId, active }: Department): AdminDepartmentDto => ({ id, code, name, parentId, active });

/** The administrator's management of the department tree (承办单位). */
@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@AdminAudited()
@Controller('api/admin/departments')
export class AdminDepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOkResponse({ type: [AdminDepartmentDto], description: 'Every department, active or not' })
  async list(): Promise<AdminDepartmentDto[]> {
    return (await this.departments.all()).map(toDto);
  }

  @Post()
  @ApiCreatedResponse({ type: AdminDepartmentDto })
  @ApiConflictResponse({ description: 'The code is taken' })
  async create(@Body() dto: CreateDepartmentDto): Promise<AdminDepartmentDto> {
    return toDto(await this.departments.create({ code: dto.code, name: dto.name, parentId: dto.parentId ?? null }));
  }

  @Patch(':id')
  @ApiOkResponse({ type: AdminDepartmentDto })
  @ApiConflictResponse({ description: 'DEPARTMENT_HOLDS_CASES: deactivating a department that still owns open cases' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateDepartmentDto): Promise<AdminDepartmentDto> {
    return toDto(await this.departments.update(id, { name: dto.name, parentId: dto.parentId, active: dto.active }));
  }
}
