import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { Department } from './department.entity';
import { AdminDepartmentDto, CreateDepartmentDto, UpdateDepartmentDto } from './dto/admin-department.dto';

const toDto = ({ id, code, name, parentId, active }: Department): AdminDepartmentDto => ({ id, code, name, parentId, active });

/** The administrator's management of the department tree (承办单位). */
@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/departments')
export class AdminDepartmentsController {
  constructor(@InjectRepository(Department) private readonly departments: Repository<Department>) {}

  @Get()
  @ApiOkResponse({ type: [AdminDepartmentDto], description: 'Every department, active or not' })
  async list(): Promise<AdminDepartmentDto[]> {
    return (await this.departments.find({ order: { code: 'ASC' } })).map(toDto);
  }

  @Post()
  @ApiCreatedResponse({ type: AdminDepartmentDto })
  @ApiConflictResponse({ description: 'The code is taken' })
  async create(@Body() dto: CreateDepartmentDto): Promise<AdminDepartmentDto> {
    if (dto.parentId) await this.requireDepartment(dto.parentId, 'parentId');
    if (await this.departments.existsBy({ code: dto.code })) throw DomainError.conflict('CODE_TAKEN', `The code ${dto.code} is taken`);
    return toDto(await this.departments.save(this.departments.create({ code: dto.code, name: dto.name, parentId: dto.parentId ?? null })));
  }

  @Patch(':id')
  @ApiOkResponse({ type: AdminDepartmentDto })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateDepartmentDto): Promise<AdminDepartmentDto> {
    const department = await this.requireDepartment(id, 'id', true);
    if (dto.parentId) {
      await this.requireDepartment(dto.parentId, 'parentId');
      // A unit cannot move under itself or one of its own units: the tree must stay a tree.
      const [{ cycle }] = await this.departments.query(
        `WITH RECURSIVE up AS (SELECT id, parent_id FROM departments WHERE id = $1
                               UNION ALL SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id)
         SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS cycle`,
        [dto.parentId, id],
      );
      if (cycle) throw DomainError.invalid('DEPARTMENT_CYCLE', 'parentId may not be the department itself or one of its units');
    }
    await this.departments.update(
      { id },
      {
        ...(dto.name !== undefined ? { name: dto.name } : {}),
        ...(dto.parentId !== undefined ? { parentId: dto.parentId } : {}),
        ...(dto.active !== undefined ? { active: dto.active } : {}),
      },
    );
    return toDto({ ...department, ...(await this.departments.findOneByOrFail({ id })) });
  }

  private async requireDepartment(id: string, field: string, notFound = false): Promise<Department> {
    const department = await this.departments.findOneBy({ id });
    if (!department) throw notFound ? DomainError.notFound('Department') : DomainError.invalid('UNKNOWN_DEPARTMENT', `${field} is not a department`);
    return department;
  }
}
