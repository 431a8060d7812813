/**
 * Readable logs for maintainers: one line per event on stderr, with a timestamp and the source.
 * Progress on a terminal redraws one line; off a terminal (cron, CI) it prints at most every 5 s.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const env = (process.env.LMI_LOG_LEVEL ?? 'info') as LogLevel;
  return order[env] ?? order.info;
}

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** Reports progress of a long step; `total` may be unknown. */
  progress(step: string, done: number, total?: number): void;
  child(scope: string): Logger;
}

export function createLogger(scope = 'lmi', stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Logger {
  let lastProgressAt = 0;
  let progressLineOpen = false;
  const write = (level: LogLevel, msg: string) => {
    if (order[level] < threshold()) return;
    if (progressLineOpen) {
      stream.write('\n');
      progressLineOpen = false;
    }
    const time = new Date().toISOString().replace('T', ' ').slice(0, 19);
    stream.write(`${time} ${level.toUpperCase().padEnd(5)} [${scope}] ${msg}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    progress(step, done, total) {
      if (order.info < threshold()) return;
      const now = Date.now();
      const finished = total !== undefined && done >= total;
      const text = total ? `${step}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.floor((100 * done) / total)}%)` : `${step}: ${done.toLocaleString('en')}`;
      if (stream.isTTY) {
        if (now - lastProgressAt < 100 && !finished) return;
        lastProgressAt = now;
        stream.write(`\r[${scope}] ${text}\x1b[K`);
        progressLineOpen = !finished;
        if (finished) stream.write('\n');
      } else if (now - lastProgressAt >= 5000 || finished) {
        lastProgressAt = now;
        write('info', text);
      }
    },
    child: (sub) => createLogger(`${scope}:${sub}`, stream),
  };
}

/** A logger that discards everything (tests). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  progress() {},
  child: () => silentLogger,
};
