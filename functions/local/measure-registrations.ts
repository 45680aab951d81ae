/**
 * A quick measurement (not a test): registrations per second and p50/p99
 * latency through the API over HTTP, next to the same number of raw PutItem
 * calls and raw TransactWriteItems of the same shape against the same
 * DynamoDB Local, at the same concurrency.
 *
 *   npx tsx functions/local/measure-registrations.ts [count=1000] [concurrency=10]
 */
import type { Server } from "node:http";
import { PutCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { serve } from "@hono/node-server";
import { startLocalStack } from "./stack";

const count = Number(process.argv[2] ?? 1000);
const concurrency = Number(process.argv[3] ?? 10);

async function timed(label: string, run: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await run(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[
      Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))
    ]!;
  return {
    label,
    count,
    concurrency,
    perSecond: Math.round(count / seconds),
    p50: +pct(50).toFixed(2),
    p99: +pct(99).toFixed(2),
  };
}

const stack = await startLocalStack();
Object.assign(process.env, stack.env, {
  SITE_URL: "http://localhost:4321",
  MAIL_FROM: "Alumni Network <events@alumni.example.org>",
  SIGNING_SECRET: "measure-signing-secret-0123456789abcdef",
  POWERTOOLS_LOG_LEVEL: "CRITICAL",
  RATE_LIMIT_PER_MINUTE: "1000000",
});
const { createApi } = await import("../api");
const { transact } = await import("../shared/transactions");
const { emailJobItem } = await import("../shared/email-jobs");
const { indexKeys, keys } = await import("../shared/table");
const now = Date.now();
const event = {
  slug: "measure",
  title: "Measure",
  summary: "Measurement event",
  startsAt: new Date(now + 30 * 86_400_000).toISOString(),
  endsAt: new Date(now + 30 * 86_400_000 + 3_600_000).toISOString(),
  timezone: "Europe/Berlin",
  format: "online" as const,
  onlineUrl: "https://meet.example.org/x",
  capacity: 1_000_000,
  maxGuests: 2,
  opensAt: null,
  closesAt: new Date(now + 29 * 86_400_000).toISOString(),
};
const app = createApi({
  manifest: {
    generatedAt: new Date().toISOString(),
    events: [event],
    mentors: [],
    funds: [],
  },
});
const server = await new Promise<Server>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
    resolve(s as Server),
  );
});
const address = server.address();
const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
const doc = DynamoDBDocumentClient.from(stack.client);
const TableName = stack.tableName;

// Warm up both paths (JIT, connections).
for (let i = 0; i < 50; i++) {
  await fetch(`${base}/api/events/measure/registrations`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      name: "Warm",
      email: `warm-${i}@example.org`,
      consent: true,
    }),
  }).then((r) => r.text());
  await doc.send(
    new PutCommand({ TableName, Item: { PK: `WARM#${i}`, SK: "X" } }),
  );
}

// Two rounds in turn, the second reported: DynamoDB Local's JVM and Node's JIT warm up during the first.
let results: Awaited<ReturnType<typeof timed>>[] = [];
for (let round = 0; round < 2; round++) {
  results = [];
  const offset = round * count;
  results.push(
    await timed(
      "API registration (HTTP, validation, rate limit, transaction)",
      async (i) => {
        const response = await fetch(
          `${base}/api/events/measure/registrations`,
          {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              name: `Person ${i}`,
              email: `person-${offset + i}@example.org`,
              guests: i % 3,
              consent: true,
            }),
          },
        );
        if (response.status !== 201)
          throw new Error(
            `status ${response.status}: ${await response.text()}`,
          );
        await response.arrayBuffer();
      },
    ),
  );
  results.push(
    await timed("raw PutItem", async (i) => {
      await doc.send(
        new PutCommand({
          TableName,
          Item: {
            PK: `RAW#${offset + i}`,
            SK: "REG",
            entity: "Raw",
            name: `Person ${i}`,
            email: `raw-${i}@example.org`,
            seats: 1,
          },
        }),
      );
    }),
  );
  results.push(
    await timed(
      "raw TransactWriteItems (counter + uniqueness + registration + job)",
      async (i) => {
        // With the API's own retry of transaction conflicts on the shared counter.
        // The same four items the API writes for a confirmed registration, index keys included.
        const at = new Date().toISOString();
        const id = `raw${offset + i}`;
        const registration = {
          ...keys.registration(id),
          entity: "Registration",
          id,
          event: "raw",
          name: `Person ${i}`,
          email: `raw-${i}@example.org`,
          guests: 0,
          seats: 1,
          status: "confirmed",
          createdAt: at,
          updatedAt: at,
          confirmedAt: at,
          consentAt: at,
          expiresAt: 2_000_000_000,
          ...indexKeys.eventRegistrations("raw", at, id),
          ...indexKeys.personRegistration(`hash${i}`, at),
        };
        const result = await transact([
          {
            Update: {
              TableName,
              Key: keys.eventCounter("raw"),
              UpdateExpression:
                "ADD confirmedSeats :s, confirmedCount :one SET entity = :e",
              ConditionExpression:
                "(attribute_not_exists(confirmedSeats) OR confirmedSeats <= :max) AND (attribute_not_exists(waitlistedSeats) OR waitlistedSeats <= :zero)",
              ExpressionAttributeValues: {
                ":s": 1,
                ":one": 1,
                ":e": "EventCounter",
                ":max": 10_000_000,
                ":zero": 0,
              },
            },
          },
          {
            Put: {
              TableName,
              Item: {
                ...keys.registrationEmail("raw", `hash${offset + i}`),
                entity: "RegistrationEmail",
                registrationId: id,
                expiresAt: 2_000_000_000,
              },
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
          { Put: { TableName, Item: registration } },
          {
            Put: {
              TableName,
              Item: emailJobItem({
                id: `rawjob${offset + i}`,
                kind: "registration-confirmed",
                to: registration.email,
                data: {
                  registrationId: id,
                  name: registration.name,
                  seats: 1,
                  guests: 0,
                  event: {
                    ...event,
                    url: "http://localhost:4321/events/measure/",
                  },
                  manageUrl:
                    "http://localhost:4321/events/measure/manage/?r=x&t=y",
                },
                expiresAt: 2_000_000_000,
                now: new Date(),
              }),
            },
          },
        ]);
        if (!result.ok) throw new Error("condition failed");
      },
    ),
  );
}

console.table(results);
const [api, put, tx] = results as [
  (typeof results)[number],
  (typeof results)[number],
  (typeof results)[number],
];
console.log(
  `p99 ratio API/PutItem: ${(api.p99 / put.p99).toFixed(2)}   API/TransactWriteItems: ${(api.p99 / tx.p99).toFixed(2)}`,
);
server.closeAllConnections();
server.close();
await stack.stop();
process.exit(0);
