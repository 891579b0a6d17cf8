/**
 * TypeScript view of the contract kinds (SPEC section 2). The JSON Schemas in
 * `schemas/` are the source of truth for what is accepted; these types describe
 * a document *after* it passed schema validation.
 */
import type { Location } from './problems.js';

export type JsonSchema = boolean | { [key: string]: unknown };

export type Kind = 'Project' | 'API' | 'Policy' | 'Consumer' | 'Skill' | 'LLMRoute';
export const KINDS: readonly Kind[] = ['Project', 'API', 'Policy', 'Consumer', 'Skill', 'LLMRoute'];

export interface Metadata {
  name: string;
  labels?: Record<string, string>;
  description?: string;
}

export interface ProjectSpec {
  environments: Record<string, { vars?: Record<string, string> }>;
  defaults?: { policies?: string[] };
  auth?: {
    jwt?: { issuer: string; jwksUri: string; audience: string | string[]; algorithms?: string[] };
    oauth?: { resource: string; authorizationServers: string[]; scopesSupported?: string[] };
  };
  clients?: { maxTools?: number; maxToolNameLength?: number };
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface McpOverride {
  name?: string;
  title?: string;
  description?: string;
  annotations?: ToolAnnotations;
  expose?: boolean;
}

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
  style?: string;
  explode?: boolean;
}

export interface OperationSpec {
  operationId: string;
  method?: HttpMethod | Lowercase<HttpMethod>;
  path?: string;
  summary?: string;
  description?: string;
  parameters?: ParameterSpec[];
  requestBody?: { required?: boolean; contentType?: string; schema: JsonSchema } | null;
  response?: { status?: number; contentType?: string; schema?: JsonSchema };
  policies?: string[];
  expose?: { rest?: boolean; mcp?: boolean };
  timeout?: string;
  mcp?: McpOverride;
}

export interface ApiSpec {
  version?: string;
  upstream: { url: string; timeout?: string; headers?: Record<string, string> };
  basePath: string;
  expose?: { rest?: boolean; mcp?: boolean };
  policies?: string[];
  openapi?: {
    path: string;
    include?: { tags?: string[]; operationIds?: string[] };
    exclude?: { tags?: string[]; operationIds?: string[] };
  };
  operations?: OperationSpec[];
}

export type LimitKey = 'consumer' | 'tenant' | 'ip' | 'global';

export interface PolicySpec {
  auth?: { methods: Array<'none' | 'apiKey' | 'jwt' | 'mtls'>; scopes?: string[] };
  rateLimit?: Array<{ limit: number; window: string; by?: LimitKey }>;
  tokens?: { limit: number; window: string; by?: LimitKey };
  quota?: { limit: number; period: 'day' | 'month'; by?: LimitKey };
  maxBodySize?: string;
  failMode?: 'open' | 'closed';
}

export type CredentialSpec =
  | { type: 'apiKey'; sha256: string }
  | { type: 'jwt'; subject: string }
  | { type: 'mtls'; fingerprint: string };

export interface ConsumerSpec {
  tenant: string;
  scopes?: string[];
  credentials: CredentialSpec[];
  limits?: Pick<PolicySpec, 'rateLimit' | 'tokens' | 'quota'>;
}

export interface SkillSpec {
  path: string;
  tools?: string[];
  policies?: string[];
  prompt?: { name?: string; description?: string; arguments?: Array<{ name: string; description?: string; required?: boolean }> };
}

export interface LLMRouteSpec {
  path: string;
  providers: Array<{ name: string; url: string; apiKey?: string; models?: string[]; timeout?: string }>;
  policies?: string[];
}

export interface SpecByKind {
  Project: ProjectSpec;
  API: ApiSpec;
  Policy: PolicySpec;
  Consumer: ConsumerSpec;
  Skill: SkillSpec;
  LLMRoute: LLMRouteSpec;
}

/** Path into a YAML document: keys and sequence indexes. */
export type NodePath = ReadonlyArray<string | number>;

/** One `apiVersion: uac/v1` document of the repository, with source positions. */
export interface ContractDocument<K extends Kind = Kind> {
  apiVersion: 'uac/v1';
  kind: K;
  metadata: Metadata;
  spec: SpecByKind[K];
  /** Repository-relative path of the file holding it. */
  file: string;
  /** Index of the document within its file (multi-document YAML). */
  index: number;
  /**
   * Location of the node at `path` (e.g. ['spec', 'operations', 2, 'mcp', 'name']);
   * falls back to the nearest existing ancestor, then to the document start.
   */
  at(path: NodePath): Location;
}
