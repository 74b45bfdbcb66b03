import { Injectable } from '@nestjs/common';
import { buildTree, type TreeNode } from '../common/tree';
import { ReferenceData } from '../database/reference-data';
import { DomainError, ErrorCode } from '../common/domain-error';
import { type CatalogKind, CatalogRepository, type CatalogRow, type CategoryRow } from './catalog.repository';
import type { Kind } from './category.entity';

type CatalogNode = TreeNode<CatalogRow>;
type CategoryNode = TreeNode<CategoryRow>;

/** Every category and region code with its parent's (null at the top): what intake and routing ask. */
export interface CatalogParents {
  categories: ReadonlyMap<string, string | null>;
  regions: ReadonlyMap<string, string | null>;
}

/** `code`, its parent, its parent's parent … up to the top; empty for an unknown code. */
export function ancestry(parents: ReadonlyMap<string, string | null>, code: string): string[] {
  const chain: string[] = [];
  for (let at: string | null | undefined = code; at != null && parents.has(at) && !chain.includes(at); at = parents.get(at)) {
    chain.push(at);
  }
  return chain;
}

function childrenOf(parents: ReadonlyMap<string, string | null>, code: string): string[] {
  return [...parents].filter(([, parent]) => parent === code).map(([child]) => child);
}

function descendantsOf(parents: ReadonlyMap<string, string | null>, code: string): string[] {
  const found: string[] = [];
  for (let level = childrenOf(parents, code); level.length > 0; level = level.flatMap((c) => childrenOf(parents, c))) {
    found.push(...level.filter((c) => !found.includes(c)));
    if (found.length > parents.size) break;
  }
  return found;
}

/** The county-level regions (区、县、县级市: the children of a top-level region, the city) and what lies in each. */
export interface Counties {
  /** Every county-level code. */
  codes: readonly string[];
  /** The county a region lies in (itself for a county, its ancestor below the city for a town); null for the city itself. */
  countyOf(regionCode: string): string | null;
  /** A county and every region below it. */
  regionsOf(county: string): readonly string[];
}

export function countiesOf(regions: ReadonlyMap<string, string | null>): Counties {
  const countyOf = (code: string): string | null => {
    const chain = ancestry(regions, code);
    return chain.length >= 2 ? chain[chain.length - 2] : null;
  };
  const members = new Map<string, string[]>();
  for (const code of regions.keys()) {
    const county = countyOf(code);
    if (county) members.set(county, [...(members.get(county) ?? []), code]);
  }
  const codes = [...regions.entries()].filter(([, parent]) => parent !== null && regions.get(parent) === null).map(([code]) => code);
  return { codes, countyOf, regionsOf: (county) => members.get(county) ?? [] };
}

