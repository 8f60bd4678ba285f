/**
 * The part of the open `idb` database that {@link IndexedDbStore} exposes. Declared here, not
 * imported from `idb`, so a consumer's `tsc` never needs an optional peer's types (nor the DOM
 * lib); at run time it is idb's `IDBPDatabase`, which has much more.
 * @example
 * ```ts
 * const db: IndexedDbDatabase = (await indexedDbStore({ name: 'shop-consent' })).db;
 * console.info(db.name, db.version); // 'shop-consent' 1
 * ```
 */
export interface IndexedDbDatabase {
  readonly name: string;
  readonly version: number;
  close(): void;
}
