/**
 * Everything the CLI takes from its process, in one place: the commands read the environment and write
 * output only through this, so they can be run in-process with captured streams.
 */
/** The process surroundings of one CLI run. */
export interface CliIo {
  /** The working directory (paths in reports are relative to it). */
  readonly cwd: string;
  /** The environment (NO_COLOR, FORCE_COLOR). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when standard output is a terminal. */
  readonly stdoutIsTTY: boolean;
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Reads all of standard input as bytes. */
  readStdin(): Promise<Buffer>;
  /** The CLI's entry script, which worker threads run for a parallel lint; absent in-process (no workers). */
  readonly entry?: string;
}

/** The real process; `entry` is the CLI's entry script. */
export function nodeIo(entry: string): CliIo {
  return {
    entry,
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readStdin: () => readStream(process.stdin),
  };
}

function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