@Injectable()
export class CatalogService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly referenceData: ReferenceData,
  ) {}

  async categoryTree(): Promise<CategoryNode[]> {
    return toTree(await this.catalog.categories());
  }

  async regionTree(): Promise<CatalogNode[]> {
    return toTree(await this.catalog.regions());
  }

  /** This instance's copy of both trees' shape (ReferenceData). */
  parents(): Promise<CatalogParents> {
    return this.referenceData.get('catalog', async () => {
      const [categories, regions] = [await this.catalog.categories(), await this.catalog.regions()];
      return {
        categories: new Map(categories.map((c) => [c.code, c.parentCode])),
        regions: new Map(regions.map((r) => [r.code, r.parentCode])),
      };
    });
  }

  /** The county-level regions and what lies in each (this instance's copy, like `parents`). */
  async counties(): Promise<Counties> {
    const parents = await this.parents();
    return this.referenceData.get('counties', async () => countiesOf(parents.regions));
  }

  /** Names of every category and region, by code. */
  names(): Promise<{ categories: ReadonlyMap<string, string>; regions: ReadonlyMap<string, string> }> {
    return this.referenceData.get('catalog-names', async () => ({
      categories: new Map((await this.catalog.categories()).map((c) => [c.code, c.name])),
      regions: new Map((await this.catalog.regions()).map((r) => [r.code, r.name])),
    }));
  }

  async categoryExists(code: string): Promise<boolean> {
    return (await this.parents()).categories.has(code);
  }

  async regionExists(code: string): Promise<boolean> {
    return (await this.parents()).regions.has(code);
  }

  /**
   * A category's family for similar cases: the category itself, its parent and its parent's other
   * children (a top-level category: itself and its children). Unknown code: just itself.
   */
  async categoryFamily(code: string): Promise<string[]> {
    const { categories } = await this.parents();
    const parent = categories.get(code) ?? null;
    const head = parent ?? code;
    return [...new Set([code, head, ...childrenOf(categories, head)])];
  }

  /** A category, its ancestors and all its descendants: what a knowledge entry filed under any of them covers. */
  async categoryLine(code: string): Promise<string[]> {
    const { categories } = await this.parents();
    return [...new Set([...ancestry(categories, code), code, ...descendantsOf(categories, code)])];
  }

  /** A region and every region below it. */
  async regionAndBelow(code: string): Promise<string[]> {
    return [code, ...descendantsOf((await this.parents()).regions, code)];
  }

  /** A region and every region above it (an entry for the city covers each county). */
  async regionAndAbove(code: string): Promise<string[]> {
    return ancestry((await this.parents()).regions, code);
  }

  /** An admin adds a category or region; a category's code extends its parent's (`environment.noise`). */
  async add(kind: 'categories', row: CategoryRow): Promise<CategoryRow>;
  async add(kind: 'regions', row: CatalogRow): Promise<CatalogRow>;
  async add(kind: CatalogKind, row: CatalogRow | CategoryRow): Promise<CatalogRow> {
    if (row.parentCode && !(await this.catalog.find(kind, row.parentCode))) {
      throw DomainError.invalid(ErrorCode.UNKNOWN_REFERENCE, `parentCode ${row.parentCode} is not one of the ${kind}`);
    }
    if (kind === 'categories') {
      const expectedParent = row.code.includes('.') ? row.code.slice(0, row.code.lastIndexOf('.')) : null;
      if (expectedParent !== (row.parentCode ?? null)) {
        throw DomainError.invalid(ErrorCode.UNKNOWN_REFERENCE, `A category's code is its parent's code, a dot and its own part (parent ${expectedParent ?? 'none'})`);
      }
    }
    const inserted = kind === 'categories' ? await this.catalog.insertCategory({ defaultKind: null, ...row }) : await this.catalog.insert(kind, row);
    if (!inserted) throw DomainError.conflict(ErrorCode.CODE_TAKEN, `The code ${row.code} is taken`);
    return row;
  }

  /** An admin renames a category and/or sets the kind of request it implies (null: none). */
  async updateCategory(code: string, change: { name?: string; defaultKind?: Kind | null }): Promise<CategoryRow> {
    if (change.name === undefined && change.defaultKind === undefined) {
      throw DomainError.invalid(ErrorCode.NOTHING_TO_CHANGE, 'Send name, defaultKind or both');
    }
    const updated = await this.catalog.updateCategory(code, change);
    if (!updated) throw DomainError.notFound('Category');
    return updated;
  }

  async rename(kind: CatalogKind, code: string, name: string): Promise<CatalogRow> {
    const renamed = await this.catalog.rename(kind, code, name);
    if (!renamed) throw DomainError.notFound(kind === 'categories' ? 'Category' : 'Region');
    return renamed;
  }

  /** Deletes a node nothing uses (no child, routing rule or case); otherwise 409 IN_USE, naming what does. */
  async remove(kind: CatalogKind, code: string): Promise<void> {
    if (!(await this.catalog.find(kind, code))) throw DomainError.notFound(kind === 'categories' ? 'Category' : 'Region');
    const uses = await this.catalog.uses(kind, code);
    if (uses.length > 0) throw DomainError.conflict(ErrorCode.IN_USE, `${code} is still used by ${uses.join(', ')}: it cannot be deleted (rename it instead)`);
    await this.catalog.delete(kind, code);
  }
}

function toTree<T extends CatalogRow>(rows: T[]): TreeNode<T>[] {
  return buildTree(rows, (n) => n.code, (n) => n.parentCode);
}
