/**
 * A disjoint-set forest over arbitrary keys: union by size plus path halving, so any sequence of
 * m operations on n elements costs O(m·α(n)) — effectively constant per operation.
 *
 * Which element ends up as a root is an implementation detail (it depends on set sizes); callers
 * that need a canonical id per set (the engine's customer ids) choose it themselves.
 *
 * @example
 * ```ts
 * import { UnionFind } from 'omnithread';
 * const uf = new UnionFind<string>();
 * uf.union('email:alice@example.com', 'phone:+14158675310');
 * uf.union('phone:+14158675310', 'chat:v-17');
 * uf.connected('email:alice@example.com', 'chat:v-17'); // true
 * uf.setSize('chat:v-17');                               // 3
 * ```
 */
export class UnionFind<K> {
  /** One node per element; find walks node pointers, so only the first step is a hash lookup. */
  readonly #nodes = new Map<K, Node<K>>();
  #sets = 0;
  #hops = 0;

  /**
   * Builds a forest with the given elements, each in its own set.
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * const uf = new UnionFind(['a', 'b']);
   * uf.size; // 2
   * ```
   */
  constructor(elements: Iterable<K> = []) {
    for (const e of elements) this.add(e);
  }

  /** Number of elements. */
  get size(): number {
    return this.#nodes.size;
  }

  /** Number of disjoint sets. */
  get setCount(): number {
    return this.#sets;
  }

  /**
   * Parent links followed so far by `find`/`union`: a machine-independent work measure, used to
   * check the amortised near-constant cost without timing.
   */
  get pointerHops(): number {
    return this.#hops;
  }

  /**
   * Adds `element` as a singleton set (no-op when present). Returns whether it was new.
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * new UnionFind<string>().add('a'); // true
   * ```
   */
  add(element: K): boolean {
    if (this.#nodes.has(element)) return false;
    this.#node(element);
    return true;
  }

  /**
   * Whether `element` was ever added (directly or through {@link UnionFind.union}).
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * new UnionFind(['a']).has('b'); // false
   * ```
   */
  has(element: K): boolean {
    return this.#nodes.has(element);
  }

  /**
   * The root of `element`'s set; an unknown element is added as a singleton first.
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * const uf = new UnionFind<string>();
   * uf.find('a'); // 'a'
   * ```
   */
  find(element: K): K {
    return this.#root(this.#node(element)).key;
  }

  /**
   * Merges the sets of `a` and `b` (adding either if unknown) and returns the root of the result.
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * const uf = new UnionFind<string>();
   * const root = uf.union('a', 'b');
   * uf.find('a') === root && uf.find('b') === root; // true
   * ```
   */
  union(a: K, b: K): K {
    let big = this.#root(this.#node(a));
    let small = this.#root(this.#node(b));
    if (big === small) return big.key;
    // Union by size: the smaller tree hangs under the larger, so trees stay O(log n) deep.
    if (big.size < small.size) {
      const swap = big;
      big = small;
      small = swap;
    }
    small.parent = big;
    big.size += small.size;
    this.#sets--;
    return big.key;
  }

  /**
   * Whether `a` and `b` are in the same set. Unknown elements are only connected to themselves.
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * const uf = new UnionFind(['a', 'b']);
   * uf.connected('a', 'b'); // false
   * ```
   */
  connected(a: K, b: K): boolean {
    if (a === b) return true;
    if (!this.has(a) || !this.has(b)) return false;
    return this.#root(this.#node(a)) === this.#root(this.#node(b));
  }

  /**
   * Number of elements in `element`'s set (1 for an unknown element).
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * const uf = new UnionFind<string>();
   * uf.union('a', 'b');
   * uf.setSize('a'); // 2
   * ```
   */
  setSize(element: K): number {
    if (!this.has(element)) return 1;
    return this.#root(this.#node(element)).size;
  }

  /**
   * The sets as arrays of elements, in insertion order of their first element.
   *
   * @example
   * ```ts
   * import { UnionFind } from 'omnithread';
   * const uf = new UnionFind(['a', 'b', 'c']);
   * uf.union('a', 'c');
   * uf.groups(); // [['a', 'c'], ['b']]
   * ```
   */
  groups(): K[][] {
    const byRoot = new Map<Node<K>, K[]>();
    for (const node of this.#nodes.values()) {
      const root = this.#root(node);
      const group = byRoot.get(root);
      if (group) group.push(node.key);
      else byRoot.set(root, [node.key]);
    }
    return [...byRoot.values()];
  }

  /** The node of `element`, created as a singleton set when unknown. */
  #node(element: K): Node<K> {
    let node = this.#nodes.get(element);
    if (node === undefined) {
      const fresh = { key: element, size: 1 } as Node<K>;
      fresh.parent = fresh;
      this.#nodes.set(element, fresh);
      this.#sets++;
      node = fresh;
    }
    return node;
  }

  /** Path halving: every other node on the path skips to its grandparent — one pass, no recursion. */
  #root(start: Node<K>): Node<K> {
    let node = start;
    while (node.parent !== node) {
      const grandparent = node.parent.parent;
      node.parent = grandparent;
      node = grandparent;
      this.#hops++;
    }
    return node;
  }
}

/** An element of the forest; a root is its own parent and holds its set's size. */
interface Node<K> {
  readonly key: K;
  parent: Node<K>;
  /** Set size; only meaningful on roots. */
  size: number;
}
