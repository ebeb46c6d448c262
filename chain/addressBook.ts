import type { Exec } from '../core/db.ts';
import type { ChainFamily } from '../core/wallet/types.ts';

/**
 * The match keys of one family's deposit addresses, loaded incrementally (rows are never
 * deleted or changed). A cache of public addresses: it guards no money — a log is
 * credited only when the database finds its address.
 */
export class AddressBook {
  private lastId = 0;
  private list: string[] = [];
  private set = new Set<string>();

  constructor(readonly family: ChainFamily) {}

  async refresh(exec: Exec): Promise<void> {
    for (;;) {
      const rows = await exec`SELECT id, match_key FROM deposit_addresses WHERE family = ${this.family} AND id > ${this.lastId} ORDER BY id LIMIT 50000`;
      for (const r of rows) {
        if (!this.set.has(r.match_key)) {
          this.set.add(r.match_key);
          this.list.push(r.match_key);
        }
        this.lastId = Number(r.id);
      }
      if (rows.length < 50000) break;
    }
    // Ids are handed out before commit, so a lower id can commit after a higher one was read:
    // if the count disagrees, reload everything once.
    const [c] = await exec`SELECT count(*)::int AS n FROM deposit_addresses WHERE family = ${this.family}`;
    if (c.n !== this.list.length) {
      this.lastId = 0;
      this.list = [];
      this.set = new Set();
      const rows = await exec`SELECT id, match_key FROM deposit_addresses WHERE family = ${this.family} ORDER BY id`;
      for (const r of rows) {
        this.set.add(r.match_key);
        this.list.push(r.match_key);
        this.lastId = Number(r.id);
      }
    }
  }

  has(key: string): boolean {
    return this.set.has(key);
  }

  keys(): readonly string[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }
}
