/**
 * A small KMS-compatible HTTP endpoint for tests and the demo workspace (never shipped): the real
 * `@aws-sdk/client-kms`, `@aws-sdk/client-cloudtrail` and `@aws-sdk/client-iam` talk to it over loopback as they
 * talk to AWS. JSON 1.1 over `POST /`, `X-Amz-Target: TrentService.<Operation>` (and CloudTrail's
 * LookupEvents); IAM's GetAccountAuthorizationDetails over awsQuery (a form-encoded POST, told apart by its
 * content type; iam.ts); SigV4 credential scope read for account and Region, in-memory state.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from './errors';
import { getAccountAuthorizationDetails, iamErrorXml, IamError } from './iam';
import { DEFAULT_ACCOUNT_ID, resolveCaller, type Caller, type IdentityConfig } from './identities';
import { defaultLockoutCheck, type LockoutCheck } from './lockoutCheck';
import { lookupEvents } from './lookupEvents';
import { DEFAULT_QUERY_SETTINGS, QueryService, type QuerySettings } from './queries';
import { KmsStore } from './model';
import { aliasOperations } from './ops/aliases';
import { authorize, type DenyRule, type EndpointSettings, type OpContext, type Operation, type Quotas } from './ops/context';
import { cryptoOperations } from './ops/crypto';
import { grantOperations } from './ops/grants';
import { keyOperations } from './ops/keys';
import { policyOperations } from './ops/policies';
import { rotationOperations } from './ops/rotation';
import { tagOperations } from './ops/tags';
import { seedDemoData } from './seed';
import { demoAuthorizationDetails, type AuthorizationDetails } from './seedIam';
import { parseAuthorization, requireService, type CredentialScope } from './sigv4';
import { TrailStore, kmsEvent, requestParameters } from './trail';

export type { DenyRule, Quotas } from './ops/context';
export type { LockoutCheck } from './lockoutCheck';
export type { IdentityConfig } from './identities';

/** Options of {@link startLocalKms}. */
export interface LocalKmsOptions {
  /** Interface to listen on; loopback only by default. */
  readonly host?: string;
  /** Port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Account for access key ids missing from `identities` (default 111122223333). */
  readonly defaultAccountId?: string;
  /** Account and principal ARN per access key id. */
  readonly identities?: Readonly<Record<string, IdentityConfig>>;
  /** Identity-policy denies to apply (replaceable later with `setDenyRules`). */
  readonly deny?: readonly DenyRule[];
  /** The lockout safety check; {@link defaultLockoutCheck} unless given (e.g. the engine's evaluator). */
  readonly lockoutCheck?: LockoutCheck;
  /** Evaluate key policies for same-account callers as well (default false: IAM is assumed to allow). */
  readonly enforceKeyPolicies?: boolean;
  /** Override KMS resource quotas. */
  readonly quotas?: Partial<Quotas>;
  /** Clock (default: the system clock). */
  readonly now?: () => Date;
  /** Load the demo keys and CloudTrail history of `seed.ts` (and the demo accounts' IAM of `seedIam.ts`). */
  readonly seed?: boolean;
  /** IAM authorization details per account, served by GetAccountAuthorizationDetails (default: the demo's when `seed`). */
  readonly iam?: ReadonlyMap<string, AuthorizationDetails>;
  /** The CloudTrail Lake event data stores and Athena workgroups and tables the endpoint answers to. */
  readonly queries?: Partial<QuerySettings>;
}

