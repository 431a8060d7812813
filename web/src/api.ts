/**
 * The JSON API as the pages use it: typed fetches that turn `{"error": "..."}` answers into ApiError
 * (status + the server's message), so every page can show a clear error or "no data" state.
 */
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, t('error.unreachable'));
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    const message = body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : t('error.http', { status: String(res.status) });
    throw new ApiError(res.status, message);
  }
  if (body === null) throw new ApiError(res.status, t('error.notJson', { path }));
  return body as T;
}

// The answers' types are the server's own (wire/*.d.ts: declarations only, no Node code), so the pages
// and the routes cannot disagree about a field: tsc checks both against the same declarations.
export type * from '../../wire/esco.js';
export type * from '../../wire/linked.js';
export type * from '../../wire/sources.js';
export type * from '../../wire/transitions.js';
