import type { Department } from './department.entity';

/** What the tree keeps of each department. */
export type DepartmentNode = Readonly<Pick<Department, 'id' | 'code' | 'name' | 'parentId' | 'active'>>;

/**
 * The department tree (分级负责), the one place that walks it: a unit's subtree (what a department sees
 * and answers for), its ancestors (who sees a unit's cases), its children (where a case may be passed
 * down). Built from this instance's copy of every department, active or not.
 */
export class DepartmentTree {
  private readonly nodes: ReadonlyMap<string, DepartmentNode>;
  private readonly childrenOf = new Map<string, string[]>();

  constructor(departments: Iterable<DepartmentNode>) {
    this.nodes = new Map([...departments].map((d) => [d.id, d]));
    for (const d of this.nodes.values()) {
      if (d.parentId) this.childrenOf.set(d.parentId, [...(this.childrenOf.get(d.parentId) ?? []), d.id]);
    }
  }

  get(id: string): DepartmentNode | undefined {
    return this.nodes.get(id);
  }

  all(): IterableIterator<DepartmentNode> {
    return this.nodes.values();
  }

  /** The units directly below `id`, active ones only. */
  activeChildren(id: string): string[] {
    return (this.childrenOf.get(id) ?? []).filter((child) => this.nodes.get(child)?.active);
  }

  /** `id` and every unit below it, `id` first. */
  subtree(id: string): string[] {
    const out: string[] = [];
    const walk = (at: string) => {
      if (out.includes(at)) return;
      out.push(at);
      for (const child of this.childrenOf.get(at) ?? []) walk(child);
    };
    walk(id);
    return out;
  }

  /** `id` and every unit above it, `id` first. */
  ancestors(id: string): string[] {
    const chain: string[] = [];
    for (let at: string | null = id; at !== null && !chain.includes(at); at = this.nodes.get(at)?.parentId ?? null) chain.push(at);
    return chain;
  }
}
