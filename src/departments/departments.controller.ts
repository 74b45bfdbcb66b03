import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, Roles } from '../auth/auth.decorators';
import { DepartmentsService } from './departments.service';
import { DepartmentNodeDto } from './dto/department.dto';

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
}
