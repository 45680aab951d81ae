/**
 * API: registrations per second and p50/p99 latency through the local server
 * (HTTP, validation, rate limit, the registration transaction), driven by
 * autocannon, next to the same number of raw PutItem calls and raw
 * TransactWriteItems of the shape the API writes (counter, email uniqueness,
 * registration, email job, rate-limit charge), at the same concurrency, to
 * the same DynamoDB Local. The figure is the ratio of the p99s.
 */
import autocannon from 'autocannon';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { emailJobItem } from '../../functions/shared/email-jobs';
import { indexKeys, keys, ttlAttribute } from '../../functions/shared/table';
import { transact, type NamedItems } from '../../functions/shared/transactions';
import { benchEvent, startBenchStack, writeHeaders } from './lib/api-stack';
import { round, runPart, type Row } from './lib/results';
import { timed, type Timing } from './lib/timed';

const count = Number(process.env.BENCH_API_COUNT ?? 2000);
const concurrency = Number(process.env.BENCH_API_CONCURRENCY ?? 10);
const warmUp = 300;
const p99Ratio = 1.5;

export function runApi() {
  return runPart('api', async () => {
    const event = benchEvent('bench-api', 10_000_000);
    const bench = await startBenchStack({ events: [event], mailer: false });
    try {
      // The raw calls use the functions' own table client, keys and item builders, on the same DynamoDB Local.
      const TableName = bench.stack.tableName;

      let sequence = 0;
      const api = (amount: number) =>
        autocannon({
          url: bench.url,
          connections: concurrency,
          amount,
          timeout: 30,
          requests: [
            {
              method: 'POST',
              path: `/api/events/${event.slug}/registrations`,
              setupRequest: (request) => {
                const i = sequence++;
                const body = JSON.stringify({ name: `Person ${i}`, email: `person-${i}@example.org`, guests: i % 3, timeZone: 'America/Sao_Paulo', consent: true });
                return { ...request, headers: writeHeaders(body, i), body };
              },
            },
          ],
        });

      let rawSequence = 0;
      const rawPut = async () => {
        const i = rawSequence++;
        await bench.doc.send(new PutCommand({ TableName, Item: { PK: `RAW#${i}`, SK: 'REG', entity: 'Raw', name: `Person ${i}`, email: `raw-${i}@example.org`, seats: 1 } }));
      };
      const rawTransaction = async () => {
        const i = rawSequence++;
        const at = new Date().toISOString();
        const id = `raw${i}`;
        const expiresAt = 2_000_000_000;
        const registration = {
          ...keys.registration(id),
          entity: 'Registration',
          id,
          event: 'raw',
          name: `Person ${i}`,
          email: `raw-${i}@example.org`,
          guests: 0,
          seats: 1,
          status: 'confirmed',
          createdAt: at,
          updatedAt: at,
          confirmedAt: at,
          consentAt: at,
          timeZone: 'America/Sao_Paulo',
          expiresAt,
          ...indexKeys.eventRegistrations('raw', at, id),
          ...indexKeys.personRegistration(`hash${i}`, at),
        };
        const window = Math.floor(Date.now() / 60_000) * 60;
        const items: NamedItems = {
          counter: {
            Update: {
              TableName,
              Key: keys.eventCounter('raw'),
              UpdateExpression: 'ADD confirmedSeats :s, confirmedCount :one SET entity = :e, #ttl = :ttl',
              ConditionExpression: '(attribute_not_exists(confirmedSeats) OR confirmedSeats <= :max) AND (attribute_not_exists(waitlistedSeats) OR waitlistedSeats <= :zero)',
              ExpressionAttributeNames: { '#ttl': ttlAttribute },
              ExpressionAttributeValues: { ':s': 1, ':one': 1, ':e': 'EventCounter', ':ttl': expiresAt, ':max': 10_000_000, ':zero': 0 },
            },
          },
          uniqueness: {
            Put: {
              TableName,
              Item: { ...keys.registrationEmail('raw', `hash${i}`), entity: 'RegistrationEmail', registrationId: id, expiresAt },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          registration: { Put: { TableName, Item: registration } },
          job: {
            Put: {
              TableName,
              Item: emailJobItem({
                id: `rawjob${i}`,
                kind: 'registration-confirmed',
                to: registration.email,
                data: {
                  registrationId: id,
                  name: registration.name,
                  seats: 1,
                  guests: 0,
                  event: { ...event, url: 'http://localhost:4321/events/raw/' },
                  manageUrl: 'http://localhost:4321/events/raw/manage/?r=x&t=y',
                } as never,
                expiresAt,
                now: new Date(),
              }),
            },
          },
          rateLimit: {
            Update: {
              TableName,
              Key: keys.rateLimit('registrations', `address${i}`, window),
              UpdateExpression: 'ADD #hits :one SET #entity = :entity, #ttl = :ttl',
              ConditionExpression: 'attribute_not_exists(#hits) OR #hits < :limit',
              ExpressionAttributeNames: { '#hits': 'hits', '#entity': 'entity', '#ttl': ttlAttribute },
              ExpressionAttributeValues: { ':one': 1, ':limit': 60, ':entity': 'RateLimit', ':ttl': window + 180 },
            },
          },
        };
        const result = await transact(bench.stack.table, items);
        if (!result.ok) throw new Error(`raw transaction failed on item ${[...result.failed].join(', ')}`);
      };

      // Warm up both sides (Node's JIT, DynamoDB Local's JVM, connections), then measure.
      const warmed = await api(warmUp);
      if (warmed['2xx'] !== warmUp) throw new Error(`the warm-up registrations were not all accepted (${warmed['2xx']} of ${warmUp} answered 2xx)`);
      await timed(warmUp, concurrency, rawPut);
      await timed(warmUp, concurrency, rawTransaction);

      const measured = await api(count);
      const failures = measured.non2xx + measured.errors + measured.timeouts;
      const apiTiming: Timing = {
        count,
        concurrency,
        perSecond: round(measured.requests.total / measured.duration),
        p50: measured.latency.p50,
        p99: measured.latency.p99,
        max: measured.latency.max,
      };
      const put = await timed(count, concurrency, rawPut);
      const tx = await timed(count, concurrency, rawTransaction);

      const row = (what: string, t: Timing): Row => ({ what, requests: t.count, concurrency: t.concurrency, 'per second': t.perSecond, 'p50 ms': t.p50, 'p99 ms': t.p99, 'max ms': t.max });
      const ratioTx = apiTiming.p99 / tx.p99;
      return {
        rows: [
          row('API registration (HTTP, validation, rate limit, 5-item transaction)', apiTiming),
          row('raw PutItem', put),
          row('raw TransactWriteItems (the same 5 items)', tx),
          { what: 'p99 ratio API / raw transaction', requests: null, concurrency: null, 'per second': null, 'p50 ms': round(apiTiming.p50 / tx.p50, 2), 'p99 ms': round(ratioTx, 2), 'max ms': null },
          {
            what: 'p99 ratio API / raw PutItem',
            requests: null,
            concurrency: null,
            'per second': null,
            'p50 ms': round(apiTiming.p50 / put.p50, 2),
            'p99 ms': round(apiTiming.p99 / put.p99, 2),
            'max ms': null,
          },
        ],
        budgets: [
          { name: 'registration p99 / raw transaction p99', limit: `≤ ${p99Ratio}×`, value: `${round(ratioTx, 2)}× (${apiTiming.p99} ms / ${tx.p99} ms)`, pass: ratioTx <= p99Ratio },
          {
            name: 'registrations answered 201',
            limit: `${count}`,
            value: `${count - failures} (${measured.non2xx} non-2xx, ${measured.errors} errors, ${measured.timeouts} timeouts)`,
            pass: failures === 0,
          },
        ],
        notes: [
          `${count} registrations after ${warmUp} to warm up, ${concurrency} connections, each person with their own address (CloudFront-Viewer-Address) as on the site; 0–2 guests; the mailer is not running (it would compete for the same database).`,
          'The API runs in its own process (the local server of npm start); autocannon and the raw calls run in this one. All raw transactions, like all registrations, take seats on one event counter, so both meet the same write conflicts.',
          'autocannon reports latency in whole milliseconds.',
        ],
      };
    } finally {
      await bench.stop();
    }
  });
}
