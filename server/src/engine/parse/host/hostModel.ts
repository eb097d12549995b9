/**
 * A host document: a CloudFormation template or a Terraform configuration (or plan) holding any number of KMS
 * keys, each with its policy as the file writes it. Each policy is written out as JSON on demand, for the key
 * facts of the caller (an account in the settings replaces the stand-in), and parsed into the PolicyDocument
 * every rule, feature and the simulator read; its source map leads each finding back to the host file.
 */
import type { PolicyDocument } from '../model';
import { parsePolicy } from '../parsePolicy';
import type { PolicyContext } from '../../settings';
import { renderPolicy, type RenderedPolicy } from './render';
import { withOpenPrincipals } from './openPrincipals';
import type { HostRange } from './sourceMap';
import type { SourceValue } from './sourceValue';

/** The host formats the engine reads besides a plain key-policy JSON file. */
export type HostFormat = 'cloudformation' | 'terraform' | 'terraform-plan';

/** A KMS key resource of the file. */
export interface KeyResource {
  /** The logical id (CloudFormation) or resource address (Terraform: `aws_kms_key.main`). */
  readonly id: string;
  /** `AWS::KMS::Key`, `AWS::KMS::ReplicaKey`, `aws_kms_key`, `aws_kms_key_policy`, `aws_kms_replica_key`… */
  readonly type: string;
  /** The whole resource. */
  readonly range: HostRange;
  /** Its name: where its lenses and outline entry go. */
  readonly idRange: HostRange;
}

/** How the host file writes a key's policy: as JSON text, or as YAML or HCL values. */
export type HostSyntax = 'json' | 'yaml' | 'hcl';

/** Where a key's policy comes from. */
export type PolicyOrigin =
  /** Written in the file (or in a file it reads, `file`): the policy as written, in `syntax`. */
  | { readonly kind: 'value'; readonly value: SourceValue; readonly syntax: HostSyntax; readonly file?: string }
  /** No policy: AWS applies the default key policy (the account's root, kms:*). */
  | { readonly kind: 'default' }
  /** A policy the file leaves open (a parameter, a variable, a module output): nothing to analyse. */
  | { readonly kind: 'open'; readonly range: HostRange; readonly label: string };

/** A problem reading the host file itself (its YAML or HCL syntax), or a file it reads. */
export interface HostProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/**
 * One key's policy written out as JSON for one set of key facts: its source map (`map` leads the JSON's offsets to
 * the host file), its open strings and the roles and users of the file it names, as rendered.
 */
export interface EmbeddedDocument extends Pick<RenderedPolicy, 'map' | 'opens' | 'refs'> {
  /** The policy as the engine reads it (its offsets are the JSON's). */
  readonly doc: PolicyDocument;
  /** The key facts to lint and analyse it with: the caller's, completed with what the file fixes. */
  readonly context: PolicyContext;
  /** True for the default key policy (no policy written). */
  readonly isDefault: boolean;
}

/** A key of the file and its policy. */
export class EmbeddedPolicy {
  private readonly rendered = new Map<string, EmbeddedDocument>();

  constructor(
    readonly resource: KeyResource,
    readonly origin: PolicyOrigin,
    /** The stand-in account for the key's own account when the caller gives none. */
    private readonly standInAccount: string,
  ) {}

  /** The policy as JSON for the caller's key facts (written once per set of facts), or undefined when open. */
  document(context: PolicyContext): EmbeddedDocument | undefined {
    if (this.origin.kind === 'open') return undefined;
    const key = `${context.account ?? ''}|${context.region ?? ''}|${context.partition ?? ''}`;
    let d = this.rendered.get(key);
    if (!d) {
      d = this.render(context);
      if (this.rendered.size > 8) this.rendered.clear();
      this.rendered.set(key, d);
    }
    return d;
  }

