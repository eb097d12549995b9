/**
 * The key account's IAM for the live "Who can decrypt (live)" report: read through the AWS module (every page,
 * cancellable, cached per account for the session), with progress in counts, and, when it cannot be had, the
 * sentence the report shows instead of names. No vscode: tested in test/client with a fake session.
 */
import { AwsApiError, accountOfDetails, isAbortError, type AwsSession, type IamProgress } from '../aws';
import type { IamFileJson } from '../../../shared/protocol';

/** What the report says when the credentials may not read IAM. */
export const IAM_DENIED = 'Your credentials may not read IAM (iam:GetAccountAuthorizationDetails): showing who can by account only.';

/** The live IAM data, or why there is none. */
export type LiveIam = { readonly iam: IamFileJson } | { readonly note: string };

/** The progress message after a page. */
export function iamProgressMessage(p: IamProgress): string {
  return `reading IAM: ${p.roles} roles, ${p.users} users, ${p.groups} groups, ${p.policies} policies (page ${p.pages})`;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

/**
 * Reads the IAM of `account` (the key's) with the session's credentials. Cancellation propagates (the report is
 * cancelled); any other failure becomes a note and the report falls back to who can by account.
 */
export async function liveIam(
  session: Pick<AwsSession, 'getAuthorizationDetails'>,
  account: string,
  signal: AbortSignal,
  report: (message: string) => void,
): Promise<LiveIam> {
  try {
    report('reading IAM authorization details…');
    const details = await session.getAuthorizationDetails(account, { signal, onProgress: (p) => report(iamProgressMessage(p)) });
    const of = accountOfDetails(details);
    if (of !== undefined && of !== account) {
      return { note: `These credentials read the IAM of account ${of}, not of the key's account ${account}: showing who can by account only.` };
    }
    return { iam: { name: `IAM of ${account} (read live)`, text: JSON.stringify(details) } };
  } catch (error) {
    if (isAbortError(error) || signal.aborted) throw error;
    if (error instanceof AwsApiError && DENIED.has(error.name)) return { note: IAM_DENIED };
    const why = error instanceof AwsApiError ? `${error.name}: ${error.message}` : error instanceof Error ? error.message : String(error);
    return { note: `IAM could not be read (${why}): showing who can by account only.` };
  }
}
