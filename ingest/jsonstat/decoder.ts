/**
 * The one JSON-stat 2.0 cell reader (Eurostat and PX-Web): a push-style decoder fed the body chunk by
 * chunk as it arrives. Pure: no I/O; what it is fed and what it hands on are all there is.
 *
 * The two big members, `value` and `status`, are never assembled: each cell is handed to a sink as
 * soon as its tokens are complete (`value(index, number)`, `status(index, flag)`), whatever form
 * JSON-stat allows them in (a sparse object keyed by the flat cell index, Eurostat's; a dense array,
 * PX-Web's; a single status string for every cell). Everything else -- `id`, `size`, `dimension`,
 * `role`, `extension`, labels -- is small and assembled into `header`. Members may come in any order
 * (Eurostat sends `dimension` after `value`), so the decoder never needs the dimensions to read cells:
 * the flat index is resolved to category codes later (cells.ts), once the header is complete.
 *
 * Tokens come from stream-json's push parser (`jsonParser`, no stream machinery): measured against
 * @streamparser/json in docs/eurostat.md.
 */
import { StringDecoder } from 'node:string_decoder';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { IngestError } from '../../data/errors.js';
import { Assembler } from './assembler.js';

/** Characters handed to the parser at a time. */
const SLICE = 8192;

/** Receives the cells of `value` and `status` as they are decoded; null cells are not passed on. */
export interface CellSink {
  value(index: number, value: number): void;
  status(index: number, flag: string): void;
}

/** How a cell member was written: absent, a sparse object, a dense array, or (status) one string. */
export interface CellMemberShape {
  form: 'absent' | 'object' | 'array' | 'string' | 'null';
  /** Array length (dense form), else the number of keys. */
  length: number;
}

export interface JsonStatHeader {
  /** Every root member except `value` and `status`, as parsed. */
  fields: Record<string, unknown>;
  value: CellMemberShape;
  status: CellMemberShape;
  /** The one status of every cell, when `status` is a string. */
  statusAll?: string;
}

type Mode =
  | { kind: 'start' } // before the root object
  | { kind: 'root'; expectKey: true }
  | { kind: 'member'; name: string; assembler: Assembler }
  | { kind: 'cells-start'; member: 'value' | 'status' }
  | { kind: 'cells-object'; member: 'value' | 'status'; index: number | undefined }
  | { kind: 'cells-array'; member: 'value' | 'status'; position: number }
  | { kind: 'end' };

/** A flat cell index as written in a sparse object key: a non-negative integer. */
function cellIndex(key: string, member: string, where: string): number {
  const n = Number(key);
  if (!Number.isSafeInteger(n) || n < 0 || key.trim() === '') {
    throw new IngestError('schema', `${where}: '${member}' has the key ${JSON.stringify(key)}, not a cell index`);
  }
  return n;
}

export class JsonStatDecoder {
  private readonly parse = jsonParser({ packValues: true, streamValues: false });
  private readonly text = new StringDecoder('utf8');
  private mode: Mode = { kind: 'start' };
  private readonly fields: Record<string, unknown> = {};
  private readonly shapes: Record<'value' | 'status', CellMemberShape> = {
    value: { form: 'absent', length: 0 },
    status: { form: 'absent', length: 0 },
  };
  private statusAll: string | undefined;
  private started = false;
  private sawToken = false;

  constructor(
    private readonly sink: CellSink,
    private readonly where: string,
  ) {}

  /** Feeds the next piece of the body (bytes in any split, or text). */
  write(chunk: Buffer | Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : this.text.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    if (!this.started && text.length > 0) {
      // The parser refuses a byte-order mark; some servers and editors write one.
      text = text.replace(/^\uFEFF/, '');
      if (text.trim() === '') return;
      this.started = true;
    }
    // A slice at a time: a whole chunk's tokens alive at once survive young-generation GCs and pile
    // up in the old generation until a full GC (measured in docs/eurostat.md).
    for (let at = 0; at < text.length; at += SLICE) this.tokens(this.run(text.slice(at, at + SLICE)));
  }

  /** The body has ended: the header, or a typed error when the document is empty, cut off or invalid. */
  end(): JsonStatHeader {
    const rest = this.text.end();
    if (rest) this.write(rest);
    if (!this.sawToken) throw new IngestError('empty', `${this.where}: empty body where JSON-stat was expected`);
    if (this.mode.kind !== 'end') {
      throw new IngestError('truncated', `${this.where}: the JSON ends before it is complete (inside ${this.describePosition()})`);
    }
    // No flush of the parser: the root object has closed, which is all a complete document needs
    // (trailing text after it already failed in write()).
    return { fields: this.fields, value: this.shapes.value, status: this.shapes.status, statusAll: this.statusAll };
  }

  private run(input: string): Token[] {
    let out: unknown;
    try {
      out = this.parse(input);
    } catch (err) {
      throw new IngestError('invalid', `${this.where}: not valid JSON (${(err as Error).message})`);
    }
    // stream-chain's many(): { values: Token[] }, or its `none` symbol when nothing came out.
    return typeof out === 'object' && out !== null ? (out as { values: Token[] }).values : [];
  }

