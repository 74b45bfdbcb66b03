import { Module } from '@nestjs/common';
import { DepartmentsModule } from '../departments/departments.module';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { DepartmentStaffController } from './department-staff.controller';
import { UsersRepository } from './users.repository';

/** Staff accounts: the administrator's management of them, and each department's staff list. */
@Module({
  imports: [DepartmentsModule],
  controllers: [AdminUsersController, DepartmentStaffController],
  providers: [UsersRepository, AdminUsersService],
  exports: [UsersRepository],
})
export class UsersModule {}
