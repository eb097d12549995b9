/**
 * A Terraform plan as JSON (`terraform show -json PLANFILE`) → its KMS keys: every resource of a key type in
 * `planned_values.root_module` and its `child_modules`, by address, with `values.policy` (the policy as Terraform
 * will send it, a JSON string) read with exact positions in the plan. A policy `resource_changes[].change.after_unknown`
 * marks as unknown is open ("known after apply").
 */
import type { Node as JsonNode } from 'jsonc-parser';
import { EmbeddedPolicy, standInAccountFor, type HostModel, type PolicyOrigin } from '../host/hostModel';
import { jsonStringPieces } from '../host/jsonStringPieces';
import { TERRAFORM_KEY_TYPES } from './readTerraform';

function member(node: JsonNode | undefined, name: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === name) return p.children[1];
  return undefined;
}

/** True when a JSON document is a plan: a format_version and planned values or resource changes. */
export function isPlanJson(root: JsonNode | undefined): boolean {
  return member(root, 'format_version') !== undefined && (member(root, 'planned_values') !== undefined || member(root, 'resource_changes') !== undefined);
}

/** The addresses whose policy the plan marks as known only after apply. */
function unknownPolicies(root: JsonNode): Set<string> {
  const out = new Set<string>();
  for (const rc of member(root, 'resource_changes')?.children ?? []) {
    const address = member(rc, 'address')?.value;
    const unknown = member(member(member(rc, 'change'), 'after_unknown'), 'policy');
    if (typeof address === 'string' && unknown?.type === 'boolean' && unknown.value === true) out.add(address);
  }
  return out;
}

/** Reads a plan's keys from its jsonc tree. */
export function readPlan(text: string, root: JsonNode): HostModel {
  const standIn = standInAccountFor(text);
  const unknown = unknownPolicies(root);
  const keys: EmbeddedPolicy[] = [];
  const walk = (module: JsonNode | undefined, depth: number): void => {
    if (!module || depth > 64) return;
    for (const r of member(module, 'resources')?.children ?? []) {
      const type = member(r, 'type')?.value;
      const addressNode = member(r, 'address');
      const address = addressNode?.value;
      if (typeof type !== 'string' || !TERRAFORM_KEY_TYPES.has(type) || typeof address !== 'string' || member(r, 'mode')?.value === 'data') continue;
      const policy = member(member(r, 'values'), 'policy');
      const range = { start: r.offset, end: r.offset + r.length };
      const idRange = { start: addressNode!.offset + 1, end: addressNode!.offset + addressNode!.length - 1 };
      let origin: PolicyOrigin;
      if (policy?.type === 'string' && policy.value !== '') {
        origin = {
          kind: 'value',
          value: {
            kind: 'jsonText',
            range: { start: policy.offset, end: policy.offset + policy.length },
            pieces: jsonStringPieces(text, policy.offset, policy.offset + policy.length),
          },
          syntax: 'json',
        };
      } else if (unknown.has(address)) origin = { kind: 'open', range, label: `${address}.policy (known after apply)` };
      else origin = { kind: 'default' };
      keys.push(new EmbeddedPolicy({ id: address, type, range, idRange }, origin, standIn));
    }
    for (const child of member(module, 'child_modules')?.children ?? []) walk(child, depth + 1);
  };
  walk(member(member(root, 'planned_values'), 'root_module'), 0);
  return {
    format: 'terraform-plan',
    keys,
    problems: [],
    standInAccount: standIn,
    accountLabel: 'the deploying account',
    where: 'this plan',
  };
}
