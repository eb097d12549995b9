/**
 * SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format), shaped for GitHub code
 * scanning: one run, the whole rule pack under tool.driver.rules, one result per finding with a
 * 1-based region and an artifact URI relative to the working directory.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Rule, Severity } from '../engine';
import type { IoProblem } from './files';
import type { FileReport } from './report';

/** Where the SARIF schema lives (GitHub and editors resolve it from here). */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The tool's identity as SARIF reports it. */
export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
  /** Base URL of the rule pages; the code and `.md` are appended. */
  readonly docsBaseUrl: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Builds the SARIF log object for a lint run. */
export function buildSarif(reports: readonly FileReport[], rules: readonly Rule[], tool: ToolInfo, problems: readonly IoProblem[]): object {
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const results = reports.flatMap((r) =>
    r.diagnostics.map((d) => {
      const index = ruleIndex.get(d.code);
      return {
        ruleId: d.code,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(r.file) },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
            // In a template or Terraform file: the key, by logical id or resource address.
            ...(d.resource !== undefined ? { logicalLocations: [{ name: d.resource, kind: 'resource' }] } : {}),
          },
        ],
        properties: { name: d.name, pointer: d.pointer, ...(d.resource !== undefined ? { resource: d.resource } : {}) },
      };
    }),
  );
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(tool.version) ? { semanticVersion: tool.version } : {}),
            informationUri: tool.informationUri,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              helpUri: `${tool.docsBaseUrl}${r.code}.md`,
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: problems.length === 0,
            toolExecutionNotifications: problems.map((p) => ({
              level: 'error',
              message: { text: `cannot read ${p.display}: ${p.message}` },
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/**
 * The artifact URI for a reported path: a relative URI reference for paths under the working directory
 * (what GitHub code scanning maps to the repository), a file: URI for absolute paths.
 */
export function artifactUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
