import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, Roles } from '../auth/auth.decorators';
import { CatalogService } from './catalog.service';
import { CatalogNodeDto } from './dto/catalog.dto';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('api/catalog')
@Roles(...ALL_STAFF)
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('categories')
  @ApiOkResponse({ type: [CatalogNodeDto], description: 'The category tree (事项分类)' })
  categories(): Promise<CatalogNodeDto[]> {
    return this.catalog.categoryTree();
  }

  @Get('regions')
  @ApiOkResponse({ type: [CatalogNodeDto], description: 'The region tree (行政区划)' })
  regions(): Promise<CatalogNodeDto[]> {
    return this.catalog.regionTree();
  }
}
