/**
 * Reading the single inputs of `simulate` and `who-can`: a policy file (or `-` for standard input) and
 * JSON side files (request, grants, identity policies). Failures become InputError (exit status 2).
 */
import * as path from 'node:path';
import { UsageError } from './args';
import { EMPTY_PATH } from '../fileKind';
import { decode, MAX_FILE_BYTES, readText, tooLarge } from './files';
import { InputError, type PolicyDocument, type PolicyService } from '../engine';
import type { CliIo } from './io';
import { PROGRAM } from './version';

/** A text input and how to name it in messages. */
export interface TextInput {
  readonly text: string;
  readonly display: string;
}

/** Reads a file argument, or standard input for `-`. At most one argument of a run may be `-`. */
export async function readInput(arg: string, io: CliIo, what: string): Promise<TextInput> {
  if (arg === '-') {
    let bytes: Buffer;
    try {
      bytes = await io.readStdin();
    } catch (e) {
      throw new InputError(`cannot read ${what} from standard input: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (bytes.length > MAX_FILE_BYTES) throw new InputError(`cannot read ${what} from standard input: ${tooLarge(bytes.length)}`);
    return { text: decode(bytes), display: '<stdin>' };
  }
  if (arg === '') throw new InputError(`cannot read ${what}: ${EMPTY_PATH} (give a file, or - for standard input)`);
  const read = readText(path.resolve(io.cwd, arg));
  if ('error' in read) throw new InputError(`cannot read ${what} ${arg}: ${read.error}`);
  return { text: read.text, display: arg };
}

/** Reads and parses a JSON input; a syntax error names the input and the position. */
export async function readJsonInput(arg: string, io: CliIo, what: string): Promise<{ value: unknown; display: string }> {
  const input = await readInput(arg, io, what);
  try {
    return { value: JSON.parse(input.text.replace(/^\uFEFF/, '')) as unknown, display: input.display };
  } catch (e) {
    throw new InputError(`${what} ${input.display} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Refuses a command line that asks for standard input twice. */
export function checkOneStdin(args: readonly (string | undefined)[]): void {
  if (args.filter((a) => a === '-').length > 1) throw new UsageError('only one input can be read from standard input (-)');
}

/**
 * Parses the policy of a simulate / who-can run. A document that is not a JSON object is refused; syntax
 * problems in one that is are reported on stderr and the simulator works on what parsed.
 */
export function readPolicy(service: PolicyService, input: TextInput, io: CliIo, command: string): PolicyDocument {
  const doc = service.parse(input.text);
  // Too large to analyse: the simulator refuses it and says why.
  if (doc.structureOnly) return doc;
  if (!doc.policy) {
    const first = doc.syntaxProblems[0];
    const pos = first ? doc.positionAt(first.offset) : undefined;
    throw new InputError(
      `${input.display} is not a key policy${first && pos ? ` (${pos.line + 1}:${pos.character + 1}: ${first.message})` : ': the top level is not a JSON object'}`,
    );
  }
  if (doc.syntaxProblems.length > 0) {
    io.err(
      `${PROGRAM} ${command}: warning: ${input.display} has ${doc.syntaxProblems.length} syntax problem(s) KMS would reject (see '${PROGRAM} lint'); simulating what parses\n`,
    );
  }
  return doc;
}
