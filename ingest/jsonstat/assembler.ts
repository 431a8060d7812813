/**
 * Assembles the small members of a JSON-stat document (`id`, `size`, `dimension`, `extension`…) from
 * stream-json tokens into plain values, for the cell reader (decoder.ts), which never assembles the
 * two big members (`value`, `status`).
 */
import type { Token } from 'stream-json/core/parser.js';

/** A sub-document being assembled (root members other than the cells). */
export class Assembler {
  private readonly stack: (Record<string, unknown> | unknown[])[] = [];
  private key: string | undefined;
  done = false;
  result: unknown;

  push(token: Token): void {
    switch (token.name) {
      case 'startObject':
        return this.open({});
      case 'startArray':
        return this.open([]);
      case 'endObject':
      case 'endArray': {
        const closed = this.stack.pop();
        if (this.stack.length === 0) this.finish(closed);
        return;
      }
      case 'keyValue':
        this.key = token.value;
        return;
      case 'stringValue':
        return this.add(token.value);
      case 'numberValue':
        return this.add(Number(token.value));
      case 'nullValue':
        return this.add(null);
      case 'trueValue':
        return this.add(true);
      case 'falseValue':
        return this.add(false);
      default:
        return; // start/end markers of packed values
    }
  }

  private open(container: Record<string, unknown> | unknown[]): void {
    if (this.stack.length > 0) this.add(container);
    this.stack.push(container);
  }

  private add(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return this.finish(value);
    if (Array.isArray(top)) top.push(value);
    else top[this.key!] = value;
  }

  private finish(value: unknown): void {
    this.result = value;
    this.done = true;
  }
}
