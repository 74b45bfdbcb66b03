export type TreeNode<T> = T & { children: TreeNode<T>[] };

/** Turns a flat list with parent links into a forest; orphans (parent not in the list) become roots. */
export function buildTree<T, K>(
  items: T[],
  keyOf: (item: T) => K,
  parentOf: (item: T) => K | null,
): TreeNode<T>[] {
  type Node = TreeNode<T>;
  const nodes = new Map<K, Node>(items.map((item) => [keyOf(item), { ...item, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = parentOf(node);
    const parentNode = parent === null ? undefined : nodes.get(parent);
    (parentNode ? parentNode.children : roots).push(node);
  }
  return roots;
}
