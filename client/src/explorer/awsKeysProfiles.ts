/**
 * The AWS profiles a user can pick: section names of the shared config file (`[default]`,
 * `[profile NAME]`) and credentials file (`[NAME]`), read from AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE when set, else ~/.aws/config and ~/.aws/credentials. Only read: nothing
 * here writes a file or `process.env`. Credentials themselves are resolved later by the SDK (fromIni),
 * which also handles SSO; this module only lists names and what kind of profile each is.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** How a profile gets its credentials, as far as its section says. */
export type ProfileKind = 'sso' | 'role' | 'process' | 'static' | 'web-identity' | 'other';

/** One profile, merged across both files. */
export interface AwsProfile {
  readonly name: string;
  readonly kind: ProfileKind;
  /** The profile's `region`, if the config file sets one. */
  readonly region?: string;
  /** Which files define it. */
  readonly files: readonly ('config' | 'credentials')[];
}

/** Sections of an INI file: name → top-level key/value pairs (indented sub-properties are skipped). */
export function parseIniSections(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) continue;
    const header = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[#;].*)?$/.exec(raw);
    if (header) {
      current = sections.get(header[1]) ?? {};
      sections.set(header[1], current);
      continue;
    }
    if (current === undefined || /^\s/.test(raw)) continue;
    const pair = /^([^=]+?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (pair) current[pair[1].trim().toLowerCase()] = pair[2];
  }
  return sections;
}

function kindOf(values: Record<string, string>): ProfileKind {
  if (values.sso_session !== undefined || values.sso_start_url !== undefined) return 'sso';
  if (values.web_identity_token_file !== undefined) return 'web-identity';
  if (values.role_arn !== undefined) return 'role';
  if (values.credential_process !== undefined) return 'process';
  if (values.aws_access_key_id !== undefined) return 'static';
  return 'other';
}

/** The profile name a config-file section declares, or undefined for other sections (sso-session, services). */
function configProfileName(section: string): string | undefined {
  if (section === 'default') return 'default';
  const m = /^profile\s+(\S.*)$/.exec(section);
  return m ? m[1].trim() : undefined;
}

/** Profiles from the two files' texts, sorted with `default` first. */
export function profilesFrom(configText: string, credentialsText: string): AwsProfile[] {
  const merged = new Map<string, { values: Record<string, string>; files: ('config' | 'credentials')[] }>();
  const add = (name: string, values: Record<string, string>, file: 'config' | 'credentials'): void => {
    const entry = merged.get(name) ?? { values: {}, files: [] };
    Object.assign(entry.values, values);
    if (!entry.files.includes(file)) entry.files.push(file);
    merged.set(name, entry);
  };
  for (const [section, values] of parseIniSections(configText)) {
    const name = configProfileName(section);
    if (name !== undefined) add(name, values, 'config');
  }
  for (const [section, values] of parseIniSections(credentialsText)) {
    if (section !== '') add(section, values, 'credentials');
  }
  return [...merged.entries()]
    .map(([name, { values, files }]) => ({ name, kind: kindOf(values), ...(values.region ? { region: values.region } : {}), files }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** The two files' paths, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function sharedFilePaths(env: Readonly<Record<string, string | undefined>>, home: string): { config: string; credentials: string } {
  return {
    config: expandHome(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), home),
    credentials: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), home),
  };
}

async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Reads both files (a missing file counts as empty) and lists their profiles. */
export async function readProfiles(env: Readonly<Record<string, string | undefined>> = process.env, home: string = homedir()): Promise<AwsProfile[]> {
  const paths = sharedFilePaths(env, home);
  const [config, credentials] = await Promise.all([readIfPresent(paths.config), readIfPresent(paths.credentials)]);
  return profilesFrom(config, credentials);
}

/** Regions where AWS KMS is offered in the commercial partition, for the Region picker. */
export const KMS_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
];
