// draw expands a Preact element of hook-free components into a plain tree, so the unit tests
// can look at what a view draws without a browser: elements with their props, and text.
import type { ComponentChildren, VNode } from 'preact';

/** A drawn element, or a run of text. */
export type Node = { tag: string; props: Record<string, unknown>; children: Node[] } | { text: string };

/** draw turns what a component returns into drawn nodes. */
export function draw(c: ComponentChildren): Node[] {
  if (c === null || c === undefined || typeof c === 'boolean') return [];
  if (typeof c === 'string' || typeof c === 'number' || typeof c === 'bigint') return [{ text: String(c) }];
  if (Array.isArray(c)) return c.flatMap(draw);
  const v = c as VNode<Record<string, unknown>>;
  if (typeof v.type === 'function') return draw((v.type as (p: unknown) => ComponentChildren)(v.props));
  return [{ tag: v.type as string, props: v.props, children: draw(v.props.children as ComponentChildren) }];
}

/** all lists every element in the tree, depth first. */
export function all(nodes: Node[]): Extract<Node, { tag: string }>[] {
  return nodes.flatMap((n) => ('tag' in n ? [n, ...all(n.children)] : []));
}

/** text is the tree's text, as a screen would show it. */
export function text(nodes: Node[]): string {
  return nodes.map((n) => ('text' in n ? n.text : text(n.children))).join('');
}

/** byTestID finds the element with a data-testid. */
export function byTestID(nodes: Node[], id: string) {
  return all(nodes).find((n) => n.props['data-testid'] === id);
}

/** buttons are the tree's buttons with their labels. */
export function buttons(nodes: Node[]) {
  return all(nodes)
    .filter((n) => n.tag === 'button')
    .map((n) => ({ label: text(n.children), disabled: !!n.props.disabled, click: n.props.onClick as () => void }));
}
