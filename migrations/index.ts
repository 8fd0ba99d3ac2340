import type { MigrationInterface } from 'typeorm';
import { Initial1795694746410 } from './1795694746410-Initial.js';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the same list loads under node, the
 * CLIs and jest's ESM loader. `npm run migration:generate -- <Name>` writes a new file; add it here.
 */
export const MIGRATIONS: Array<new () => MigrationInterface> = [Initial1795694746410];
