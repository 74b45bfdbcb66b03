import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashPassword } from '../auth/password-hasher';
import { DomainError } from '../common/domain-error';
import { Department } from '../departments/department.entity';
import type { AdminUserDto, CreateUserDto, UpdateUserDto } from './dto/admin-user.dto';
import { DEPARTMENT_ROLES, type Role, User } from './user.entity';

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
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Department) private readonly departments: Repository<Department>,
  ) {}

  async list(): Promise<AdminUserDto[]> {
    return (await this.users.find({ order: { username: 'ASC' } })).map(toDto);
  }

  async create(dto: CreateUserDto): Promise<AdminUserDto> {
    await this.checkRoleAndDepartment(dto.role, dto.departmentId ?? null);
    if (await this.users.existsBy({ username: dto.username })) {
      throw DomainError.conflict('USERNAME_TAKEN', `The username ${dto.username} is taken`);
    }
    const user = await this.users.save(
      this.users.create({
        username: dto.username,
        displayName: dto.displayName,
        passwordHash: await hashPassword(dto.password),
        role: dto.role,
        departmentId: dto.departmentId ?? null,
      }),
    );
    return toDto(user);
  }

  async update(id: string, dto: UpdateUserDto): Promise<AdminUserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw DomainError.notFound('User');
    const role = dto.role ?? user.role;
    const departmentId = dto.departmentId === undefined ? user.departmentId : dto.departmentId;
    await this.checkRoleAndDepartment(role, departmentId);
    await this.users.update(
      { id },
      {
        role,
        departmentId,
        ...(dto.displayName !== undefined ? { displayName: dto.displayName } : {}),
        ...(dto.active !== undefined ? { active: dto.active } : {}),
        ...(dto.password !== undefined ? { passwordHash: await hashPassword(dto.password), failedLoginCount: 0, loginBlockedUntil: null } : {}),
      },
    );
    return toDto(await this.users.findOneByOrFail({ id }));
  }

  /** Department staff belong to exactly one active department; centre staff to none. */
  private async checkRoleAndDepartment(role: Role, departmentId: string | null): Promise<void> {
    const needsDepartment = DEPARTMENT_ROLES.includes(role);
    if (needsDepartment && !departmentId) throw DomainError.invalid('DEPARTMENT_REQUIRED', `A ${role} needs a departmentId`);
    if (!needsDepartment && departmentId) throw DomainError.invalid('NO_DEPARTMENT', `A ${role} belongs to the centre: no departmentId`);
    if (departmentId && !(await this.departments.findOneBy({ id: departmentId }))?.active) {
      throw DomainError.invalid('UNKNOWN_DEPARTMENT', 'departmentId is not an active department');
    }
  }
}
