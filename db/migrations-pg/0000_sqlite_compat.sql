-- What the store modules' SQLite SQL needs of PostgreSQL beyond the mechanical rewrite of src/lib/pg/dialect.ts: the
-- nocase collation and SQLite's JSON functions, under their SQLite names and with SQLite's results for the forms the
-- code uses. JSON is kept as text (as in SQLite); the functions read it as PostgreSQL's json type, which keeps key
-- order and duplicate keys as written (jsonb would sort them).

-- Text compares byte by byte, as SQLite's BINARY: ids, keyset pages and ORDER BY give SQLite's order only in a database
-- whose collation is C. Checked here, once, rather than found out as a page that skips rows.
DO $$
DECLARE
  enc text := pg_encoding_to_char((SELECT encoding FROM pg_database WHERE datname = current_database()));
  coll text := (SELECT datcollate FROM pg_database WHERE datname = current_database());
  provider "char" := (SELECT datlocprovider FROM pg_database WHERE datname = current_database());
BEGIN
  IF enc <> 'UTF8' OR NOT (provider = 'b' OR coll IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8')) THEN
    RAISE EXCEPTION 'chatshare needs a UTF-8 database with the C collation (byte order, as SQLite); this one is % / %. Create it with: CREATE DATABASE chatshare TEMPLATE template0 ENCODING ''UTF8'' LC_COLLATE ''C'' LC_CTYPE ''C''', enc, coll;
  END IF;
END $$;

-- SQLite's COLLATE NOCASE: case-insensitive, accent-sensitive. The dialect's LIKE uses it too (ILIKE is refused on a
-- nondeterministic collation). Unlike SQLite's (ASCII only), it also folds the case of other letters (É = é).
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- '$', '$.a.b', '$.a[0]', '$."a b"', '$[#]' as the path array of PostgreSQL's #> operator.
CREATE FUNCTION sqlite_json_path(p text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  out text[] := '{}';
  m text[];
  rest text;
BEGIN
  IF left(p, 1) <> '$' THEN RAISE EXCEPTION 'bad JSON path: %', p; END IF;
  rest := substr(p, 2);
  WHILE rest <> '' LOOP
    m := regexp_match(rest, '^(?:\."([^"]*)"|\.([^.\[]+)|\[(#|[0-9]+)\])');
    IF m IS NULL THEN RAISE EXCEPTION 'bad JSON path: %', p; END IF;
    out := out || coalesce(m[1], m[2], m[3]);
    rest := substr(rest, length(coalesce('."' || m[1] || '"', '.' || m[2], '[' || m[3] || ']')) + 1);
  END LOOP;
  RETURN out;
END $$;

-- The SQL value SQLite gives for a JSON value: strings unquoted, true/false as 1/0, null as NULL, numbers as written,
-- arrays and objects as their JSON text. (SQLite answers numbers as integer/real values: here they are text.)
CREATE FUNCTION sqlite_json_value(j json) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE json_typeof(j)
    WHEN 'string' THEN j #>> '{}'
    WHEN 'null' THEN NULL
    WHEN 'boolean' THEN CASE WHEN j::text ~ 'true' THEN '1' ELSE '0' END
    ELSE btrim(j::text, E' \t\r\n') END
$$;

-- SQLite's type names: null, true, false, integer, real, text, array, object.
CREATE FUNCTION sqlite_json_typename(j json) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE json_typeof(j)
    WHEN 'string' THEN 'text'
    WHEN 'boolean' THEN btrim(j::text, E' \t\r\n')
    WHEN 'number' THEN CASE WHEN btrim(j::text, E' \t\r\n') ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
    ELSE json_typeof(j) END
$$;

-- JSON text without insignificant white space, keys in their order (what SQLite's json functions write).
CREATE FUNCTION sqlite_json_min(j json) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  CASE json_typeof(j)
    WHEN 'object' THEN
      RETURN '{' || coalesce((SELECT string_agg(to_json(e.k)::text || ':' || sqlite_json_min(e.v), ',' ORDER BY e.o)
        FROM json_each(j) WITH ORDINALITY e(k, v, o)), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((SELECT string_agg(sqlite_json_min(e.v), ',' ORDER BY e.o)
        FROM json_array_elements(j) WITH ORDINALITY e(v, o)), '') || ']';
    ELSE
      RETURN btrim(j::text, E' \t\r\n');
  END CASE;
END $$;

-- json_valid(X): whether X is well-formed JSON (NULL for NULL). A boolean here: the code only tests it.
CREATE FUNCTION json_valid(x text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT x IS JSON $$;

CREATE FUNCTION json_type(x text, p text DEFAULT '$') RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT sqlite_json_typename(x::json #> sqlite_json_path(p))
$$;

CREATE FUNCTION json_extract(x text, p text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT sqlite_json_value(x::json #> sqlite_json_path(p))
$$;

-- json(X), SQLite's way to make json_set take a value as JSON rather than as a string, is PostgreSQL's own JSON(X)
-- constructor (PostgreSQL 17+): it answers the json type, which json_set below takes as JSON.

-- json_each(X [, path]) as a table function (the dialect renames the call): SQLite's columns but id and parent.
-- key: the member's name, or the element's index (as text); value as sqlite_json_value; type as sqlite_json_typename;
-- atom: the value of a scalar, NULL for arrays and objects. A scalar at the path is one row with key NULL; no value
-- at the path (or a NULL X) is no row.
CREATE FUNCTION sqlite_json_each(x text, p text DEFAULT '$')
  RETURNS TABLE (key text, value text, type text, atom text, fullkey text, path text)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH root AS (SELECT x::json #> sqlite_json_path(p) AS j)
  SELECT e.k, sqlite_json_value(e.v), sqlite_json_typename(e.v),
    CASE WHEN json_typeof(e.v) IN ('object', 'array') THEN NULL ELSE sqlite_json_value(e.v) END,
    CASE WHEN e.k IS NULL THEN p WHEN e.arr THEN p || '[' || e.k || ']' ELSE p || '.' || e.k END, p
  FROM root, LATERAL (
    SELECT o.k, o.v, o.n, false AS arr FROM json_each(CASE WHEN json_typeof(root.j) = 'object' THEN root.j END) WITH ORDINALITY o(k, v, n)
    UNION ALL
    SELECT (a.n - 1)::text, a.v, a.n, true FROM json_array_elements(CASE WHEN json_typeof(root.j) = 'array' THEN root.j END) WITH ORDINALITY a(v, n)
    UNION ALL
    SELECT NULL, root.j, 1, false WHERE json_typeof(root.j) NOT IN ('object', 'array')
  ) e
  ORDER BY e.n
$$;

-- Sets `val` at `path` inside `doc`, keeping key order: a missing key is added at the end (with the objects on its way),
-- '#' appends to an array, an index past the end or a path through a scalar changes nothing (as SQLite's json_set).
CREATE FUNCTION sqlite_json_set_at(doc json, path text[], val json, overwrite boolean) RETURNS json
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  k text := path[1];
  rest text[] := path[2:];
  parts text[] := '{}';
  found boolean := false;
  r record;
  n int;
BEGIN
  IF cardinality(path) = 0 THEN
    RETURN CASE WHEN overwrite THEN val ELSE doc END;
  END IF;
  IF json_typeof(doc) = 'object' THEN
    FOR r IN SELECT e.key, e.value FROM json_each(doc) e LOOP
      IF r.key = k AND NOT found THEN
        found := true;
        parts := parts || (to_json(r.key)::text || ':' || sqlite_json_min(sqlite_json_set_at(r.value, rest, val, overwrite)));
      ELSE
        parts := parts || (to_json(r.key)::text || ':' || sqlite_json_min(r.value));
      END IF;
    END LOOP;
    IF NOT found THEN
      parts := parts || (to_json(k)::text || ':' || sqlite_json_min(CASE WHEN cardinality(rest) = 0 THEN val
        ELSE sqlite_json_set_at(CASE WHEN rest[1] ~ '^([0-9]+|#)$' THEN '[]' ELSE '{}' END::json, rest, val, true) END));
    END IF;
    RETURN ('{' || array_to_string(parts, ',') || '}')::json;
  ELSIF json_typeof(doc) = 'array' THEN
    n := json_array_length(doc);
    IF k = '#' THEN
      RETURN ('[' || concat_ws(',', nullif((SELECT string_agg(sqlite_json_min(e.v), ',' ORDER BY e.o) FROM json_array_elements(doc) WITH ORDINALITY e(v, o)), ''),
        sqlite_json_min(CASE WHEN cardinality(rest) = 0 THEN val ELSE sqlite_json_set_at('{}'::json, rest, val, true) END)) || ']')::json;
    ELSIF k ~ '^[0-9]+$' AND k::int < n THEN
      RETURN ('[' || (SELECT string_agg(CASE WHEN e.o - 1 = k::int THEN sqlite_json_min(sqlite_json_set_at(e.v, rest, val, overwrite)) ELSE sqlite_json_min(e.v) END, ',' ORDER BY e.o)
        FROM json_array_elements(doc) WITH ORDINALITY e(v, o)) || ']')::json;
    END IF;
    RETURN doc;
  END IF;
  RETURN doc;
END $$;

-- json_set(X, path, value) / json_insert(…): value as a string (text) or as JSON (json: what json(), json_insert()
-- and json_group_array() answer, as SQLite's JSON subtype). json_set answers text; json_insert answers json (so that
-- a json_set around it takes it as JSON, as SQLite does).
CREATE FUNCTION json_set(x text, p text, val text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x IS NOT NULL AND p IS NOT NULL THEN sqlite_json_min(sqlite_json_set_at(x::json, sqlite_json_path(p), coalesce(to_json(val), 'null'::json), true)) END
$$;
CREATE FUNCTION json_set(x text, p text, val json) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x IS NOT NULL AND p IS NOT NULL THEN sqlite_json_min(sqlite_json_set_at(x::json, sqlite_json_path(p), coalesce(val, 'null'::json), true)) END
$$;
CREATE FUNCTION json_set(x text, p text, val numeric) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x IS NOT NULL AND p IS NOT NULL THEN sqlite_json_min(sqlite_json_set_at(x::json, sqlite_json_path(p), coalesce(to_json(val), 'null'::json), true)) END
$$;
CREATE FUNCTION json_insert(x text, p text, val text) RETURNS json LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x IS NOT NULL AND p IS NOT NULL THEN sqlite_json_set_at(x::json, sqlite_json_path(p), coalesce(to_json(val), 'null'::json), false) END
$$;
CREATE FUNCTION json_insert(x text, p text, val json) RETURNS json LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x IS NOT NULL AND p IS NOT NULL THEN sqlite_json_set_at(x::json, sqlite_json_path(p), coalesce(val, 'null'::json), false) END
$$;

-- json_group_array(value): the values as a JSON array of strings (NULL as null), '[]' over no rows.
CREATE FUNCTION sqlite_json_group_step(acc text[], val text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT acc || coalesce(to_json(val)::text, 'null')
$$;
CREATE FUNCTION sqlite_json_group_final(acc text[]) RETURNS json LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('[' || array_to_string(acc, ',') || ']')::json
$$;
CREATE AGGREGATE json_group_array(text) (SFUNC = sqlite_json_group_step, STYPE = text[], FINALFUNC = sqlite_json_group_final, INITCOND = '{}');
