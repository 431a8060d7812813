/**
 * The UI's messages: one catalogue file per language in `messages/` (en.ts defines the keys; every
 * other file is typed `Catalogue`, so a missing key is a type error), loaded once before a page is
 * drawn. Placeholders are `{name}`; a message whose text depends on a count is an object of
 * Intl.PluralRules categories (`one`, `other`, …) chosen by `params.count`. Numbers and dates are
 * formatted with Intl in the UI language. See docs/web.md ("Languages").
 */
import type { Catalogue, Message, MessageKey } from './messages/en.js';

export type { MessageKey } from './messages/en.js';
export type Params = Record<string, string | number>;

let locale = 'en';
let catalogue: Catalogue | null = null;
let plurals = new Intl.PluralRules('en');
/** The locale given to Intl: British English for 'en' (29 Apr 2026, 'A, B and C'), else the language itself. */
const intl = () => (locale === 'en' ? 'en-GB' : locale);

/** The UI language in use (a language with a catalogue; English when the chosen one has none). */
export const uiLang = (): string => locale;

/**
 * Loads the catalogue of `lang` (English when `available`, the languages with a catalogue, lacks it);
 * returns the language used. No DOM here: this module is also run in Node by the unit tests.
 */
export async function loadMessages(lang: string, available: readonly string[]): Promise<string> {
  const use = available.includes(lang) ? lang : 'en';
  // A computed import: the language list is the server's, so adding a catalogue needs no code change here.
  const module = (await import(`./messages/${use}.js`)) as { messages: Catalogue };
  useMessages(use, module.messages);
  return use;
}

/** Sets the catalogue directly (loadMessages, and tests of pure modules). */
export function useMessages(lang: string, messages: Catalogue): void {
  locale = lang;
  catalogue = messages;
  plurals = new Intl.PluralRules(lang);
}

function pick(message: Message, count: unknown): string {
  if (typeof message === 'string') return message;
  if (typeof count === 'number') {
    if (count === 0 && message.zero !== undefined) return message.zero;
    return message[plurals.select(count)] ?? message.other;
  }
  return message.other;
}

/** The message `key` in the UI language with its placeholders filled (numbers formatted for the language). */
export function t(key: MessageKey, params: Params = {}): string {
  if (!catalogue) throw new Error('i18n: t() called before loadMessages()');
  const text = pick(catalogue[key], params.count);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatInteger(value) : value;
  });
}

/** A whole number with the language's grouping (1,234 / 1 234 / 1.234). */
export function formatInteger(value: number): string {
  return new Intl.NumberFormat(intl(), { maximumFractionDigits: 0 }).format(value);
}

/** A figure with fixed decimals in the language's notation (5.9 / 5,9). */
export function formatFixed(value: number, decimals: number): string {
  return new Intl.NumberFormat(intl(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** A date as '29 Apr 2026' / '29 avr. 2026' / '29. Apr. 2026' (UTC). */
export function formatDay(date: Date): string {
  return new Intl.DateTimeFormat(intl(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** 'A, B and C' / 'A, B et C' / 'A, B und C'. */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(intl(), { style: 'long', type: 'conjunction' }).format(items);
}

/** The name of a language in the UI language ('French', 'français', 'Französisch'). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([intl()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The message `key` split around placeholders that stand for nodes (links, emphasis): text and nodes in order. */
export function tParts<T>(key: MessageKey, nodes: Record<string, T>, params: Params = {}): (string | T)[] {
  const text = t(key, params);
  const parts: (string | T)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    const node = nodes[m[1]!];
    if (node === undefined) continue;
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(node);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
