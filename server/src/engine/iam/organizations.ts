/**
 * Reads the organization's SCPs and RCPs with the accounts they apply to, in the layout docs/iam-join.md
 * describes: per account, the policies attached at each level of its OU path (root, OUs, the account), and
 * the policies' documents by id (`aws organizations describe-policy` output, its Content, or the document):
 *
 *   { "accounts": { "111122223333": { "scps": [["p-root"], ["p-ou"], ["p-acct"]], "rcps": [["p-rcp"]] } },
 *     "policies": { "p-root": { "Policy": { "PolicySummary": { "Name": "FullAWSAccess" }, "Content": "{…}" } } } }
 *
 * An account absent from the file has no guardrails supplied (the answer says so); an account present with no
 * "scps" has none supplied either, while `"scps": []` says it has none at all (the management account).
 */
import { InputError } from '../input/inputError';
import { isObject, type Json } from '../input/json';
import { policyRef } from './authDetails';
import { type IamFile, type AccountGuardrails, type OrgData, type OrgPolicy } from './model';

/** Reads SCP/RCP files (docs/iam-join.md) into guardrails by account. */
export function readOrganizations(files: readonly IamFile[]): OrgData {
  const accounts = new Map<string, AccountGuardrails>();
  for (const file of files) {
    let value: Json;
    try {
      value = JSON.parse(file.text) as Json;
    } catch (e) {
      throw new InputError(`${file.name}: not JSON (${(e as Error).message})`);
    }
    if (!isObject(value) || !isObject(value['accounts'])) {
      throw new InputError(`${file.name}: not an SCP/RCP file (expected {"accounts": {...}, "policies": {...}}, see docs/iam-join.md)`);
    }
    const docs = value['policies'] ?? {};
    if (!isObject(docs)) throw new InputError(`${file.name}: policies: not an object of policies by id`);
    const policies = new Map<string, OrgPolicy>();
    const policy = (id: string, where: string, kind: 'scp' | 'rcp'): OrgPolicy => {
      const known = policies.get(`${kind}|${id}`);
      if (known) return known;
      const entry = docs[id];
      if (entry === undefined) throw new InputError(`${where}: policy ${id} is not in "policies"`);
      const at = `${file.name}: policies.${id}`;
      const described = isObject(entry) && isObject(entry['Policy']) ? entry['Policy'] : entry;
      const summary = isObject(described) && isObject(described['PolicySummary']) ? described['PolicySummary'] : undefined;
      const content = isObject(described) && 'Content' in described ? described['Content'] : described;
      const name = typeof summary?.['Name'] === 'string' ? `${summary['Name']} (${id})` : id;
      // RCPs name principals ("Principal": "*"); SCPs never do.
      const ref = policyRef(name, content, at, kind === 'rcp' ? 'key' : 'identity');
      const p: OrgPolicy = { name, compiled: ref.compiled!, mayCover: ref.mayCover! };
      policies.set(`${kind}|${id}`, p);
      return p;
    };
    for (const [account, g] of Object.entries(value['accounts'])) {
      const where = `${file.name}: accounts.${account}`;
      if (!/^\d{12}$/.test(account)) throw new InputError(`${where}: not a 12-digit account id`);
      if (!isObject(g)) throw new InputError(`${where}: not an object with "scps" and/or "rcps"`);
      const levels = (kind: 'scp' | 'rcp'): (readonly OrgPolicy[])[] | undefined => {
        const v = g[`${kind}s`];
        if (v === undefined) return undefined;
        const at = `${where}.${kind}s`;
        if (!Array.isArray(v) || !v.every((l) => Array.isArray(l) && l.every((id) => typeof id === 'string'))) {
          throw new InputError(`${at}: not a list of levels (root, OUs, account), each a list of policy ids`);
        }
        return (v as string[][]).map((level, i) => level.map((id) => policy(id, `${at}[${i}]`, kind)));
      };
      const scps = levels('scp');
      const rcps = levels('rcp');
      const prev = accounts.get(account);
      accounts.set(account, { ...prev, ...(scps ? { scps } : {}), ...(rcps ? { rcps } : {}) });
    }
  }
  return { accounts, files: files.map((f) => f.name) };
}
