-- The warehouse contract. The build creates these tables in a fresh database, loads them, then runs
-- every file in warehouse/views/ in name order.

-- One row per source package (publication).
CREATE TABLE packages (
  package         VARCHAR PRIMARY KEY,
  title           VARCHAR NOT NULL,
  publisher       VARCHAR NOT NULL,
  pub_date        VARCHAR NOT NULL,
  isbn            VARCHAR,            -- ISBNs joined by '; '
  reporting_country VARCHAR NOT NULL, -- ISO 3166-1 alpha-3
  descriptor_file VARCHAR NOT NULL,
  provenance      VARCHAR             -- JSON text
);

-- Sources the publications cite.
CREATE TABLE citations (
  package   VARCHAR NOT NULL,
  citation  VARCHAR NOT NULL,
  printed   VARCHAR NOT NULL,
  publisher VARCHAR,
  title     VARCHAR,
  year      INTEGER,
  reporter  VARCHAR,                  -- ISO alpha-3 of the national system that produced the figures
  kind      VARCHAR NOT NULL,
  url       VARCHAR,
  PRIMARY KEY (package, citation)
);

CREATE TABLE footnotes (
  package   VARCHAR NOT NULL,
  mark      VARCHAR NOT NULL,
  section   VARCHAR,
  citation  VARCHAR,
  pages     VARCHAR,
  flags     VARCHAR,
  reference_date DATE,
  line      INTEGER NOT NULL,
  PRIMARY KEY (package, mark)
);

-- Printed tables.
CREATE TABLE source_tables (
  package     VARCHAR NOT NULL,
  table_id    VARCHAR NOT NULL,
  number      VARCHAR NOT NULL,
  title       VARCHAR NOT NULL,
  section     VARCHAR,
  file        VARCHAR NOT NULL,
  unit_printed VARCHAR,
  source_printed VARCHAR,
  citation    VARCHAR,
  footnotes   VARCHAR,
  row_title   VARCHAR,
  row_dimension VARCHAR NOT NULL,
  column_dimension VARCHAR NOT NULL,
  PRIMARY KEY (package, table_id)
);

-- Declared table structure: total = sum(parts) along an axis.
CREATE TABLE table_hierarchy (
  package     VARCHAR NOT NULL,
  table_id    VARCHAR NOT NULL,
  axis        VARCHAR NOT NULL,       -- 'rows' | 'columns'
  total_label VARCHAR NOT NULL,
  part_label  VARCHAR NOT NULL,
  complete    BOOLEAN NOT NULL,       -- false: partial breakdown, parts must not exceed the total
  position    INTEGER NOT NULL,
  total_key   BIGINT,                 -- the total's row_key (axis rows) or col_key (axis columns); NULL when no figure has the label
  part_key    BIGINT                  -- the same for the part
);

