/**
 * Terminal colour: on only when writing to a terminal, off when NO_COLOR is set (https://no-color.org),
 * forced by FORCE_COLOR; `--color` / `--no-color` decide over all of these.
 */
import type { CliIo } from './io';

/** Decides whether to colour standard output. `flag` is the command-line choice, if any. */
export function shouldColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdoutIsTTY;
}

/** SGR styles used by the text formats. */
export type Style = 'red' | 'yellow' | 'blue' | 'cyan' | 'green' | 'dim' | 'bold' | 'underline';

const SGR: Record<Style, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
  green: [32, 39],
  dim: [2, 22],
  bold: [1, 22],
  underline: [4, 24],
};

/** A painter: applies a style when colour is on, returns the text unchanged otherwise. */
export type Paint = (style: Style, text: string) => string;

/** Creates a painter for the given decision. */
export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => {
    const [on, off] = SGR[style];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  };
}
