/**
 * A small LRU of answers, emptied whenever the data changes (the ingester writes from another
 * process, so the cache compares the `sources` load time on each lookup). Search-as-you-type repeats
 * the same prefixes ('n', 'nu', 'nur') for every adviser.
 */
export class AnswerCache<Answer = string> {
  private readonly entries = new Map<string, Answer>();
  private stamp = '';

  constructor(private readonly capacity: number) {}

  get(key: string, dataStamp: string): Answer | undefined {
    if (dataStamp !== this.stamp) {
      this.entries.clear();
      this.stamp = dataStamp;
      return undefined;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Answer): void {
    if (this.capacity === 0) return;
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Entries kept by the search answer cache: `LMI_ESCO_SEARCH_CACHE` (0 turns it off), default 2000. */
export function searchCacheSize(): number {
  const n = Number(process.env.LMI_ESCO_SEARCH_CACHE ?? 2000);
  return Number.isInteger(n) && n >= 0 ? n : 2000;
}
