/**
 * The channel the server talks over, chosen from its command line as vscode-languageserver would choose it
 * (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`), with two guards the library does not give:
 *
 * - Byte streams are read by StrictMessageReader: a malformed header is logged on stderr and the server exits
 *   with status 1, instead of living on without reading anything more.
 * - Until `initialize` arrives, requests are answered ServerNotInitialized (-32002) and notifications other
 *   than `exit` are dropped, as LSP asks ("Initialize Request"); the library would run them.
 */
import * as net from 'node:net';
import { format } from 'node:util';
import {
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { MalformedHeaderError, StrictMessageReader } from './messageReader';

/** A reader and a writer, and whether they are the process's stdio. */
export interface Transport {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
  readonly stdio: boolean;
}

/** What the server writes on stderr before it exits for a malformed header. */
export const PROGRAM_NAME = 'kms-key-policy-language-server';

/** The transport named by the command line, or undefined when it names none. */
export function transportFromArgs(argv: readonly string[]): Transport | undefined {
  const value = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    const arg = argv[i] as string;
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  };
  if (argv.includes('--stdio')) return { reader: new StrictMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
  if (argv.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
  const port = value('--socket');
  const pipe = value('--pipe');
  const socket = port !== undefined ? net.createConnection(Number(port), '127.0.0.1') : pipe !== undefined ? net.createConnection(pipe) : undefined;
  return socket ? { reader: new StrictMessageReader(socket), writer: new StreamMessageWriter(socket), stdio: false } : undefined;
}

/**
 * Guards a transport: the reader answers -32002 until `initialize` (see above), a malformed header ends the
 * process (status 1) after a line on stderr, other read errors are logged there, and the end of the input ends
 * the process (status 0 after `shutdown`, 1 otherwise, as the library does for stdio).
 */
export function guardTransport(transport: Transport, shutDown: () => boolean): Transport {
  const { reader, writer } = transport;
  reader.onError((e) => {
    if (e instanceof MalformedHeaderError) {
      process.stderr.write(`${PROGRAM_NAME}: malformed message header (${e.message}); the message stream cannot be trusted any more, exiting\n`);
      process.exit(1);
    }
    process.stderr.write(`${PROGRAM_NAME}: ${e.message}\n`);
  });
  reader.onClose(() => process.exit(shutDown() ? 0 : 1));
  // stdout is the channel under --stdio: a stray console.log from a dependency would corrupt it.
  if (transport.stdio) console.log = console.info = console.debug = (...args: unknown[]) => process.stderr.write(`${format(...args)}\n`);
  return { ...transport, reader: untilInitialized(reader, writer) };
}

/** A reader that passes nothing on before `initialize` but `exit`, answering requests -32002. */
function untilInitialized(reader: MessageReader, writer: MessageWriter): MessageReader {
  let initialized = false;
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen(callback: DataCallback): Disposable {
      return reader.listen((message) => {
        if (initialized) return callback(message);
        if (Message.isRequest(message) && message.method === 'initialize') {
          initialized = true;
          return callback(message);
        }
        if (Message.isRequest(message)) {
          void writer.write({
            jsonrpc: '2.0',
            id: message.id,
            error: {
              code: ErrorCodes.ServerNotInitialized,
              message: `The server is not initialized: send "initialize" before "${message.method}".`,
            },
          } as Message);
        } else if (Message.isNotification(message) && message.method === 'exit') callback(message);
      });
    },
  };
}
