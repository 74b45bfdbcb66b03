import { Controller, ForbiddenException, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthUser, seesAllCases } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { DepartmentsService } from './departments.service';
import { DepartmentNodeDto, DepartmentUserDto } from './dto/department.dto';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('api/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: [DepartmentNodeDto], description: 'The department tree' })
  tree(): Promise<DepartmentNodeDto[]> {
    return this.departments.tree();
  }

  /** Operators, supervisors and admins may list any department's staff; a dept_lead only its own. */
  @Get(':id/users')
  @Roles('operator', 'supervisor', 'admin', 'dept_lead')
  @ApiOkResponse({ type: [DepartmentUserDto] })
  async users(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<DepartmentUserDto[]> {
    if (!seesAllCases(user) && user.departmentId !== id) {
      throw new ForbiddenException("You may list only your own department's staff");
    }
    if (!(await this.departments.findById(id))) throw DomainError.notFound('Department');
    const staff = await this.departments.staff(id);
    return staff.map(({ id, username, displayName, role }) => ({ id, username, displayName, role }));
  }
}
