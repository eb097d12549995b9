/**
 * SDK clients for one session: credentials resolved once (named profile through `fromIni`, or
 * the default chain), clients per Region with the endpoint passed explicitly. Nothing here reads
 * or writes `process.env` beyond what the SDK's credential providers read, and nothing is logged.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { noteEndpoint, toAwsApiError } from './errors';

/** Credentials as the SDK takes them (structurally the SDK's AwsCredentials). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** A function that resolves credentials (structurally the SDK's AwsCredentialsProvider). */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** How a session reaches AWS (or a KMS-compatible endpoint). */
export interface AwsSessionOptions {
  /** Named profile from the shared config/credentials files (SSO profiles included). */
  readonly profile?: string;
  /** KMS endpoint URL, e.g. `http://127.0.0.1:4599` for the local endpoint; AWS's when absent. */
  readonly endpoint?: string;
  /** CloudTrail (and Athena) endpoint URL; defaults to `endpoint` (the local endpoint serves all three), else AWS's. */
  readonly cloudTrailEndpoint?: string;
  /** IAM endpoint URL; defaults to `endpoint` (the local endpoint serves IAM's GetAccountAuthorizationDetails too), else AWS's. */
  readonly iamEndpoint?: string;
  /** Explicit credentials (tests); otherwise `profile` or the default provider chain. */
  readonly credentials?: AwsCredentials | AwsCredentialsProvider;
  /** Per-key calls in flight at once while listing (default 4). */
  readonly maxConcurrency?: number;
  /**
   * Items per page asked of List* operations (capped at each operation's maximum). The default,
   * each operation's maximum, minimises calls; smaller values exist to exercise paging in tests.
   */
  readonly pageSize?: number;
  /** SDK attempts per call, retries included (default: the SDK's, 3). */
  readonly maxAttempts?: number;
}

const REFRESH_MARGIN_MS = 5 * 60_000;

/** Resolves credentials once and reuses them until five minutes before they expire. */
function sharedCredentials(options: AwsSessionOptions): AwsCredentialsProvider {
  const given = options.credentials;
  if (given !== undefined && typeof given !== 'function') return async () => given;
  const source: AwsCredentialsProvider = given ?? (options.profile !== undefined ? fromIni({ profile: options.profile }) : fromNodeProviderChain());
  let cached: Promise<AwsCredentials> | undefined;
  return async () => {
    if (cached !== undefined) {
      const identity = await cached.catch(() => undefined);
      const expiration = identity?.expiration?.getTime();
      if (identity !== undefined && (expiration === undefined || expiration - Date.now() > REFRESH_MARGIN_MS)) return identity;
    }
    cached = source();
    cached.catch(() => {
      cached = undefined;
    });
    return cached;
  };
}

/**
 * Client middleware that notes, on an error, the URL its request went to: an answer that is not AWS's (a
 * proxy's error page) is reported by who sent it (see toAwsApiError), and the SDK's error does not say.
 */
const endpointOfFailures =
  <A extends { request: unknown }, T>(next: (args: A) => Promise<T>) =>
  async (args: A): Promise<T> => {
    try {
      return await next(args);
    } catch (error) {
      noteEndpoint(error, args.request);
      throw error;
    }
  };
const ENDPOINT_OF_FAILURES = { step: 'finalizeRequest', name: 'kmsKeyPolicyEndpointOfFailures' } as const;

/** The SDK clients of one session. */
export class SessionClients {
  private readonly kmsClients = new Map<string, KMSClient>();
  private readonly cloudTrailClients = new Map<string, CloudTrailClient>();
  private iamClient: IAMClient | undefined;
  private readonly athenaClients = new Map<string, AthenaClient>();
  private readonly credentials: AwsCredentialsProvider;

  constructor(readonly options: AwsSessionOptions) {
    this.credentials = sharedCredentials(options);
  }

  /** The KMS client for a Region. */
  kms(region: string): KMSClient {
    let client = this.kmsClients.get(region);
    if (client === undefined) {
      client = new KMSClient({
        region,
        endpoint: this.options.endpoint,
        credentials: this.credentials,
        maxAttempts: this.options.maxAttempts,
      });
      client.middlewareStack.add(endpointOfFailures, ENDPOINT_OF_FAILURES);
      this.kmsClients.set(region, client);
    }
    return client;
  }

  /** The CloudTrail client for a Region. */
  cloudTrail(region: string): CloudTrailClient {
    let client = this.cloudTrailClients.get(region);
    if (client === undefined) {
      client = new CloudTrailClient({
        region,
        endpoint: this.options.cloudTrailEndpoint ?? this.options.endpoint,
        credentials: this.credentials,
        maxAttempts: this.options.maxAttempts,
      });
      client.middlewareStack.add(endpointOfFailures, ENDPOINT_OF_FAILURES);
      this.cloudTrailClients.set(region, client);
    }
    return client;
  }

  /** The IAM client (IAM is global: signed for us-east-1, as the SDK does for the aws partition). */
  iam(): IAMClient {
    if (this.iamClient === undefined) {
      this.iamClient = new IAMClient({
        region: 'us-east-1',
        endpoint: this.options.iamEndpoint ?? this.options.endpoint,
        credentials: this.credentials,
        maxAttempts: this.options.maxAttempts,
      });
      this.iamClient.middlewareStack.add(endpointOfFailures, ENDPOINT_OF_FAILURES);
    }
    return this.iamClient;
  }

  /** The Athena client for a Region (the local endpoint serves Athena too). */
  athena(region: string): AthenaClient {
    let client = this.athenaClients.get(region);
    if (client === undefined) {
      client = new AthenaClient({
        region,
        endpoint: this.options.cloudTrailEndpoint ?? this.options.endpoint,
        credentials: this.credentials,
        maxAttempts: this.options.maxAttempts,
      });
      client.middlewareStack.add(endpointOfFailures, ENDPOINT_OF_FAILURES);
      this.athenaClients.set(region, client);
    }
    return client;
  }

  /** Closes every client's connections. */
  destroy(): void {
    this.iamClient?.destroy();
    this.iamClient = undefined;
    for (const clients of [this.kmsClients, this.cloudTrailClients, this.athenaClients]) {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    }
  }
}

/**
 * Sends one command, turning a service exception into an AwsApiError named after `action`.
 * The abort signal, when given, cancels the HTTP request.
 */
export async function call<T>(action: string, send: (options: { abortSignal?: AbortSignal }) => Promise<T>, signal?: AbortSignal): Promise<T> {
  signal?.throwIfAborted();
  try {
    return await send({ abortSignal: signal });
  } catch (error) {
    throw toAwsApiError(error, action);
  }
}
