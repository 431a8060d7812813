/**
 * How a failed request reads to a maintainer: what axios throws (after retries) mapped to the
 * IngestError kinds, with the start of an error answer (an HTML error page is said to be one).
 */
import { AxiosError } from 'axios';
import { IngestError } from '../../data/errors.js';

/** An HTML page, by its content type or its first bytes. */
export function looksLikeHtml(body: Buffer, contentType: string | undefined): boolean {
  if (contentType && /text\/html/i.test(contentType)) return true;
  const head = body.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** Maps what axios throws (after retries) to the IngestError kinds. */
export function classifyAxiosError(err: unknown, url: string): IngestError {
  if (err instanceof IngestError) return err;
  if (!(err instanceof AxiosError)) return new IngestError('internal', `${url}: ${String(err)}`, { url, cause: err });
  const status = err.response?.status;
  // A 2xx whose body stream broke off (Content-Length larger than sent then close, or a gzip stream
  // cut short): axios reports it with the 2xx response attached; that is a cut-off download, not a
  // bad status. ERR_BAD_RESPONSE without a response is our own short-body check (missingBytes).
  if ((status !== undefined && status < 300) || (status === undefined && err.code === AxiosError.ERR_BAD_RESPONSE)) {
    return new IngestError('truncated', `${url}: the connection closed before the whole body arrived (${err.message})`, { url, cause: err });
  }
  if (status !== undefined) {
    // httpDownload keeps only the start of an error answer (readHead), as a Buffer.
    const data: unknown = err.response?.data;
    const body = Buffer.isBuffer(data) ? data : Buffer.alloc(0);
    const contentType = err.response?.headers?.['content-type'] as string | undefined;
    const detail = looksLikeHtml(body, contentType) ? ' (an HTML error page)' : snippet(body);
    if (status === 429) {
      const wait = err.response?.headers?.['retry-after'] as string | undefined;
      const asked = wait ? ` (Retry-After: ${wait})` : '';
      return new IngestError('rate_limited', `${url}: HTTP 429 Too Many Requests${asked}, still refused after retries${detail}`, { url, status });
    }
    if (status === 413) return new IngestError('too_large', `${url}: HTTP 413, the request is too large for a synchronous answer${detail}`, { url, status });
    if (status >= 500) return new IngestError('http_5xx', `${url}: HTTP ${status} from the upstream server after retries${detail}`, { url, status });
    return new IngestError('http_status', `${url}: HTTP ${status}${detail}`, { url, status });
  }
  const code = err.code ?? '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(err.message)) {
    return new IngestError('timeout', `${url}: no answer in time (${err.message})`, { url, cause: err });
  }
  if (code === 'ECONNRESET') {
    // Reached the server, which dropped the connection before a complete answer: an incomplete
    // answer (like a cut-off body), not an unreachable host.
    return new IngestError('truncated', `${url}: the connection was reset before the whole answer arrived (${err.message})`, { url, cause: err });
  }
  if (code === 'Z_BUF_ERROR' || /aborted|premature|unexpected end of file/i.test(err.message)) {
    return new IngestError('truncated', `${url}: the connection closed before the whole body arrived (${err.message})`, { url, cause: err });
  }
  return new IngestError('connection', `${url}: cannot connect (${code || err.message})`, { url, cause: err });
}

function snippet(body: Buffer): string {
  const text = body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim();
  return text ? `: ${text}` : '';
}

