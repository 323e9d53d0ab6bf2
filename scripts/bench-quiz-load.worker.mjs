// Load generator for bench:quiz, on its own thread so the simulated participants do not share the server's event
// loop (what a real crowd of phones would not do). Plain JS: worker threads do not inherit tsx's loader.
// workerData { mode: 'quiz', ports, roundId, tokens: string[], concurrency } posts { starts, submits, submitsQueued,
// errors, wallMs }: every token starts an attempt and submits it. workerData { mode: 'floor', ports, tokens, concurrency,
// requests } posts { latencies, errors, wallMs }: GET /api/miniapp/me, the same stack without the database.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { mode, ports, roundId, tokens, concurrency, requests } = workerData;
// One keep-alive pool per app instance, `concurrency` connections in all; a participant always reaches the same
// instance (a balancer with session affinity).
const agents = ports.map(
  () => new http.Agent({ keepAlive: true, maxSockets: Math.max(1, Math.round(concurrency / ports.length)) }),
);

/** One request on the keep-alive pool; `ms` counts from the moment a socket is assigned. */
function request(instance, method, path, token, body) {
  return new Promise((resolve, reject) => {
    const created = performance.now();
    let assigned = created;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: ports[instance],
        method,
        path,
        agent: agents[instance],
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const end = performance.now();
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
            ms: end - assigned,
            queuedMs: end - created,
          });
        });
      },
    );
    req.on('socket', () => (assigned = performance.now()));
    req.on('error', reject);
    req.end(payload);
  });
}

async function floor() {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const token = tokens[next % tokens.length];
        next++;
        const r = await request(next % ports.length, 'GET', '/api/miniapp/me', token);
        latencies.push(r.ms);
        if (r.status !== 200) errors++;
      }
    }),
  );
  return { latencies, errors, wallMs: performance.now() - t0 };
}

async function quiz() {
  const starts = [];
  const submits = [];
  const submitsQueued = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    tokens.map(async (token, i) => {
      const instance = i % ports.length;
      const s = await request(instance, 'POST', `/api/miniapp/quiz/rounds/${roundId}/attempts`, token);
      starts.push(s.ms);
      if (s.status !== 201) return void errors++;
      const answers = s.body.questions.map((q, j) => ({
        questionId: q.id,
        choices: [(i + j) % q.options.length],
      }));
      const r = await request(instance, 'POST', `/api/miniapp/quiz/attempts/${s.body.id}/submit`, token, {
        answers,
        prediction: (i * 37) % 5000,
      });
      submits.push(r.ms);
      submitsQueued.push(r.queuedMs);
      if (r.status !== 200) errors++;
    }),
  );
  return { starts, submits, submitsQueued, errors, wallMs: performance.now() - t0 };
}

const result = mode === 'floor' ? await floor() : await quiz();
for (const agent of agents) agent.destroy();
parentPort.postMessage(result);
