import { Injectable } from '@nestjs/common';
import { buildTree, type TreeNode } from '../common/tree';
import { ReferenceData } from '../database/reference-data';
import { CatalogRepository, type CatalogRow } from './catalog.repository';

type CatalogNode = TreeNode<CatalogRow>;

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

@Injectable()
export class CatalogService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly referenceData: ReferenceData,
  ) {}

  async categoryTree(): Promise<CatalogNode[]> {
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

  async categoryExists(code: string): Promise<boolean> {
    return (await this.parents()).categories.has(code);
  }

  async regionExists(code: string): Promise<boolean> {
    return (await this.parents()).regions.has(code);
  }
}

function toTree(rows: CatalogRow[]): CatalogNode[] {
  return buildTree(rows, (n) => n.code, (n) => n.parentCode);
}
