/**
 * Checking the printed handout: the page count of the PDF Chromium prints, and where elements fall
 * on paper. The PDF's text is compressed glyph codes, so which page an element lands on is read
 * from the print layout instead: with print styles at the width of an A4 page's content box
 * (210 − 2 × 12 mm, the `@page` margins in web/css/app.css), everything above 273 mm (297 − 2 × 12)
 * is on the first page. A forced break is not laid out on screen, so callers check it separately.
 */
import type { Page } from 'playwright-core';

const PX_PER_MM = 96 / 25.4;
/** The content box of an A4 page with 12 mm margins, in CSS pixels. */
export const A4_CONTENT = { width: Math.floor(186 * PX_PER_MM), height: 273 * PX_PER_MM };

/** How many pages the page prints on (A4, its own @page size and margins). */
export async function printedPages(page: Page): Promise<number> {
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  return pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
}

export interface Box {
  top: number;
  bottom: number;
  /** The computed `break-before`. */
  breakBefore: string;
}

/**
 * The first element of each selector as printed: top and bottom in CSS pixels from the top of the
 * printed content (null when it is not printed). Leaves the page in print emulation at the A4 width.
 */
export async function printLayout(page: Page, selectors: readonly string[]): Promise<Record<string, Box | null>> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_CONTENT.width, height: Math.ceil(A4_CONTENT.height) });
  // A string: this file is type-checked without the DOM library.
  return page.evaluate(`(() => {
    const out = {};
    for (const s of ${JSON.stringify(selectors)}) {
      const el = document.querySelector(s);
      const r = el && el.getClientRects().length ? el.getBoundingClientRect() : null;
      out[s] = r ? { top: r.top + scrollY, bottom: r.bottom + scrollY, breakBefore: getComputedStyle(el).breakBefore } : null;
    }
    return out;
  })()`) as Promise<Record<string, Box | null>>;
}
