/**
 * Building DOM nodes without HTML strings: every text goes through textContent or setAttribute, so
 * labels from the data (quotes, apostrophes, '<', non-ASCII) are always shown as text, never parsed.
 */
import { formatDay, formatFixed, t } from './i18n.js';

export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`element #${id} missing from the page`);
  return el as T;
}

/** Formats a number the same way everywhere: grouping, fixed decimals, in the UI language's notation. */
export function formatNumber(value: number, decimals = 1): string {
  return formatFixed(value, decimals);
}

/** '2026-04-29T23:00:00+0200' -> '29 Apr 2026' (in the UI language); unknown or unparsable -> the text itself or 'unknown'. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t('date.unknown');
  const d = new Date(iso.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (Number.isNaN(d.getTime())) return iso;
  return formatDay(d);
}

/** Decimal places the figures are published with (the most any has, at most 3), so none is rounded away. */
export function decimalsOf(values: ReadonlyArray<number | null | undefined>): number {
  let most = 0;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    const text = String(v);
    const dot = text.indexOf('.');
    if (dot >= 0 && !text.includes('e')) most = Math.max(most, text.length - dot - 1);
  }
  return Math.min(most, 3);
}
