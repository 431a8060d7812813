/**
 * Preloaded (`node --import`) into a benchmarked `lmi` process: at exit it writes the process's peak
 * RSS in MB (getrusage's maxrss) to the file LMI_BENCH_PEAK_RSS_FILE names, so that a bench measures
 * the real command, whatever it loads, and not a copy of its code path.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.LMI_BENCH_PEAK_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS / 1024)));
