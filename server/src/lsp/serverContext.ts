/**
 * What every handler is given: the connection, the open documents, their cached models, the settings, the
 * engine instance for a resource and the analysis worker. Passed explicitly (no globals); server.ts builds
 * the one instance.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PolicyDocument, PolicyService } from '../engine';
import type { AnalysisHost } from './analysisHost';
import type { DocumentModels } from './documentModels';
import type { SettingsCache } from './settings';
import type { IamFilesFor } from './iamFiles';

/** Everything a handler needs. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly models: DocumentModels;
  readonly settings: SettingsCache;
  /** Where lint, lenses and the simulator's requests run, off the server's thread. */
  readonly analysis: AnalysisHost;
  /** The engine configured for a resource. */
  serviceFor(uri: string): Promise<PolicyService>;
  /** An open document's parsed model, or undefined when no such document is open. */
  openDocument(uri: string, service: PolicyService): PolicyDocument | undefined;
  /** Whether the server serves this open document. */
  serves(document: TextDocument, service: PolicyService): boolean;
  /** The workspace folders' paths (for settings naming files relative to a folder). */
  workspaceFolders(): readonly string[];
  /** IAM files a lens answer read: watched, and the lenses resolved again when one changes (iamFiles.ts). */
  watchIamFiles(files: IamFilesFor): void;
}
