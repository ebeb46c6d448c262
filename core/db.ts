import type postgres from 'postgres';

/** Anything that runs SQL: the pool or an open transaction. */
export type Exec = postgres.Sql<any> | postgres.TransactionSql<any>;
export type TxExec = postgres.TransactionSql<any>;

/** Runs `fn` in one transaction on the pool, or inside the caller's open transaction. */
export async function inTx<T>(exec: Exec, fn: (tx: TxExec) => Promise<T>): Promise<T> {
  if ('savepoint' in exec) return fn(exec as TxExec);
  return (exec as postgres.Sql<any>).begin((tx) => fn(tx)) as Promise<T>;
}