-- Bulk files (sources/<package>/tables/*.csv or *.parquet read by DuckDB): one row per file, filled by the
-- build. distinct_quantities: no two of its records can be the same quantity (measure, area, direction,
-- counterpart, breakdown and year of the period), because each of its key columns gives coordinates that no
-- other column gives, one to one; the check of figures stated twice then looks within it no further.
CREATE TABLE bulk_files (
  package     VARCHAR NOT NULL,
  table_id    VARCHAR NOT NULL,
  figures     VARCHAR NOT NULL,       -- the table of its stored figures (bulk_figures_N)
  records     BIGINT NOT NULL,
  distinct_quantities BOOLEAN NOT NULL,
  PRIMARY KEY (package, table_id)
);

-- Geography: every code observations use, with its kind.
CREATE TABLE geography (
  code   VARCHAR PRIMARY KEY,         -- ISO alpha-3, ISO 3166-3 alpha-3 for historical, or a group code
  name   VARCHAR NOT NULL,
  kind   VARCHAR NOT NULL             -- country | historical | aggregate | unspecified
);

CREATE TABLE geography_groups (
  group_code  VARCHAR NOT NULL,
  member      VARCHAR NOT NULL,
  valid_from  INTEGER,                -- year, inclusive; NULL: since ever
  valid_to    INTEGER                 -- year, inclusive; NULL: still
);

-- Every label as printed with what it was resolved to.
CREATE TABLE geography_labels (
  package VARCHAR NOT NULL,
  label   VARCHAR NOT NULL,
  code    VARCHAR NOT NULL,
  kind    VARCHAR NOT NULL,
  matched_by VARCHAR NOT NULL         -- iso | alias | package-alias
);

CREATE TABLE measures (
  measure   VARCHAR PRIMARY KEY,
  label     VARCHAR NOT NULL,
  kind      VARCHAR NOT NULL,         -- stock | flow | net_flow | share | rate | amount | count | index | area
  base_unit VARCHAR NOT NULL
);

-- How measures relate (sources/_reference/measure-relations.csv): part_of and registered_of, a figure of
-- measure counts a part of what related counts; rate_of, measure is related per denominator.
CREATE TABLE measure_relations (
  measure     VARCHAR NOT NULL,
  related     VARCHAR NOT NULL,
  relation    VARCHAR NOT NULL,       -- part_of | registered_of | rate_of
  denominator VARCHAR,                -- rate_of: the measure the rate is per
  note        VARCHAR NOT NULL,
  PRIMARY KEY (measure, related, relation)
);

-- Qualifier words and how they bound a printed value (sources/_reference/qualifiers.csv).
CREATE TABLE qualifiers (
  qualifier VARCHAR PRIMARY KEY,
  bound     VARCHAR NOT NULL,         -- point | approx | upper | lower | range
  widen     DOUBLE NOT NULL           -- relative tolerance on the open side (inf: unbounded)
);

-- The long fact table: one row per printed figure. Figures of printed tables and statements are stored
-- here; figures of bulk files are stored narrow (bulk_figures_N, with their coded values in
-- bulk_map_N_K), and the view observations, with these columns, is this table and every bulk file.
CREATE TABLE observations_printed (
  -- unique: the build guarantees it (no index: an index of millions of bulk figures costs more than the load)
  obs_id        VARCHAR NOT NULL,     -- 'azerbaijan-2008:t01/Russia/2006' or 'azerbaijan-2008:s-1.1-01'
  package       VARCHAR NOT NULL,
  origin_kind   VARCHAR NOT NULL,     -- 'table' | 'statement'
  table_id      VARCHAR,
  row_label     VARCHAR,
  col_label     VARCHAR,
  part          VARCHAR,              -- packed-cell part name or pair label
  statement_id  VARCHAR,
  file          VARCHAR NOT NULL,     -- path relative to the project root
  line          INTEGER NOT NULL,     -- 1-based line in file
  col           INTEGER NOT NULL,     -- 1-based column in file
  cell_text     VARCHAR,              -- the whole printed cell / value text
  value_text    VARCHAR,              -- the piece of it this figure was read from
  label         VARCHAR,              -- statement label, or 'row | column' for a cell
  section       VARCHAR,
  measure       VARCHAR NOT NULL,
  measure_kind  VARCHAR NOT NULL,
  ref_area      VARCHAR NOT NULL,
  direction     VARCHAR,              -- in | out | net
  counterpart   VARCHAR,              -- geography code
  counterpart_label VARCHAR,          -- as printed
  origin        VARCHAR,              -- for flows: derived from ref_area, direction, counterpart
  destination   VARCHAR,
  breakdown     VARCHAR NOT NULL,     -- '' for total
  period_text   VARCHAR,
  period_start  DATE,
  period_end    DATE,
  value         DOUBLE,               -- the number as printed (scale words applied: "1.15 million" -> 1150000)
  value_low     DOUBLE,               -- ranges ("16 to 25") and bounds
  value_high    DOUBLE,
  decimals      INTEGER,              -- decimals printed (for rounding tolerance)
  unit          VARCHAR,              -- as printed (or assumed, see unit_assumed)
  unit_assumed  BOOLEAN NOT NULL,
  multiplier    DOUBLE,               -- unit -> base unit
  base_unit     VARCHAR,
  value_base    DOUBLE,               -- value * multiplier
  rounding_base DOUBLE,               -- half of the last printed digit, in base units (0: an exact whole count)
  obs_status    VARCHAR NOT NULL,     -- SDMX OBS_STATUS: A normal, E estimated, P provisional, M/L missing
  missing       VARCHAR,              -- nil | missing | not-available, when the cell printed a marker
  is_estimate   BOOLEAN NOT NULL,
  is_partial    BOOLEAN NOT NULL,     -- partial period ("9 months")
  is_provisional BOOLEAN NOT NULL,
  is_cumulative BOOLEAN NOT NULL,
  is_unofficial BOOLEAN NOT NULL,
  qualifier     VARCHAR,
  citation      VARCHAR,              -- cited source id
  citation_year INTEGER,
  reporter      VARCHAR,              -- country whose statistical system recorded it
  footnote      VARCHAR,
  numerator_ref VARCHAR,              -- for shares and rates
  denominator_ref VARCHAR,
  part_of_ref   VARCHAR,              -- a printed total this figure is printed as a part of
  row_key       BIGINT,               -- the table's number for row_label (one per label: grouping on it is grouping on the label); NULL for statements
  col_key       BIGINT                -- the same for col_label
);

-- Every figure (replaced by the build when there are bulk files).
CREATE VIEW observations AS SELECT * FROM observations_printed;

-- The figures of bulk files that statements name (numerator_ref, denominator_ref, part_of_ref), and
-- where each is stored, filled by the build. A bulk figure's obs_id is computed from its labels: the
-- checks find the few named figures here rather than computing the id of millions.
CREATE TABLE figure_refs (
  obs_id   VARCHAR NOT NULL,
  package  VARCHAR NOT NULL,
  table_id VARCHAR NOT NULL,
  line     INTEGER NOT NULL,
  col      INTEGER NOT NULL
);

-- Acknowledged errors in the printed figures (checks/corrections.csv), filled by `npm run build`.
-- The printed value stays in observations; observations_clean applies these.
CREATE TABLE corrections (
  obs_id        VARCHAR PRIMARY KEY,
  original      VARCHAR NOT NULL,     -- the value as printed (must match observations.value_text)
  corrected     DOUBLE NOT NULL,      -- in the printed unit
  justification VARCHAR NOT NULL,
  author        VARCHAR NOT NULL,
  date          DATE NOT NULL
);
