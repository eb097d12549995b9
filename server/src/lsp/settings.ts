/**
 * Per-resource settings (kmsKeyPolicy.*), fetched from the client when it supports workspace/configuration,
 * cached per URI until the configuration changes. Never global: each document gets its folder's settings.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { PolicySettings, SeverityOverride } from '../engine';

/** The server's view of the kmsKeyPolicy settings section. */
export interface ServerSettings {
  /** The key's account when a file alone does not say. */
  readonly account?: string;
  /** The key's Region. */
  readonly region?: string;
  /** Rule severity overrides by code or name. */
  readonly rules?: Readonly<Record<string, SeverityOverride>>;
  /** Debounce for diagnostics after a change, in ms (the first change is validated at once). */
  readonly validationDelay?: number;
  /** Code lenses on/off. */
  readonly codeLens?: boolean;
  /** IAM authorization-details files (kmsKeyPolicy.iam.authorizationFiles): relative to the folder, or absolute. */
  readonly iamFiles?: readonly string[];
  /** SCP/RCP files (kmsKeyPolicy.iam.organizationFiles). */
  readonly organizationFiles?: readonly string[];
}

const SEVERITIES = new Set(['off', 'error', 'warning', 'info', 'hint']);

/** Reads raw configuration into typed settings, dropping anything malformed. */
export function readSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeverityOverride> = {};
  if (r['rules'] && typeof r['rules'] === 'object') {
    for (const [k, v] of Object.entries(r['rules'] as Record<string, unknown>))
      if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as SeverityOverride;
  }
  const account = typeof r['account'] === 'string' && /^\d{12}$/.test(r['account']) ? r['account'] : undefined;
  const region = typeof r['region'] === 'string' && r['region'] !== '' ? r['region'] : undefined;
  const iam = (r['iam'] && typeof r['iam'] === 'object' ? r['iam'] : {}) as Record<string, unknown>;
  const paths = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
  const iamFiles = paths(iam['authorizationFiles']);
  const organizationFiles = paths(iam['organizationFiles']);
  const delay = typeof r['validationDelay'] === 'number' && r['validationDelay'] >= 0 ? r['validationDelay'] : undefined;
  return {
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    rules,
    ...(delay !== undefined ? { validationDelay: delay } : {}),
    codeLens: r['codeLens'] !== false,
    ...(iamFiles.length > 0 ? { iamFiles } : {}),
    ...(organizationFiles.length > 0 ? { organizationFiles } : {}),
  };
}

/** The engine settings for a resource. */
export function toPolicySettings(s: ServerSettings): PolicySettings {
  return {
    ...(s.rules ? { rules: s.rules } : {}),
    context: { ...(s.account ? { account: s.account } : {}), ...(s.region ? { region: s.region } : {}) },
  };
}

/** Fetches and caches settings per URI. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  constructor(
    private readonly connection: Connection,
    private supportsConfiguration: boolean,
    private defaults: ServerSettings,
  ) {}

  /** Called when the client announces its capabilities or sends new global settings. */
  configure(supportsConfiguration: boolean, defaults: ServerSettings): void {
    this.supportsConfiguration = supportsConfiguration;
    this.defaults = defaults;
    this.cache.clear();
  }

  /** New global settings from a configuration push (clients without workspace/configuration). */
  updateDefaults(defaults: ServerSettings): void {
    this.defaults = defaults;
    this.cache.clear();
  }

  /** Forgets everything (configuration changed). */
  clear(): void {
    this.cache.clear();
  }

  /** Forgets one document's settings (closed). */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** The settings for a resource. */
  get(uri: string): Promise<ServerSettings> {
    if (!this.supportsConfiguration) return Promise.resolve(this.defaults);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kmsKeyPolicy' }).then(readSettings, () => this.defaults);
      this.cache.set(uri, p);
    }
    return p;
  }
}