/** A running endpoint. */
export interface LocalKms {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The in-memory keys, for tests that need to look behind the API. */
  readonly store: KmsStore;
  /** The recorded and seeded CloudTrail events. */
  readonly trail: TrailStore;
  /** CloudTrail Lake and Athena queries over the trail (DuckDB). */
  readonly queries: QueryService;
  /** HTTP requests received so far, of any kind, answered or not (for tests asserting that nothing was sent). */
  readonly requestCount: number;
  /** Replaces the deny rules for subsequent requests. */
  setDenyRules(rules: readonly DenyRule[]): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const KMS_OPERATIONS: Readonly<Record<string, Operation>> = {
  ...keyOperations,
  ...rotationOperations,
  ...aliasOperations,
  ...policyOperations,
  ...grantOperations,
  ...tagOperations,
  ...cryptoOperations,
};

/**
 * CloudTrail's JSON target: older SDKs send the fully qualified
 * `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>`, the installed SDK
 * (client-cloudtrail 3.1137) sends `CloudTrail_20131101.<Op>`; both are accepted.
 */
const CLOUDTRAIL_TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts an endpoint and resolves once it is listening. */
export async function startLocalKms(options: LocalKmsOptions = {}): Promise<LocalKms> {
  const store = new KmsStore();
  const trail = new TrailStore();
  const clock = options.now ?? (() => new Date());
  const settings: EndpointSettings = {
    lockoutCheck: options.lockoutCheck ?? defaultLockoutCheck,
    deny: options.deny ?? [],
    quotas: { keysPerRegion: 100_000, aliasesPerKey: 50, grantsPerKey: 50_000, ...options.quotas },
    enforceKeyPolicies: options.enforceKeyPolicies ?? false,
  };
  if (options.seed === true) seedDemoData(store, trail, clock());
  const queries = new QueryService(trail, { ...DEFAULT_QUERY_SETTINGS, ...options.queries });
  let requestCount = 0;
  const endpoint: Endpoint = {
    store,
    trail,
    settings,
    clock,
    options,
    iam: options.iam ?? (options.seed === true ? demoAuthorizationDetails() : new Map()),
    queries,
  };
  const server = createServer((req, res) => {
    requestCount++;
    void handle(req, res, endpoint);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    store,
    trail,
    queries,
    get requestCount() {
      return requestCount;
    },
    setDenyRules(rules) {
      settings.deny = rules;
    },
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

interface Endpoint {
  readonly store: KmsStore;
  readonly trail: TrailStore;
  readonly settings: EndpointSettings;
  readonly clock: () => Date;
  readonly options: LocalKmsOptions;
  readonly iam: ReadonlyMap<string, AuthorizationDetails>;
  readonly queries: QueryService;
}

/** CloudTrail operations besides LookupEvents: CloudTrail Lake queries. */
const LAKE_OPERATIONS: Readonly<Record<string, (q: QueryService, input: Record<string, unknown>, ctx: OpContext) => Record<string, unknown>>> = {
  StartQuery: (q, input, ctx) => q.startQuery(input, ctx),
  DescribeQuery: (q, input) => q.describeQuery(input),
  GetQueryResults: (q, input) => q.lakeResults(input),
  CancelQuery: (q, input) => q.cancelQuery(input),
};

/** Athena's JSON target `AmazonAthena.<Operation>`: the query operations the activity sources use. */
const ATHENA_OPERATIONS: Readonly<Record<string, (q: QueryService, input: Record<string, unknown>, ctx: OpContext) => Record<string, unknown>>> = {
  StartQueryExecution: (q, input, ctx) => q.startQueryExecution(input, ctx),
  GetQueryExecution: (q, input) => q.getQueryExecution(input),
  GetQueryResults: (q, input) => q.athenaResults(input),
  StopQueryExecution: (q, input) => q.stopQueryExecution(input),
};

async function handle(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): Promise<void> {
  const requestId = randomUUID();
  try {
    if (req.method === 'GET') {
      send(res, 200, requestId, { status: 'ok', service: 'local KMS endpoint' });
      return;
    }
    if (req.method !== 'POST') throw new ServiceError('UnknownOperationException', `Method ${req.method ?? ''} is not supported.`, 404);
    const body = await readBody(req);
    const scope = parseAuthorization(req.headers.authorization);
    if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      handleIam(res, endpoint, scope, body, requestId);
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = parseBody(body);
    const ctx = opContext(endpoint, scope);
    endpoint.store.purgeDeleted(ctx.now);
    const cloudTrail = CLOUDTRAIL_TARGET.exec(target);
    if (cloudTrail !== null) {
      const operation = cloudTrail[1];
      requireService(scope, 'cloudtrail');
      const lake = LAKE_OPERATIONS[operation];
      if (operation !== 'LookupEvents' && lake === undefined) {
        throw new ServiceError(
          'UnsupportedOperationException',
          `The local endpoint implements only CloudTrail LookupEvents and Lake queries, not ${operation}.`,
        );
      }
      if (lake !== undefined) authorize(ctx, `cloudtrail:${operation}`);
      send(res, 200, requestId, lake !== undefined ? lake(endpoint.queries, input, ctx) : lookupEvents(input, ctx, endpoint.trail));
      return;
    }
    if (target.startsWith('AmazonAthena.')) {
      requireService(scope, 'athena');
      const operation = target.slice('AmazonAthena.'.length);
      const athena = ATHENA_OPERATIONS[operation];
      if (athena === undefined)
        throw new ServiceError('UnsupportedOperationException', `The local endpoint implements only Athena's query operations, not ${operation}.`);
      authorize(ctx, `athena:${operation}`);
      send(res, 200, requestId, athena(endpoint.queries, input, ctx));
      return;
    }
    if (!target.startsWith('TrentService.')) throw new ServiceError('UnknownOperationException', `Unknown X-Amz-Target: ${target}`);
    requireService(scope, 'kms');
    const name = target.slice('TrentService.'.length);
    const operation = KMS_OPERATIONS[name];
    try {
      if (operation === undefined) {
        throw new ServiceError('UnsupportedOperationException', `The local KMS endpoint does not implement ${name}.`);
      }
      const output = operation(input, ctx);
      record(endpoint, ctx, name, input, req, requestId);
      send(res, 200, requestId, output);
    } catch (error) {
      if (error instanceof ServiceError) record(endpoint, ctx, name, input, req, requestId, error);
      throw error;
    }
  } catch (error) {
    const failure =
      error instanceof ServiceError
        ? error
        : new ServiceError('KMSInternalException', `Internal error: ${error instanceof Error ? error.message : String(error)}`, 500);
    res.setHeader('x-amzn-errortype', failure.type);
    send(res, failure.status, requestId, { __type: failure.type, message: failure.message });
  }
}

/** The caller, Region and state one request works with. */
function opContext(endpoint: Endpoint, scope: CredentialScope): OpContext {
  const caller = resolveCaller(scope.accessKeyId, endpoint.options.identities ?? {}, endpoint.options.defaultAccountId ?? DEFAULT_ACCOUNT_ID);
  return {
    caller,
    region: scope.region,
    now: endpoint.clock(),
    store: endpoint.store,
    home: endpoint.store.region(caller.accountId, scope.region),
    settings: endpoint.settings,
    resources: new Set(),
  };
}

/** An awsQuery request (IAM): GetAccountAuthorizationDetails for the caller's account; errors as IAM's XML. */
function handleIam(res: ServerResponse, endpoint: Endpoint, scope: CredentialScope, body: string, requestId: string): void {
  let status = 200;
  let xml: string;
  try {
    if (scope.service !== 'iam') throw new IamError('InvalidClientTokenId', `Credential should be scoped to correct service: 'iam'.`, 403);
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    if (action !== 'GetAccountAuthorizationDetails') {
      throw new IamError('InvalidAction', `The local endpoint implements only IAM GetAccountAuthorizationDetails, not ${action || '(no Action)'}.`);
    }
    const ctx = opContext(endpoint, scope);
    try {
      authorize(ctx, 'iam:GetAccountAuthorizationDetails');
    } catch (error) {
      if (error instanceof ServiceError) throw new IamError('AccessDenied', error.message, 403);
      throw error;
    }
    xml = getAccountAuthorizationDetails(form, endpoint.iam.get(ctx.caller.accountId), requestId);
  } catch (error) {
    const failure =
      error instanceof IamError ? error : new IamError('ServiceFailure', `Internal error: ${error instanceof Error ? error.message : String(error)}`, 500);
    status = failure.status;
    xml = iamErrorXml(failure, requestId);
  }
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
  res.end(xml);
}

function record(
  endpoint: Endpoint,
  ctx: OpContext,
  name: string,
  input: Record<string, unknown>,
  req: IncomingMessage,
  requestId: string,
  error?: ServiceError,
): void {
  const arns = [...ctx.resources];
  const owner = arns.map((arn) => arn.split(':')[4]).find((account) => account !== undefined) ?? ctx.caller.accountId;
  const event = {
    caller: ctx.caller as Caller,
    region: ctx.region,
    eventName: name,
    time: ctx.now,
    recipientAccountId: owner,
    resourceArns: arns,
    requestParameters: requestParameters(input),
    responseElements: error === undefined ? ctx.responseElements : null,
    errorCode: error === undefined ? undefined : error.type === 'AccessDeniedException' ? 'AccessDenied' : error.type,
    errorMessage: error?.message,
    sourceIPAddress: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    userAgent: String(req.headers['user-agent'] ?? ''),
    requestId,
  };
  const recorded = kmsEvent(event, ctx.caller.accountId);
  endpoint.trail.add(recorded);
  if (owner !== ctx.caller.accountId) endpoint.trail.add({ ...recorded, accountId: owner });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ServiceError('SerializationException', `The request body exceeds ${MAX_BODY_BYTES} bytes.`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Converts an output shape to JSON 1.1 wire form: dates as epoch seconds, blobs as base64. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

function send(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(toWire(body));
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
  });
  res.end(text);
}
