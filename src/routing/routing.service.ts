import { HttpStatus, Injectable } from '@nestjs/common';
import { ancestry, CatalogService } from '../catalog/catalog.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ReferenceData } from '../database/reference-data';
import { DepartmentsService } from '../departments/departments.service';
import type { CreateRoutingRuleDto, RoutingRuleDto, SuggestionDto } from './dto/routing.dto';
import { bestMatch } from './routing-precedence';
import { RoutingRulesRepository, type RuleWithDepartment } from './routing-rules.repository';

const toRuleDto = (r: RuleWithDepartment): RoutingRuleDto => ({
  id: r.id,
  categoryCode: r.categoryCode,
  regionCode: r.regionCode,
  departmentId: r.departmentId,
  departmentCode: r.departmentCode,
  departmentName: r.departmentName,
  autoDispatch: r.autoDispatch,
  createdAt: new Date(r.createdAt).toISOString(),
});

/** Routing rules (category × region → department) and what they propose for a case. */
@Injectable()
export class RoutingService {
  constructor(
    private readonly rules: RoutingRulesRepository,
    private readonly catalog: CatalogService,
    private readonly departments: DepartmentsService,
    private readonly referenceData: ReferenceData,
  ) {}

  /** What the rules propose for a category in a region. */
  async suggest(categoryCode: string | null, regionCode: string | null): Promise<SuggestionDto | null> {
    if (!categoryCode || !regionCode) return null;
    const parents = await this.catalog.parents();
    const rules = await this.referenceData.get('routing-rules', () => this.rules.active());
    const rule = bestMatch(rules, ancestry(parents.categories, categoryCode), ancestry(parents.regions, regionCode));
    if (!rule) return null;
    return {
      departmentId: rule.departmentId,
      code: rule.departmentCode,
      name: rule.departmentName,
      autoDispatch: rule.autoDispatch,
      ruleId: rule.id,
    };
  }

  async list(): Promise<RoutingRuleDto[]> {
    return (await this.rules.list()).map(toRuleDto);
  }

  async create(dto: CreateRoutingRuleDto): Promise<RoutingRuleDto> {
    const problems: string[] = [];
    if (!(await this.catalog.categoryExists(dto.categoryCode))) problems.push(`categoryCode '${dto.categoryCode}' is not a known category`);
    if (dto.regionCode && !(await this.catalog.regionExists(dto.regionCode))) problems.push(`regionCode '${dto.regionCode}' is not a known region`);
    const department = await this.departments.findById(dto.departmentId);
    if (!department?.active) problems.push('departmentId is not an active department');
    if (problems.length > 0) throw new DomainError(HttpStatus.BAD_REQUEST, ErrorCode.UNKNOWN_REFERENCE, problems.join('; '));

    const id = await this.rules.insert({
      categoryCode: dto.categoryCode,
      regionCode: dto.regionCode ?? null,
      departmentId: dto.departmentId,
      autoDispatch: dto.autoDispatch,
    });
    if (!id) {
      throw DomainError.conflict(
        ErrorCode.DUPLICATE_RULE,
        `A rule for ${dto.categoryCode} in ${dto.regionCode ?? 'any region'} exists already; remove it first`,
      );
    }
    return toRuleDto((await this.rules.findWithDepartment(id))!);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.rules.delete(id))) throw DomainError.notFound('Routing rule');
  }
}
