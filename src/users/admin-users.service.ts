import { Injectable } from '@nestjs/common';
import { hashPassword } from '../auth/password-hasher';
import { DEPARTMENT_ROLES, type Role } from '../auth/roles';
import { DomainError, ErrorCode } from '../common/domain-error';
import { DepartmentsService } from '../departments/departments.service';
import type { AdminUserDto, CreateUserDto, UpdateUserDto } from './dto/admin-user.dto';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

const toDto = (u: User): AdminUserDto => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  departmentId: u.departmentId,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

/** The administrator's management of staff accounts. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly departments: DepartmentsService,
  ) {}

  async list(): Promise<AdminUserDto[]> {
    return (await this.users.all()).map(toDto);
  }

  async create(dto: CreateUserDto): Promise<AdminUserDto> {
    await this.checkRoleAndDepartment(dto.role, dto.departmentId ?? null);
    const user = await this.users.insert({
      username: dto.username,
      displayName: dto.displayName,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      departmentId: dto.departmentId ?? null,
    });
    if (!user) throw DomainError.conflict(ErrorCode.USERNAME_TAKEN, `The username ${dto.username} is taken`);
    return toDto(user);
  }

  async update(id: string, dto: UpdateUserDto): Promise<AdminUserDto> {
    const user = await this.users.byId(id);
    if (!user) throw DomainError.notFound('User');
    const role = dto.role ?? user.role;
    const departmentId = dto.departmentId === undefined ? user.departmentId : dto.departmentId;
    await this.checkRoleAndDepartment(role, departmentId);
    const stopsAdministering = user.role === 'admin' && user.active && (role !== 'admin' || dto.active === false);
    if (stopsAdministering && (await this.users.otherActiveAdmins(user.id)) === 0) {
      throw DomainError.conflict(ErrorCode.LAST_ADMIN, 'This is the last active admin: make another admin first');
    }
    const updated = await this.users.update(id, {
      role,
      departmentId,
      displayName: dto.displayName,
      active: dto.active,
      ...(dto.password !== undefined ? { passwordHash: await hashPassword(dto.password) } : {}),
    });
    if (!updated) throw DomainError.notFound('User');
    return toDto(updated);
  }

  /** Department staff belong to exactly one active department; centre staff to none. */
  private async checkRoleAndDepartment(role: Role, departmentId: string | null): Promise<void> {
    const needsDepartment = DEPARTMENT_ROLES.includes(role);
    if (needsDepartment && !departmentId) throw DomainError.invalid(ErrorCode.DEPARTMENT_REQUIRED, `A ${role} needs a departmentId`);
    if (!needsDepartment && departmentId) throw DomainError.invalid(ErrorCode.NO_DEPARTMENT, `A ${role} belongs to the centre: no departmentId`);
    if (departmentId && !(await this.departments.findById(departmentId))?.active) {
      throw DomainError.invalid(ErrorCode.UNKNOWN_DEPARTMENT, 'departmentId is not an active department');
    }
  }
}
