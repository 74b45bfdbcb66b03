import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminAudited } from '../audit/admin-audit.interceptor';
import { ALL_STAFF, Roles } from '../auth/auth.decorators';
import { CatalogService } from './catalog.service';
import { CreateCategoryDto, CreateRegionDto, RenameCatalogNodeDto, UpdateCategoryDto } from './dto/admin-catalog.dto';
import { CatalogNodeDto, CatalogRowDto, CategoryNodeDto, CategoryRowDto } from './dto/catalog.dto';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('api/catalog')
@Roles(...ALL_STAFF)
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('categories')
  @ApiOkResponse({ type: [CategoryNodeDto], description: 'The category tree (事项分类), each with the kind of request it implies' })
  categories(): Promise<CategoryNodeDto[]> {
    return this.catalog.categoryTree();
  }

  @Get('regions')
  @ApiOkResponse({ type: [CatalogNodeDto], description: 'The region tree (行政区划)' })
  regions(): Promise<CatalogNodeDto[]> {
    return this.catalog.regionTree();
  }
}

/** The administrator keeps both trees: add, rename, and delete what nothing uses. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@AdminAudited()
@Controller('api/admin')
export class AdminCatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Post('categories')
  @ApiCreatedResponse({ type: CategoryRowDto })
  @ApiConflictResponse({ description: 'CODE_TAKEN' })
  addCategory(@Body() dto: CreateCategoryDto): Promise<CategoryRowDto> {
    return this.catalog.add('categories', { code: dto.code, name: dto.name, parentCode: dto.parentCode ?? null, defaultKind: dto.defaultKind ?? null });
  }

  @Patch('categories/:code')
  @ApiOkResponse({ type: CategoryRowDto })
  updateCategory(@Param('code') code: string, @Body() dto: UpdateCategoryDto): Promise<CategoryRowDto> {
    return this.catalog.updateCategory(code, { name: dto.name, defaultKind: dto.defaultKind });
  }

  @Delete('categories/:code')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'IN_USE: a child category, a routing rule or a case uses it' })
  removeCategory(@Param('code') code: string): Promise<void> {
    return this.catalog.remove('categories', code);
  }

  @Post('regions')
  @ApiCreatedResponse({ type: CatalogRowDto })
  @ApiConflictResponse({ description: 'CODE_TAKEN' })
  addRegion(@Body() dto: CreateRegionDto): Promise<CatalogRowDto> {
    return this.catalog.add('regions', { code: dto.code, name: dto.name, parentCode: dto.parentCode ?? null });
  }

  @Patch('regions/:code')
  @ApiOkResponse({ type: CatalogRowDto })
  renameRegion(@Param('code') code: string, @Body() dto: RenameCatalogNodeDto): Promise<CatalogRowDto> {
    return this.catalog.rename('regions', code, dto.name);
  }

  @Delete('regions/:code')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'IN_USE: a child region, a routing rule or a case uses it' })
  removeRegion(@Param('code') code: string): Promise<void> {
    return this.catalog.remove('regions', code);
  }
}
