import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:'); const c = await db.connect();
const sql = `WITH llama AS (SELECT accelerator, round, result / total_accelerators AS per_accel FROM mlperf_inference m WHERE model = 'x') SELECT accelerator, avg(per_accel) FILTER (WHERE round='v5.1') AS a, max(per_accel)/min(per_accel) AS r FROM llama GROUP BY ALL`;
const r = await c.runAndReadAll(`SELECT json_serialize_sql(${"'" + sql.replaceAll("'", "''") + "'"}) AS j`);
const j = JSON.parse(r.getRowObjectsJS()[0].j);
console.log(JSON.stringify(j, (k, v) => (k === 'query_location' ? undefined : v), 1).slice(0, 6000));
