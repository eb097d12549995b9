/**
 * What the AWS Keys view shows about a key, as plain data: labels, descriptions, context values, and
 * the detail rows under each key. Pure (no `vscode`): the tree turns rows into TreeItems, and the
 * unit tests check the wording and the rules (customer managed first, denied calls named) in Node.
 */
import type { KeyCost } from '../aws/cost';
import type { GrantJson } from '../../../shared/protocol';
import { isDenied, type DeniedCall, type KeyDetails, type KeyGrant, type KmsKeySummary } from '../aws/types';

/** One row under a key (or under a group row), with its children. */
export interface DetailRow {
  /** Unique among its siblings; the tree prefixes the parent's id. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  /** A codicon name. */
  readonly icon?: string;
  readonly contextValue?: string;
  readonly children?: readonly DetailRow[];
  /** The alias a `kmsAlias` row stands for. */
  readonly alias?: string;
  /** The grant a `kmsGrant` row stands for. */
  readonly grant?: KeyGrant;
}

/** The name a key goes by: its first alias, else its id. */
export function keyTitle(key: KmsKeySummary): string {
  return !isDenied(key.aliases) && key.aliases.length > 0 ? key.aliases[0] : key.id;
}

/** True for AWS managed keys (by DescribeKey, or by an `alias/aws/` alias when DescribeKey was denied). */
export function isAwsManaged(key: KmsKeySummary): boolean {
  if (!isDenied(key.details)) return key.details.manager === 'AWS';
  return !isDenied(key.aliases) && key.aliases.some((a) => a.startsWith('alias/aws/'));
}

/** The key's rotation, as a context-value suffix: on, off, or unsupported (unknown when denied). */
function rotationTag(key: KmsKeySummary): string {
  if (isDenied(key.rotation)) return 'rotation-unknown';
  if (!key.rotation.supported) return 'rotation-unsupported';
  return key.rotation.enabled ? 'rotation-on' : 'rotation-off';
}

const STATE_TAGS: Readonly<Record<string, string>> = { Enabled: 'enabled', Disabled: 'disabled', PendingDeletion: 'pendingDeletion' };

/**
 * The tree item's contextValue, matched by the view's menus:
 * `kmsKey.<customer|aws|unknown>.<enabled|disabled|pendingDeletion|other|unknown>.<rotation-…>`.
 */
export function keyContextValue(key: KmsKeySummary): string {
  const manager = isDenied(key.details) ? (isAwsManaged(key) ? 'aws' : 'unknown') : key.details.manager === 'AWS' ? 'aws' : 'customer';
  const state = isDenied(key.details) ? 'unknown' : (STATE_TAGS[key.details.state] ?? 'other');
  return `kmsKey.${manager}.${state}.${rotationTag(key)}`;
}

/** The short text beside a key's name. */
export function keyDescription(key: KmsKeySummary): string {
  const parts: string[] = [];
  if (isDenied(key.details)) parts.push(`details: ${key.details.denied} denied`);
  else {
    parts.push(stateText(key.details));
    parts.push(key.details.spec);
    if (key.details.multiRegion !== 'NONE') parts.push(`multi-Region ${key.details.multiRegion.toLowerCase()}`);
    if (key.details.manager === 'AWS') parts.push('AWS managed');
  }
  const aliases = isDenied(key.aliases) ? [] : key.aliases;
  if (aliases.length > 1) parts.push(`+${aliases.length - 1} alias${aliases.length > 2 ? 'es' : ''}`);
  if (aliases.length > 0) parts.push(key.id);
  return parts.join(' · ');
}

/** The codicon of a key: by state, or a warning when its details were denied. */
export function keyIcon(key: KmsKeySummary): string {
  if (isDenied(key.details)) return 'warning';
  if (key.details.state === 'PendingDeletion') return 'trash';
  if (key.details.state !== 'Enabled') return 'circle-slash';
  return key.details.manager === 'AWS' ? 'shield' : 'key';
}

/** Keys in the order the view shows them: customer managed first (by name), then AWS managed when shown. */
export function orderKeys(keys: readonly KmsKeySummary[], showAwsManaged: boolean): { keys: KmsKeySummary[]; hiddenAwsManaged: number } {
  const byName = (a: KmsKeySummary, b: KmsKeySummary): number => {
    const aHasAlias = keyTitle(a) !== a.id;
    const bHasAlias = keyTitle(b) !== b.id;
    if (aHasAlias !== bHasAlias) return aHasAlias ? -1 : 1;
    return keyTitle(a).localeCompare(keyTitle(b)) || a.id.localeCompare(b.id);
  };
  const customer = keys.filter((k) => !isAwsManaged(k)).sort(byName);
  const aws = keys.filter(isAwsManaged).sort(byName);
  return { keys: showAwsManaged ? [...customer, ...aws] : customer, hiddenAwsManaged: showAwsManaged ? 0 : aws.length };
}

/** "2026-03-04" (UTC), or "unknown". */
export function formatDate(date: Date | undefined): string {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : 'unknown';
}

