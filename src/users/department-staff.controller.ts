import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthUser, seesAllCases } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { DepartmentsService } from '../departments/departments.service';
import { DepartmentUserDto } from './dto/department-user.dto';
import { UsersRepository } from './users.repository';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('api/departments')
export class DepartmentStaffController {
  constructor(
    private readonly users: UsersRepository,
    private readonly departments: DepartmentsService,
  ) {}

  /** Operators, supervisors and admins may list any department's staff; a dept_lead only its own. */
  @Get(':id/users')
  @Roles('operator', 'supervisor', 'admin', 'dept_lead')
  @ApiOkResponse({ type: [DepartmentUserDto] })
  async staff(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<DepartmentUserDto[]> {
    if (!seesAllCases(user) && user.departmentId !== id) {
      throw DomainError.forbidden(ErrorCode.OTHER_DEPARTMENT, "You may list only your own department's staff");
    }
    if (!(await this.departments.findById(id))) throw DomainError.notFound('Department');
    return (await this.users.activeStaff(id)).map(({ id, username, displayName, role }) => ({ id, username, displayName, role }));
  }
}
