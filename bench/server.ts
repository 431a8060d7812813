/** What the bench scripts share to time the real server: a child process, its stop, timed GETs. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';

/** Starts `node args…` and resolves with the URL it prints when listening. */
export async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+)/);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`server exited (${code}) before listening: ${out}`)));
  });
  return { child, url };
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

/** Sequential GETs over one keep-alive connection (one warm-up pass first); returns sorted latencies in ms. */
export async function latencies(base: string, paths: string[], rounds: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<number>((ok, fail) => {
      const t0 = process.hrtime.bigint();
      http
        .get(base + path, { agent }, (res) => {
          res.on('data', () => {});
          res.on('end', () => (res.statusCode === 200 ? ok(Number(process.hrtime.bigint() - t0) / 1e6) : fail(new Error(`${path}: HTTP ${res.statusCode}`))));
        })
        .once('error', fail);
    });
  for (const p of paths) await get(p); // warm-up: statement caches, page cache
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) for (const p of paths) out.push(await get(p));
  agent.destroy();
  return out.sort((a, b) => a - b);
}

