/**
 * Migration 1: the event log, its streams, the global head, the append function and the
 * snapshots table. Documented, column by column, in docs/stores.md ("The PostgreSQL store").
 */
import { quoteLiteral, type StoreNames } from '../names.js';

/**
 * The SQL of migration 1 for one schema.
 *
 * @example
 * ```ts
 * import { storeNames } from '../names.js';
 * const client = await pool.connect();
 * await client.query(eventLogSql(storeNames('helpdesk')));
 * ```
 */
export function eventLogSql({ quoted: s, channel }: StoreNames): string {
  return `
-- One row: the position of the last event. Its row lock serialises appends (see append_events).
CREATE TABLE ${s}.head (
  id       boolean PRIMARY KEY DEFAULT true CHECK (id),
  position bigint  NOT NULL CHECK (position >= 0)
);
INSERT INTO ${s}.head (id, position) VALUES (true, 0);

CREATE TABLE ${s}.streams (
  stream_name      text   PRIMARY KEY,
  version          bigint NOT NULL CHECK (version > 0),
  created_position bigint NOT NULL UNIQUE,
  last_position    bigint NOT NULL
);

CREATE TABLE ${s}.events (
  global_position bigint      PRIMARY KEY,
  stream_name     text        NOT NULL,
  stream_version  bigint      NOT NULL,
  event_id        text        NOT NULL,
  data            json        NOT NULL,
  appended_at     timestamptz NOT NULL DEFAULT transaction_timestamp(),
  CONSTRAINT events_stream_version_key UNIQUE (stream_name, stream_version),
  CONSTRAINT events_stream_event_id_key UNIQUE (stream_name, event_id)
);

-- Folded state saved at a global position, in ordered chunks, for a process that takes over
-- (written in one transaction: a snapshot has all its chunks or none).
CREATE TABLE ${s}.snapshots (
  name       text        NOT NULL,
  position   bigint      NOT NULL CHECK (position >= 0),
  chunk      integer     NOT NULL CHECK (chunk >= 0),
  format     text        NOT NULL,
  data       bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT transaction_timestamp(),
  PRIMARY KEY (name, position, chunk)
);

-- Chunks are a megabyte of JSON lines: lz4 compresses them well and fast (pglz, the default, made
-- writing a 200k-event snapshot ~1 s slower and reading it no faster). A server without lz4 (or
-- older than 14, which has no SET COMPRESSION) keeps them uncompressed: pglz is the slow part.
DO $compression$
BEGIN
  EXECUTE ${quoteLiteral(`ALTER TABLE ${s}.snapshots ALTER COLUMN data SET COMPRESSION lz4`)};
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
  EXECUTE ${quoteLiteral(`ALTER TABLE ${s}.snapshots ALTER COLUMN data SET STORAGE EXTERNAL`)};
END
$compression$;

-- Appends p_events (a JSON array) to p_stream with ids p_ids, all or nothing.
-- p_expected: NULL = any version, -1 = the stream must exist, n >= 0 = it must be at version n.
-- Returns o_ok = false (and writes nothing) when the expectation fails. An id already in the stream
-- fails the statement with a unique violation (events_stream_event_id_key).
CREATE FUNCTION ${s}.append_events(p_stream text, p_expected bigint, p_ids text[], p_events json)
RETURNS TABLE (o_ok boolean, o_version bigint, o_head bigint)
LANGUAGE plpgsql AS $append$
DECLARE
  v_head    bigint;
  v_version bigint;
  v_count   bigint := cardinality(p_ids);
  v_rows    bigint;
BEGIN
  -- Held until commit: the next append reads the head only after this one is visible, so
  -- positions are dense and become visible in numeric order. Each later statement here takes a
  -- fresh snapshot, so it sees every append committed before the lock was granted.
  SELECT h.position INTO v_head FROM ${s}.head h WHERE h.id FOR UPDATE;
  SELECT st.version INTO v_version FROM ${s}.streams st WHERE st.stream_name = p_stream;
  v_version := coalesce(v_version, 0);
  IF NOT (p_expected IS NULL OR (p_expected = -1 AND v_version > 0) OR p_expected = v_version) THEN
    RETURN QUERY SELECT false, v_version, v_head;
    RETURN;
  END IF;
  INSERT INTO ${s}.events (global_position, stream_name, stream_version, event_id, data)
    SELECT v_head + e.n, p_stream, v_version + e.n, p_ids[e.n], e.data
    FROM json_array_elements(p_events) WITH ORDINALITY AS e(data, n);
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  IF v_rows <> v_count THEN
    RAISE EXCEPTION 'append_events: % events for % ids', v_rows, v_count;
  END IF;
  IF v_version = 0 THEN
    INSERT INTO ${s}.streams (stream_name, version, created_position, last_position)
      VALUES (p_stream, v_count, v_head + 1, v_head + v_count);
  ELSE
    UPDATE ${s}.streams SET version = v_version + v_count, last_position = v_head + v_count
      WHERE stream_name = p_stream;
  END IF;
  UPDATE ${s}.head SET position = v_head + v_count WHERE id;
  PERFORM pg_notify(${quoteLiteral(channel)}, (v_head + v_count)::text);
  RETURN QUERY SELECT true, v_version, v_head;
END
$append$;
`;
}