  private describePosition(): string {
    const m = this.mode;
    if (m.kind === 'member') return `'${m.name}'`;
    if (m.kind === 'cells-object' || m.kind === 'cells-array' || m.kind === 'cells-start') return `'${m.member}'`;
    return 'the dataset';
  }

  private tokens(tokens: Token[]): void {
    for (const token of tokens) this.token(token);
  }

  private token(token: Token): void {
    this.sawToken = true;
    const m = this.mode;
    switch (m.kind) {
      case 'start':
        if (token.name !== 'startObject') throw new IngestError('schema', `${this.where}: not a JSON-stat dataset (the body is not a JSON object)`);
        this.mode = { kind: 'root', expectKey: true };
        return;
      case 'root':
        if (token.name === 'endObject') {
          this.mode = { kind: 'end' };
          return;
        }
        if (token.name !== 'keyValue') return;
        if (token.value === 'value' || token.value === 'status') this.mode = { kind: 'cells-start', member: token.value };
        else this.mode = { kind: 'member', name: token.value, assembler: new Assembler() };
        return;
      case 'member':
        m.assembler.push(token);
        if (m.assembler.done) {
          this.fields[m.name] = m.assembler.result;
          this.mode = { kind: 'root', expectKey: true };
        }
        return;
      case 'cells-start':
        return this.cellsStart(m.member, token);
      case 'cells-object':
        if (token.name === 'endObject') {
          this.mode = { kind: 'root', expectKey: true };
          return;
        }
        if (token.name === 'keyValue') {
          m.index = cellIndex(token.value, m.member, this.where);
          this.shapes[m.member].length++;
          return;
        }
        this.cell(m.member, m.index!, token);
        return;
      case 'cells-array':
        if (token.name === 'endArray') {
          this.shapes[m.member].length = m.position;
          this.mode = { kind: 'root', expectKey: true };
          return;
        }
        if (this.cell(m.member, m.position, token)) m.position++;
        return;
      case 'end':
        return; // only the parser's own end markers can follow
    }
  }

  private cellsStart(member: 'value' | 'status', token: Token): void {
    const shape = this.shapes[member];
    if (token.name === 'startObject') {
      shape.form = 'object';
      this.mode = { kind: 'cells-object', member, index: undefined };
    } else if (token.name === 'startArray') {
      shape.form = 'array';
      this.mode = { kind: 'cells-array', member, position: 0 };
    } else if (token.name === 'stringValue' && member === 'status') {
      shape.form = 'string';
      this.statusAll = token.value;
      this.mode = { kind: 'root', expectKey: true };
    } else if (token.name === 'nullValue') {
      shape.form = 'null';
      this.mode = { kind: 'root', expectKey: true };
    } else if (token.name.startsWith('start') || token.name.startsWith('end')) {
      return; // packed-value markers before the value itself
    } else {
      throw new IngestError('schema', `${this.where}: '${member}' is neither an object nor an array`);
    }
  }

  /** One cell's value token; true when it was a value (not a packing marker). */
  private cell(member: 'value' | 'status', index: number, token: Token): boolean {
    switch (token.name) {
      case 'numberValue':
        if (member === 'status') this.sink.status(index, token.value);
        else this.sink.value(index, Number(token.value));
        return true;
      case 'stringValue':
        if (member === 'value') throw new IngestError('schema', `${this.where}: 'value' holds the string ${JSON.stringify(token.value)} at cell ${index}, not a number`);
        this.sink.status(index, token.value);
        return true;
      case 'nullValue':
        return true;
      case 'startObject':
      case 'startArray':
      case 'trueValue':
      case 'falseValue':
        throw new IngestError('schema', `${this.where}: '${member}' holds something other than a ${member === 'value' ? 'number' : 'string'} at cell ${index}`);
      default:
        return false;
    }
  }
}

/** Cells kept in memory, for small documents and tests: index -> value and flag. */
export class MemoryCells implements CellSink {
  readonly cells = new Map<number, { value: number | null; flag: string | null }>();

  value(index: number, value: number): void {
    const c = this.cells.get(index);
    if (c) c.value = value;
    else this.cells.set(index, { value, flag: null });
  }

  status(index: number, flag: string): void {
    const c = this.cells.get(index);
    if (c) c.flag = flag;
    else this.cells.set(index, { value: null, flag });
  }

  /** Cells in index order, as the resolver wants them. */
  *sorted(): Generator<StagedCell> {
    const keys = [...this.cells.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const c = this.cells.get(k)!;
      yield [k, c.value, c.flag];
    }
  }
}

/** [flat index, value or null, flag or null] */
export type StagedCell = [number, number | null, string | null];

/** Decodes a whole document held in memory (a file read at once, a test body) into `sink`. */
export function decodeJsonStat(input: string | Buffer | Uint8Array, sink: CellSink, where: string): JsonStatHeader {
  const decoder = new JsonStatDecoder(sink, where);
  decoder.write(input);
  return decoder.end();
}
