/**
 * The bundle: the only thing the runtime reads (SPEC 4.3). Everything here is
 * resolved at compile time; the runtime follows these tables and never sees
 * YAML or OpenAPI. `schemas/bundle.schema.json` is the public JSON Schema of
 * the same shape; keep both in step (a test compiles the sample and validates it).
 *
 * Secrets never appear: a value that needs one holds a `${secret:NAME}`
 * reference that the runtime resolves from `UAC_SECRET_<NAME>` or a folder.
 */
export const BUNDLE_FORMAT = 'uac.bundle/v1' as const;

export type JsonSchema = boolean | { [key: string]: unknown };

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  /** `sha256:<hex>` over the canonical JSON of everything but `id`. */
  id: string;
  project: string;
  environment: string;
  source: { revision: string | null; dirty: boolean };
  /** `uac/<version>` */
  compiler: string;
  /** Sorted by name. */
  tools: Tool[];
  /** Sorted by name. */
  prompts: Prompt[];
  /** Sorted by name. */
  skills: Skill[];
  /** Sorted by id. */
  routes: Route[];
  /** Sorted by name. */
  llmRoutes: LLMRoute[];
  policies: Record<string, Policy>;
  /** Sorted by name. */
  consumers: Consumer[];
  auth: AuthConfig;
  /** Limits of MCP clients from `uac.yaml` (checked by validate and diff). */
  clients: { maxTools: number; maxToolNameLength: number };
}

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface Tool {
  name: string;
  title?: string;
  description: string;
  /** JSON Schema 2020-12, `type: object`. */
  inputSchema: { [key: string]: unknown };
  /** Only when the success response is a JSON object with a known schema. */
  outputSchema?: { [key: string]: unknown };
  annotations: ToolAnnotations;
  /** Id of the route this tool calls. */
  route: string;
}

/** Where one HTTP parameter comes from in the tool arguments. */
export interface ParamMapping {
  /** Name on the wire (path template variable, query key, header name). */
  name: string;
  in: 'path' | 'query' | 'header';
  /** Property name in the tool arguments (differs from `name` after a collision, e.g. `query_id`). */
  arg: string;
  required: boolean;
  /** Serialization (OpenAPI style/explode); defaults: path simple, query form+explode, header simple. */
  style?: 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode?: boolean;
  /** JSON type of the parameter's schema, used to coerce REST strings into arguments. */
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  /** Item type for arrays (coercion of REST values). */
  itemType?: 'string' | 'number' | 'integer' | 'boolean';
}

/**
 * How the request body is taken from the arguments.
 * - `merged`: the body is an object whose properties are top-level arguments
 *   (every argument not mapped to a parameter goes into the body).
 * - `wrapped`: the body is the value of argument `arg` (usually `body`).
 */
export type BodyMapping =
  | { mode: 'merged'; required: boolean; contentType: string }
  | { mode: 'wrapped'; arg: string; required: boolean; contentType: string };

export interface Route {
  /** `<api>.<operationId>` */
  id: string;
  api: string;
  operationId: string;
  method: HttpMethod;
  /** Gateway path: the API's basePath + operation path, OpenAPI template syntax (`/orders/{id}`). */
  path: string;
  upstream: {
    /** Base URL with vars resolved (e.g. `http://127.0.0.1:4010/v1`); no trailing slash. */
    url: string;
    /** Operation path template appended to `url` (`/orders/{id}`). */
    path: string;
    timeoutMs: number;
    /** Static headers; values may hold `${secret:NAME}` references. Sorted by name. */
    headers: Record<string, string>;
  };
  /** Sorted: path, query, header, then by name. */
  params: ParamMapping[];
  body: BodyMapping | null;
  /** Resolved policy names (operation > API > project defaults), in declared order. */
  policies: string[];
  expose: { rest: boolean; mcp: boolean };
  /** Name of the MCP tool for this route, when exposed over MCP. */
  tool: string | null;
  validate: {
    /** The arguments schema (same as the tool's inputSchema); REST requests are mapped to arguments and checked with it. */
    input: { [key: string]: unknown };
  };
  /** Success response as declared (status and whether it is JSON), for shaping results. */
  response: { status: number; contentType: string | null };
}

export interface Prompt {
  name: string;
  title?: string;
  description: string;
  arguments: Array<{ name: string; description?: string; required: boolean }>;
  /** The skill this prompt comes from. */
  skill: string;
  /** SKILL.md body with `{{argument}}` placeholders. */
  template: string;
  policies: string[];
}

export interface SkillFile {
  /** Path relative to the skill folder, `/`-separated, sorted. */
  path: string;
  /** Hex sha256 of the raw bytes. */
  sha256: string;
  size: number;
  /** `utf8` for text files, `base64` for anything else. */
  encoding: 'utf8' | 'base64';
  content: string;
}

export interface Skill {
  name: string;
  /** `skill://<name>/SKILL.md` */
  uri: string;
  description: string;
  /** SKILL.md frontmatter, verbatim as parsed. */
  frontmatter: Record<string, unknown>;
  tools: string[];
  files: SkillFile[];
  policies: string[];
}

export interface LLMRoute {
  name: string;
  /** Gateway path, e.g. `/v1/chat/completions`. */
  path: string;
  providers: Array<{
    name: string;
    url: string;
    /** `${secret:NAME}` reference or null. */
    apiKey: string | null;
    models: string[];
    timeoutMs: number;
  }>;
  policies: string[];
}

export type LimitKey = 'consumer' | 'tenant' | 'ip' | 'global';
export type AuthMethod = 'none' | 'apiKey' | 'jwt' | 'mtls';

export interface RateLimit {
  limit: number;
  windowMs: number;
  by: LimitKey;
}

export interface Policy {
  name: string;
  auth: { methods: AuthMethod[]; scopes: string[] };
  rateLimit: RateLimit[];
  tokens: RateLimit | null;
  quota: { limit: number; period: 'day' | 'month'; by: LimitKey } | null;
  /** Bytes; null = runtime default. */
  maxBodyBytes: number | null;
  failMode: 'open' | 'closed';
}

export type Credential =
  | { type: 'apiKey'; sha256: string }
  | { type: 'jwt'; subject: string }
  | { type: 'mtls'; fingerprint: string };

export interface Consumer {
  name: string;
  tenant: string;
  /** Sorted. */
  scopes: string[];
  credentials: Credential[];
  limits: {
    rateLimit?: RateLimit[];
    tokens?: RateLimit;
    quota?: { limit: number; period: 'day' | 'month'; by: LimitKey };
  };
}

export interface AuthConfig {
  jwt: { issuer: string; jwksUri: string; audience: string[]; algorithms: string[] } | null;
  oauth: { resource: string; authorizationServers: string[]; scopesSupported: string[] } | null;
}
