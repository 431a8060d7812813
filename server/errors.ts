import type { ErrorRequestHandler } from 'express';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';

/** An error with the HTTP status it should be answered with; the message is shown to the user. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const badRequest = (message: string) => new HttpError(400, message);

/** Validates a query string (or params) with a zod schema; a mismatch is a 400 naming the parameter. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw badRequest(`${where}${issue?.message ?? 'invalid input'}`);
  }
  return result.data;
}

/** Last middleware: every error becomes `{"error": "..."}` with its status; never a stack trace. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let status = 500;
  let message = 'internal error';
  if (err instanceof HttpError) {
    status = err.status;
    message = err.message;
  } else if (err && typeof err === 'object' && 'status' in err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    // body-parser and friends: malformed JSON, payload too large, ...
    status = err.status;
    message = err instanceof Error ? err.message : 'bad request';
  } else {
    console.error(`${new Date().toISOString()} ERROR ${req.method} ${req.originalUrl}:`, err);
  }
  if (res.headersSent) return;
  res.status(status).json({ error: message });
};

/** The text of a JSON error answer, `{"error": "..."}`, as errorHandler writes it. */
export const jsonErrorText = (message: string): string => JSON.stringify({ error: message });

/**
 * Ends a response with a JSON error text outside Express (the rate limits, counted before Express
 * sees the request), with the headers Express's `res.json` would give it.
 */
export function endWithJsonError(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