/** "kms:ListGrants denied" for access denials, "kms:ListGrants failed (NotFoundException)" otherwise. */
export function deniedLabel(call: DeniedCall): string {
  return call.code === 'AccessDeniedException' ? `${call.denied} denied` : `${call.denied} failed (${call.code})`;
}

/** The whole failure, verbatim, for a tooltip. */
export function deniedTooltip(call: DeniedCall): string {
  return `**${call.denied}** failed with **${call.code}**:\n\n${call.message}`;
}

function deniedRow(id: string, what: string, call: DeniedCall): DetailRow {
  return { id, label: `${what}: ${deniedLabel(call)}`, description: call.message, tooltip: deniedTooltip(call), icon: 'warning' };
}

function stateText(d: KeyDetails): string {
  return d.state === 'PendingDeletion' ? 'Pending deletion' : d.state;
}

function contextText(context: Readonly<Record<string, string>>): string {
  return Object.entries(context)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** A grant's encryption-context constraints in words, or undefined when it has none. */
export function grantConstraintsText(grant: KeyGrant): string | undefined {
  const c = grant.constraints;
  const parts: string[] = [];
  if (c?.encryptionContextEquals) parts.push(`encryption context equals {${contextText(c.encryptionContextEquals)}}`);
  if (c?.encryptionContextSubset) parts.push(`encryption context includes {${contextText(c.encryptionContextSubset)}}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function grantRow(grant: KeyGrant): DetailRow {
  const constraints = grantConstraintsText(grant);
  const children: DetailRow[] = [
    { id: 'grantee', label: `Grantee: ${grant.grantee}`, icon: 'person' },
    { id: 'operations', label: `Operations: ${grant.operations.join(', ')}`, icon: 'symbol-method' },
    { id: 'constraints', label: `Constraints: ${constraints ?? 'none'}`, icon: 'filter' },
    { id: 'retiring', label: `Retiring principal: ${grant.retiringPrincipal ?? 'none'}`, icon: 'person' },
    ...(grant.name ? [{ id: 'name', label: `Name: ${grant.name}`, icon: 'tag' }] : []),
    { id: 'id', label: `Grant id: ${grant.id}`, icon: 'symbol-key' },
    { id: 'created', label: `Created: ${formatDate(grant.creationDate)}`, icon: 'calendar' },
  ];
  return {
    id: `grant:${grant.id}`,
    label: grant.grantee,
    description: grant.operations.join(', '),
    icon: 'unlock',
    contextValue: 'kmsGrant',
    grant,
    tooltip: [
      `**Grant** ${grant.name ? `${grant.name} ` : ''}(\`${grant.id}\`)`,
      '',
      `Grantee: ${grant.grantee}`,
      '',
      `Operations: ${grant.operations.join(', ')}`,
      '',
      `Constraints: ${constraints ?? 'none'}`,
      '',
      `Retiring principal: ${grant.retiringPrincipal ?? 'none'}`,
    ].join('\n'),
    children,
  };
}

function rotationRow(key: KmsKeySummary): DetailRow {
  const r = key.rotation;
  if (isDenied(r)) return deniedRow('rotation', 'Rotation', r);
  if (!r.supported)
    return {
      id: 'rotation',
      label: 'Rotation: not available for this key',
      description: 'asymmetric, HMAC, imported, custom key store or replica keys do not rotate automatically',
      icon: 'sync-ignored',
    };
  if (!r.enabled) return { id: 'rotation', label: 'Rotation: off', icon: 'sync-ignored' };
  return {
    id: 'rotation',
    label: 'Rotation: on',
    icon: 'sync',
    description: `every ${r.periodDays ?? 365} days · next ${formatDate(r.nextRotationDate)}`,
  };
}

/** The monthly cost row of a key, with the basis of the figure. */
function costRow(cost: KeyCost | undefined, assumptions: readonly string[]): DetailRow | undefined {
  if (cost === undefined) return undefined;
  return {
    id: 'cost',
    label: `Estimated cost: $${cost.usdPerMonth.toFixed(2)}/month`,
    description: cost.basis,
    icon: 'credit-card',
    tooltip: [
      `**Estimated monthly cost:** $${cost.usdPerMonth.toFixed(2)}`,
      '',
      cost.basis,
      '',
      '**Assumptions**',
      '',
      ...assumptions.map((a) => `- ${a}`),
    ].join('\n'),
  };
}

/** The rows under a key: aliases, state, spec, origin, multi-Region, rotation, grants, tags, dates, cost. */
export function keyDetailRows(key: KmsKeySummary, cost?: KeyCost, assumptions: readonly string[] = []): DetailRow[] {
  const rows: DetailRow[] = [];
  const add = (row: DetailRow | undefined): void => {
    if (row) rows.push(row);
  };
  add({ id: 'arn', label: `ARN: ${key.arn}`, icon: 'link' });
  if (isDenied(key.aliases)) add(deniedRow('aliases', 'Aliases', key.aliases));
  else {
    add({
      id: 'aliases',
      label: `Aliases (${key.aliases.length})`,
      icon: 'symbol-constant',
      description: key.aliases.length === 0 ? 'none' : undefined,
      children: key.aliases.map((alias) => ({
        id: `alias:${alias}`,
        label: alias,
        icon: 'symbol-constant',
        contextValue: 'kmsAlias',
        alias,
      })),
    });
  }
  const d = key.details;
  if (isDenied(d)) add(deniedRow('details', 'Details', d));
  else {
    if (d.description) add({ id: 'description', label: `Description: ${d.description}`, icon: 'note' });
    add({
      id: 'state',
      label: `State: ${stateText(d)}`,
      icon: keyIcon(key),
      description:
        d.state === 'PendingDeletion'
          ? `deleted on ${formatDate(d.deletionDate)}${d.pendingWindowDays ? ` (${d.pendingWindowDays}-day waiting period)` : ''}`
          : undefined,
    });
    add({ id: 'spec', label: `Key spec: ${d.spec}`, description: `usage ${d.usage}`, icon: 'symbol-key' });
    add({ id: 'origin', label: `Origin: ${d.origin}`, icon: 'package' });
    add({
      id: 'multiRegion',
      label: `Multi-Region: ${d.multiRegion === 'NONE' ? 'no (single-Region key)' : d.multiRegion.toLowerCase()}`,
      icon: 'globe',
    });
    add({ id: 'manager', label: `Managed by: ${d.manager === 'AWS' ? 'AWS' : 'customer'}`, icon: 'organization' });
  }
  add(rotationRow(key));
  if (isDenied(key.grants)) add(deniedRow('grants', 'Grants', key.grants));
  else
    add({
      id: 'grants',
      label: `Grants (${key.grants.length})`,
      description: key.grants.length === 0 ? 'none' : undefined,
      icon: 'unlock',
      children: key.grants.map(grantRow),
    });
  if (isDenied(key.tags)) add(deniedRow('tags', 'Tags', key.tags));
  else {
    add({
      id: 'tags',
      label: `Tags (${key.tags.length})`,
      description: key.tags.length === 0 ? 'none' : undefined,
      icon: 'tag',
      children: key.tags.map((t) => ({ id: `tag:${t.key}`, label: `${t.key} = ${t.value}`, icon: 'tag' })),
    });
  }
  if (!isDenied(d)) {
    add({ id: 'created', label: `Created: ${formatDate(d.creationDate)}`, icon: 'calendar' });
    if (d.deletionDate) add({ id: 'deletion', label: `Deletion date: ${formatDate(d.deletionDate)}`, icon: 'trash' });
  }
  add(costRow(cost, assumptions));
  return rows;
}

/** A key's hover: what it is, and any part that could not be read. */
export function keyTooltip(key: KmsKeySummary, cost?: KeyCost): string {
  const lines = [`**${keyTitle(key)}**`, '', `\`${key.arn}\``];
  const d = key.details;
  if (!isDenied(d)) {
    lines.push(
      '',
      `${stateText(d)} · ${d.spec} · ${d.usage} · origin ${d.origin}${d.multiRegion !== 'NONE' ? ` · multi-Region ${d.multiRegion.toLowerCase()}` : ''}`,
    );
    if (d.description) lines.push('', d.description);
  }
  const denied = [key.aliases, key.details, key.rotation, key.grants, key.tags].filter(isDenied);
  for (const call of denied) lines.push('', `$(warning) ${deniedLabel(call)}: ${call.message}`);
  if (cost) lines.push('', `Estimated cost: $${cost.usdPerMonth.toFixed(2)}/month (${cost.basis})`);
  return lines.join('\n');
}

/** A grant as KMS ListGrants returns it: the shape the language server's who-can request reads. */
export function grantForWhoCan(grant: KeyGrant): GrantJson | undefined {
  if (grant.grantee === '' || grant.operations.length === 0) return undefined;
  const constraints: {
    EncryptionContextEquals?: Readonly<Record<string, string>>;
    EncryptionContextSubset?: Readonly<Record<string, string>>;
  } = {};
  if (grant.constraints?.encryptionContextEquals) constraints.EncryptionContextEquals = grant.constraints.encryptionContextEquals;
  if (grant.constraints?.encryptionContextSubset) constraints.EncryptionContextSubset = grant.constraints.encryptionContextSubset;
  return {
    GrantId: grant.id,
    ...(grant.name ? { Name: grant.name } : {}),
    GranteePrincipal: grant.grantee,
    Operations: [...grant.operations],
    ...(Object.keys(constraints).length > 0 ? { Constraints: constraints } : {}),
    ...(grant.retiringPrincipal ? { RetiringPrincipal: grant.retiringPrincipal } : {}),
    ...(grant.issuingAccount ? { IssuingAccount: grant.issuingAccount } : {}),
  };
}

/** The names a user may type to confirm deleting a key: its aliases and its id. */
export function confirmationNames(key: KmsKeySummary): string[] {
  return [...(isDenied(key.aliases) ? [] : key.aliases), key.id];
}