  private render(context: PolicyContext): EmbeddedDocument {
    const partition = context.partition ?? 'aws';
    const value = this.origin.kind === 'value' ? this.origin.value : defaultPolicy(this.resource.idRange);
    const r = renderPolicy(value, {
      account: context.account ?? this.standInAccount,
      ...(context.region ? { region: context.region } : {}),
      partition,
      urlSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    });
    const open = withOpenPrincipals(parsePolicy(r.text), r.opens, context.account ?? this.standInAccount, partition);
    const account = context.account ?? (r.usesAccount || open.patched ? this.standInAccount : undefined);
    // The key is created in the file's own account and Region: when both are known (or written as the file's
    // own), its ARN is too, so a Resource such as arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/* matches it.
    const region = context.region ?? r.regionText;
    const keyArn = context.keyArn ?? (account && region ? `arn:${partition}:kms:${region}:${account}:key/«${this.resource.id}»` : undefined);
    return {
      doc: open.doc,
      map: r.map,
      opens: r.opens,
      context: { ...context, ...(account ? { account } : {}), partition, ...(keyArn ? { keyArn } : {}) },
      refs: r.refs,
      isDefault: this.origin.kind === 'default',
    };
  }
}

/** What a host document adds to a PolicyDocument: the keys it declares. */
export interface HostModel {
  readonly format: HostFormat;
  readonly keys: readonly EmbeddedPolicy[];
  /** Problems of the host syntax (left to the editor's own language support; the CLI prints them). */
  readonly problems: readonly HostProblem[];
  /** The stand-in for the key's own account (twelve digits the file does not contain). */
  readonly standInAccount: string;
  /** How the file names the key's own account (`AWS::AccountId`, `data.aws_caller_identity.current.account_id`). */
  readonly accountLabel: string;
  /** How reports name the file: "this template", "this configuration". */
  readonly where: string;
}

/** A PolicyDocument that is a host file: its text is the template, its keys are in `host`. */
export interface HostDocument extends PolicyDocument {
  readonly host: HostModel;
}

/** True for a host document. */
export function isHostDocument(doc: PolicyDocument): doc is HostDocument {
  return (doc as Partial<HostDocument>).host !== undefined;
}

/** Twelve digits that do not occur in `text`, to stand for the key's own account. */
export function standInAccountFor(text: string): string {
  for (let d = 9; d >= 0; d--) {
    const candidate = String(d).repeat(12);
    if (!text.includes(candidate)) return candidate;
  }
  for (let n = 100000000000; ; n += 7919) if (!text.includes(String(n))) return String(n);
}

/** The default key policy AWS applies when none is given, anchored at the key's name. */
function defaultPolicy(at: HostRange): SourceValue {
  const s = (text: string): SourceValue => ({ kind: 'string', range: at, pieces: [{ kind: 'text', text, range: at, exact: false }] });
  const member = (name: string, value: SourceValue): { name: string; nameRange: HostRange; nameExact: boolean; value: SourceValue } => ({
    name,
    nameRange: at,
    nameExact: false,
    value,
  });
  const root: SourceValue = {
    kind: 'string',
    range: at,
    pieces: [
      { kind: 'text', text: 'arn:', range: at, exact: false },
      { kind: 'known', value: 'partition', range: at, label: 'partition' },
      { kind: 'text', text: ':iam::', range: at, exact: false },
      { kind: 'known', value: 'account', range: at, label: 'account' },
      { kind: 'text', text: ':root', range: at, exact: false },
    ],
  };
  const statement: SourceValue = {
    kind: 'object',
    range: at,
    members: [
      member('Sid', s('Enable IAM User Permissions')),
      member('Effect', s('Allow')),
      member('Principal', { kind: 'object', range: at, members: [member('AWS', root)] }),
      member('Action', s('kms:*')),
      member('Resource', s('*')),
    ],
  };
  return {
    kind: 'object',
    range: at,
    members: [member('Version', s('2012-10-17')), member('Id', s('key-default-1')), member('Statement', { kind: 'array', range: at, items: [statement] })],
  };
}
