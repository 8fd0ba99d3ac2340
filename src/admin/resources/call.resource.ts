import type { ResourceWithOptions } from 'adminjs';
import type { DataSource, FindManyOptions, FindOptionsWhere, Repository } from 'typeorm';
import { plainDecimal } from '../../common/money.js';
import { Call } from '../../entities/index.js';
import { callTotalCost, callTotalCostSql, twilioPricePending } from '../../reporting/report-source.js';
import { detailOnly, hidden, navigation, readOnly } from './access.js';
import { date, money, number, status, withDisplay } from './display.js';
import { RepositoryResource, repositoryModel, type RepositoryModel } from './repository.resource.js';

/** The reporting module's total, the IDX_calls_total_cost index's expression: "most expensive first" is an index scan. */
const TOTAL_COST = callTotalCostSql('c');

/**
 * Calls, read-only. AdminJS counts the rows of every list it shows; on a million calls a plain
 * count(*) is the slowest part of the page, so counts the hourly rollups can answer exactly (all
 * calls, or one workspace's) come from there, and filtered ones use the calls indexes.
 */
function callsModel(ds: DataSource, repository: Repository<Call>): RepositoryModel {
  const base = repositoryModel(repository);
  return {
    ...base,
    async count(options: FindManyOptions) {
      const where = (options.where ?? {}) as FindOptionsWhere<Call>;
      const keys = Object.keys(where);
      if (keys.length === 0 || (keys.length === 1 && typeof where.workspaceId === 'string')) {
        const [row] = await ds.query<Array<{ n: string }>>(`SELECT COALESCE(sum(calls), 0)::bigint AS n FROM call_hourly_rollups WHERE $1::uuid IS NULL OR workspace_id = $1`, [
          where.workspaceId ?? null,
        ]);
        return Number(row.n);
      }
      // TypeORM's count is COUNT(DISTINCT id): 5x slower than count(*) over a big match, same answer.
      const [sql, params] = repository
        .createQueryBuilder('c')
        .setFindOptions({ where: where, select: { id: true } })
        .getQueryAndParameters();
      const [row] = await ds.query<Array<{ n: string }>>(`SELECT count(*)::bigint AS n FROM (${sql}) AS matching`, params);
      return Number(row.n);
    },
    async find(options: FindManyOptions) {
      const order = options.order as Record<string, 'ASC' | 'DESC'> | undefined;
      const rows = order?.totalCost
        ? await repository
            .createQueryBuilder('c')
            .setFindOptions({ where: options.where as FindOptionsWhere<Call>, take: options.take, skip: options.skip })
            .orderBy(TOTAL_COST, order.totalCost)
            .addOrderBy('c.id', order.totalCost)
            .getMany()
        : ((await base.find(options)) as Call[]);
      return rows.map(withTotal);
    },
    async findOneBy(where: object) {
      const call = await repository.findOneBy(where);
      return call && withTotal(call);
    },
  };
}

/** What a vendor bills in when a call does not say (as the reports read it: report-source.ts). */
const BILLED_DEFAULT = 'USD';

/**
 * Exact amounts without the column's trailing zeros (0.2326800000 → 0.23268), plus their total, and
 * whether Twilio's price is still pending, so the list tells "pendiente" from "no Twilio leg".
 *
 * The total is a sum only where both vendors billed in one currency (`totalCurrency`); a call billed
 * in two has no total here (null) and the list shows its two parts instead: converting one into the
 * other is the reports' work, at the rate of the call's day, never a sum of dollars and euros.
 */
function withTotal(call: Call): Call & { totalCost: string | null; totalCurrency: string | null; twilioPricePending: boolean } {
  const billed = [
    [call.twilioCost, call.twilioPriceUnit],
    [call.elevenlabsCost, call.elevenlabsCurrency],
  ]
    .filter(([amount]) => amount !== null)
    .map(([, currency]) => currency ?? BILLED_DEFAULT);
  const currencies = new Set(billed);
  const totalCurrency = currencies.size > 1 ? null : ([...currencies][0] ?? call.twilioPriceUnit ?? call.elevenlabsCurrency ?? BILLED_DEFAULT);
  return {
    ...call,
    twilioCost: plainDecimal(call.twilioCost),
    twilioOwnCost: plainDecimal(call.twilioOwnCost),
    elevenlabsCost: plainDecimal(call.elevenlabsCost),
    totalCost: totalCurrency === null ? null : callTotalCost(call),
    totalCurrency,
    twilioPricePending: twilioPricePending(call),
  };
}

export function callResource(ds: DataSource, components: { twilioCost: string; totalCost: string }): ResourceWithOptions {
  const repository = ds.getRepository(Call);
  return {
    resource: new RepositoryResource(repository, 'calls', callsModel(ds, repository)),
    options: {
      navigation: navigation.activity,
      sort: { sortBy: 'startedAt', direction: 'desc' },
      listProperties: ['startedAt', 'workspaceId', 'status', 'durationSeconds', 'twilioCost', 'elevenlabsCost', 'totalCost'],
      filterProperties: ['workspaceId', 'startedAt', 'agentId', 'direction', 'status', 'twilioCallSid', 'elevenlabsConversationId'],
      properties: {
        workspaceId: { reference: 'workspaces' },
        // The start names a call: a list's title column, the one AdminJS keeps on a phone.
        startedAt: { isTitle: true, ...date() },
        status: status({ phone: true }),
        direction: status(),
        // Each amount in the currency it was billed in; the reports convert, the record shows what was charged.
        twilioCost: { components: { list: components.twilioCost, show: components.twilioCost }, custom: { currency: BILLED_DEFAULT, currencyPath: 'twilioPriceUnit' } },
        elevenlabsCost: money({ perCall: true, currencyPath: 'elevenlabsCurrency' }),
        twilioOwnCost: { ...detailOnly, ...money({ perCall: true, currencyPath: 'twilioPriceUnit' }) },
        // Sorted by the index's sum of the two amounts as billed (a call in two currencies sorts by that sum too).
        totalCost: {
          type: 'float',
          isSortable: true,
          isVisible: { list: true, show: true, filter: false, edit: false },
          components: { list: components.totalCost, show: components.totalCost },
          custom: { phone: true },
        },
        elevenlabsPlatformCost: { ...detailOnly, ...money({ perCall: true, currencyPath: 'elevenlabsCurrency' }) },
        elevenlabsLlmCost: { ...detailOnly, ...money({ perCall: true, currencyPath: 'elevenlabsCurrency' }) },
        elevenlabsUnsplitCost: { ...detailOnly, ...money({ perCall: true, currencyPath: 'elevenlabsCurrency' }) },
        durationSeconds: withDisplay({ isSortable: true }, number()),
        elevenlabsLlmCredits: detailOnly,
        elevenlabsCallCredits: detailOnly,
        elevenlabsPlatformCredits: detailOnly,
        elevenlabsLlmCostUsd: { ...detailOnly, ...money({ perCall: true }) },
        elevenlabsPlatformCostUsd: { ...detailOnly, ...money({ perCall: true }) },
        twilioSyncedAt: detailOnly,
        elevenlabsSyncedAt: detailOnly,
        lastSyncedAt: detailOnly,
        twilioPriceCheckedAt: detailOnly,
        twilioGoneAt: detailOnly,
        elevenlabsCheckedAt: detailOnly,
        elevenlabsGoneAt: detailOnly,
        workspace: hidden,
      },
      actions: { ...readOnly },
    },
  };
}
