-- Views created in every database `bulletin export --duckdb` writes, after the four tables
-- (reports, entities, events, arguments; columns in README "Analyst outputs").
-- Edit or add views here: each statement ends with a semicolon on its own line end.

-- The acting unit of an event is its `agent` argument; the UNIT entity at the same offsets
-- gives its canonical name when the report's locality is known.
CREATE OR REPLACE VIEW event_agents AS
SELECT a.report_id, a.event_idx, a.event_id,
       coalesce(u.canonical, u.norm, a.value_text, a.text) AS unit
FROM arguments a
LEFT JOIN entities u
  ON u.report_id = a.report_id AND u.start = a.start AND u."end" = a."end" AND u.label = 'UNIT'
WHERE a.role = 'agent';

-- Units by event counts: how many events of each type each unit acted in.
CREATE OR REPLACE VIEW unit_event_counts AS
SELECT g.unit, e.type AS event_type, count(*) AS events
FROM events e
JOIN event_agents g USING (report_id, event_idx)
GROUP BY g.unit, e.type
ORDER BY events DESC, g.unit, event_type;

-- Suspects detained by month and place. Month: the event's own date or period when it names
-- a month or day, else the report's date, else the sidecar's publication date; when only a
-- year is known, `month` is null and `year` says it. Place: the sidecar's region, else the
-- acting unit (an event with several agents counts under each of them).
CREATE OR REPLACE VIEW suspects_detained AS
WITH detentions AS (
  SELECT e.report_id, e.event_idx,
         max(CASE WHEN a.role = 'count' THEN a.value_num END) AS suspects,
         max(CASE WHEN a.role IN ('period', 'date') AND a.value_date_precision IN ('month', 'day')
                  THEN a.value_date END) AS event_date,
         max(CASE WHEN a.role IN ('period', 'date') THEN year(a.value_date) END) AS event_year
  FROM events e
  LEFT JOIN arguments a USING (report_id, event_idx)
  WHERE e.type = 'DETAIN_SUSPECTS'
  GROUP BY e.report_id, e.event_idx
)
SELECT coalesce(d.event_year, year(r.report_date), year(r.published_date)) AS year,
       strftime(coalesce(d.event_date, r.report_date, r.published_date), '%Y-%m') AS month,
       coalesce(r.region, g.unit) AS place,
       count(*) AS events,
       sum(d.suspects) AS suspects
FROM detentions d
JOIN reports r USING (report_id)
LEFT JOIN event_agents g USING (report_id, event_idx)
GROUP BY year, month, place
ORDER BY year NULLS LAST, month NULLS LAST, place NULLS LAST;

-- Named things across reports: how often each operation, case, unit … is mentioned.
CREATE OR REPLACE VIEW entity_mentions AS
SELECT label, coalesce(canonical, norm) AS name,
       count(DISTINCT report_id) AS reports, count(*) AS mentions
FROM entities
GROUP BY label, name
ORDER BY label, mentions DESC, name;
