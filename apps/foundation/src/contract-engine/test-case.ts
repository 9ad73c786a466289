type Obj = Record<string, unknown>;

/** One generated test case, independent of the target framework. */
export interface Case {
  name: string;
  kind: 'http' | 'message';
  method?: string;
  path?: string;
  body?: unknown;
  expectStatus?: number[];
  expectClientError?: boolean;
  schema?: Obj;
  payload?: unknown;
  expectValid?: boolean;
  /** Create the resource first and put its id into the path: prefix + id + suffix. */
  setup?: { path: string; body: unknown; expectStatus: number[]; idField: string; prefix: string; suffix: string };
}

