/**
 * The key account's IAM, read for the live who-can report: `iam:GetAccountAuthorizationDetails`, every page
 * (Marker / IsTruncated), every entity type (users, groups, roles, customer and AWS managed policies), turned into
 * the JSON `aws iam get-account-authorization-details` prints (policy documents decoded from the URL encoding IAM
 * sends them in), which is what the language server's named who-can reads. Cancellable through the abort signal,
 * with a count after each page; kept per account for the session (IAM data changes rarely; the session is
 * dropped on a profile change or a refresh).
 */
import { GetAccountAuthorizationDetailsCommand, type EntityType, type GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { call } from './clients';

/** What has been read so far (for the progress message). */
export interface IamProgress {
  readonly pages: number;
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly policies: number;
}

/** Options of {@link getAuthorizationDetails}. */
export interface AuthorizationDetailsOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: IamProgress) => void;
  /** Items per page (MaxItems, 1–1000; default 1000). */
  readonly pageSize?: number;
}

/** The CLI's `get-account-authorization-details` output: the members the named who-can reads. */
export interface AuthorizationDetailsJson {
  readonly UserDetailList: unknown[];
  readonly GroupDetailList: unknown[];
  readonly RoleDetailList: unknown[];
  readonly Policies: unknown[];
}

/** Sends one GetAccountAuthorizationDetails page request (the IAM client, or a fake in tests). */
export type AuthorizationDetailsSender = (
  command: GetAccountAuthorizationDetailsCommand,
  options: { abortSignal?: AbortSignal },
) => Promise<GetAccountAuthorizationDetailsCommandOutput>;

/** Every entity type, AWS managed policies included (their documents decide as much as the account's own). */
const ALL_ENTITIES: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];

/** A policy document as IAM sends it (URL-encoded JSON) decoded into JSON, as the CLI prints it; kept as text when it is not JSON. */
export function decodePolicyDocument(document: unknown): unknown {
  if (typeof document !== 'string') return document;
  let text = document;
  try {
    text = decodeURIComponent(document);
  } catch {
    // Not URL-encoded (some endpoints send plain JSON): parse as it is.
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Item = Record<string, unknown>;

const withDocument = (item: Item, member: string): Item => (member in item ? { ...item, [member]: decodePolicyDocument(item[member]) } : item);
const inlinePolicies = (item: Item, list: string): Item =>
  Array.isArray(item[list]) ? { ...item, [list]: (item[list] as Item[]).map((p) => withDocument(p, 'PolicyDocument')) } : item;

/** One page's entities in the CLI's form. */
function cliForm(page: GetAccountAuthorizationDetailsCommandOutput): AuthorizationDetailsJson {
  const items = (list: unknown): Item[] => (Array.isArray(list) ? (list as Item[]) : []);
  return {
    UserDetailList: items(page.UserDetailList).map((u) => inlinePolicies(u, 'UserPolicyList')),
    GroupDetailList: items(page.GroupDetailList).map((g) => inlinePolicies(g, 'GroupPolicyList')),
    RoleDetailList: items(page.RoleDetailList).map((r) => withDocument(inlinePolicies(r, 'RolePolicyList'), 'AssumeRolePolicyDocument')),
    Policies: items(page.Policies).map((p) =>
      Array.isArray(p.PolicyVersionList) ? { ...p, PolicyVersionList: (p.PolicyVersionList as Item[]).map((v) => withDocument(v, 'Document')) } : p,
    ),
  };
}

/** Reads every page of the caller's account's authorization details. Throws AwsApiError (e.g. AccessDenied). */
export async function getAuthorizationDetails(send: AuthorizationDetailsSender, options: AuthorizationDetailsOptions = {}): Promise<AuthorizationDetailsJson> {
  const out: AuthorizationDetailsJson = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  let marker: string | undefined;
  let pages = 0;
  const seen = new Set<string>();
  do {
    const page = await call(
      'iam:GetAccountAuthorizationDetails',
      (o) =>
        send(new GetAccountAuthorizationDetailsCommand({ Filter: ALL_ENTITIES, MaxItems: options.pageSize ?? 1000, ...(marker ? { Marker: marker } : {}) }), o),
      options.signal,
    );
    const entities = cliForm(page);
    out.UserDetailList.push(...entities.UserDetailList);
    out.GroupDetailList.push(...entities.GroupDetailList);
    out.RoleDetailList.push(...entities.RoleDetailList);
    out.Policies.push(...entities.Policies);
    pages++;
    options.onProgress?.({
      pages,
      users: out.UserDetailList.length,
      groups: out.GroupDetailList.length,
      roles: out.RoleDetailList.length,
      policies: out.Policies.length,
    });
    marker = page.IsTruncated === true ? page.Marker : undefined;
    // A marker seen before would loop for ever: stop rather than trust it.
    if (marker !== undefined) {
      if (seen.has(marker)) throw new Error(`IAM returned the paging marker ${marker} twice; the authorization details were not read completely.`);
      seen.add(marker);
    }
  } while (marker !== undefined);
  return out;
}

/** The account the authorization details are of (from the first ARN in them), or undefined when they are empty. */
export function accountOfDetails(details: AuthorizationDetailsJson): string | undefined {
  for (const list of [details.RoleDetailList, details.UserDetailList, details.GroupDetailList]) {
    for (const item of list) {
      const arn = (item as Item).Arn;
      const account = typeof arn === 'string' ? arn.split(':')[4] : undefined;
      if (account && /^\d{12}$/.test(account)) return account;
    }
  }
  return undefined;
}

/**
 * The authorization details read in this session, per account: a second report on a key of the same account asks
 * IAM nothing. A failed or cancelled read is not kept, so the next report tries again.
 */
export class AuthorizationDetailsCache {
  private readonly byAccount = new Map<string, Promise<AuthorizationDetailsJson>>();

  /** The account's details, read with `read` the first time. */
  get(account: string, read: () => Promise<AuthorizationDetailsJson>): Promise<AuthorizationDetailsJson> {
    let entry = this.byAccount.get(account);
    if (entry === undefined) {
      entry = read();
      this.byAccount.set(account, entry);
      entry.catch(() => {
        if (this.byAccount.get(account) === entry) this.byAccount.delete(account);
      });
    }
    return entry;
  }

  /** Whether an account's details are held (or being read). */
  has(account: string): boolean {
    return this.byAccount.has(account);
  }

  clear(): void {
    this.byAccount.clear();
  }
}
