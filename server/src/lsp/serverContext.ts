/**
 * What every handler is given: the connection, the open documents, their cached models, the settings and the
 * engine instance for a resource. Passed explicitly (no globals); server.ts builds the one instance.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PolicyService } from '../engine';
import type { DocumentModels } from './documentModels';
import type { SettingsCache } from './settings';

/** Everything a handler needs. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly models: DocumentModels;
  readonly settings: SettingsCache;
  /** The engine configured for a resource. */
  serviceFor(uri: string): Promise<PolicyService>;
  /** Whether the server serves this open document. */
  serves(document: TextDocument, service: PolicyService): boolean;
}
