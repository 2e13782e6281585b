-- Descriptions kept in the database, so that `.schema NAME` in `npm run sql` and the exported
-- datapackage.json (field descriptions) say what each table and column holds.

COMMENT ON TABLE packages IS 'One row per source package (a publication as printed), with its provenance';
COMMENT ON TABLE citations IS 'The sources each publication cites, with publication year and reporting country';
COMMENT ON TABLE footnotes IS 'Footnotes of each publication, as the citation they refer to and flags';
COMMENT ON TABLE source_tables IS 'Printed tables: number, title, unit and Source line as printed';
COMMENT ON TABLE table_hierarchy IS 'Declared table structure: total = sum of parts along an axis, by printed label';
COMMENT ON TABLE bulk_files IS 'Bulk files: the table of each one''s stored figures, its records, and whether no two of them can be the same quantity';
COMMENT ON TABLE geography IS 'Every geography code the observations use: ISO 3166-1 alpha-3, historical (ISO 3166-3) and groups';
COMMENT ON TABLE geography_groups IS 'Group membership (CIS, EU, ...) with validity years';
COMMENT ON TABLE geography_labels IS 'Every country label as printed and the code it resolved to';
COMMENT ON TABLE measures IS 'The measures figures can be of, with their kind and base unit';
COMMENT ON TABLE measure_relations IS 'How measures relate (sources/_reference/measure-relations.csv): part_of and registered_of, measure counts a part of what related counts; rate_of, measure is related per denominator';
COMMENT ON TABLE qualifiers IS 'Qualifier words ("about", "up to") and how they bound a printed value';
COMMENT ON VIEW observations IS 'One row per printed figure: where it was printed, what it is, its value, status and source';
COMMENT ON TABLE observations_printed IS 'The figures of printed tables and statements as stored (observations is this table and every bulk file''s figures)';
COMMENT ON TABLE corrections IS 'Acknowledged errors in printed figures (checks/corrections.csv), applied by npm run build';

COMMENT ON COLUMN packages.package IS 'package id (its folder under sources/)';
COMMENT ON COLUMN packages.pub_date IS 'publication date as YYYY, YYYY-MM or YYYY-MM-DD';
COMMENT ON COLUMN packages.isbn IS 'ISBNs joined by ''; ''';
COMMENT ON COLUMN packages.reporting_country IS 'the country the profile is about (ISO 3166-1 alpha-3)';
COMMENT ON COLUMN packages.provenance IS 'JSON: the transcribed file, its SHA-256, transcription date and notes';

COMMENT ON COLUMN citations.citation IS 'citation id, unique within the package';
COMMENT ON COLUMN citations.printed IS 'the reference as printed in the publication';
COMMENT ON COLUMN citations.year IS 'year the cited source was published';
COMMENT ON COLUMN citations.reporter IS 'ISO alpha-3 of the national statistical system that produced the figures';
COMMENT ON COLUMN citations.kind IS 'national-statistics | government | international | ngo | academic | media | publisher';

COMMENT ON COLUMN footnotes.mark IS 'footnote mark as printed';
COMMENT ON COLUMN footnotes.flags IS ''';''-separated: estimate, unofficial, cumulative, provisional, partial';
COMMENT ON COLUMN footnotes.line IS '1-based line in footnotes.csv';

COMMENT ON COLUMN source_tables.number IS 'table number as printed';
COMMENT ON COLUMN source_tables.file IS 'the transcribed CSV, relative to the project root';
COMMENT ON COLUMN source_tables.unit_printed IS 'the unit printed with the table (empty when none)';
COMMENT ON COLUMN source_tables.source_printed IS 'the table''s Source line as printed';
COMMENT ON COLUMN source_tables.citation IS 'citation id of the table''s source';
COMMENT ON COLUMN source_tables.row_dimension IS 'what row labels mean: counterpart | period | measure | breakdown | none';
COMMENT ON COLUMN source_tables.column_dimension IS 'what column labels mean: counterpart | period | measure | breakdown | none';

COMMENT ON COLUMN table_hierarchy.axis IS 'rows | columns';
COMMENT ON COLUMN table_hierarchy.complete IS 'true: the parts add up to the total; false: a partial breakdown that must not exceed it';
COMMENT ON COLUMN table_hierarchy.position IS '0-based position of the part under its total';
COMMENT ON COLUMN bulk_files.figures IS 'the table of its stored figures (bulk_figures_N; the view observations computes every column from it)';
COMMENT ON COLUMN bulk_files.distinct_quantities IS 'true: each key column gives coordinates (measure, area, direction, counterpart, breakdown, year) no other column gives, one to one, so no two records are the same quantity';

COMMENT ON COLUMN geography.code IS 'ISO 3166-1 alpha-3, ISO 3166-3 alpha-3 for historical entities, or a group code';
COMMENT ON COLUMN geography.kind IS 'country | historical | aggregate | unspecified';
COMMENT ON COLUMN geography_groups.valid_from IS 'first year of membership, inclusive (NULL: since ever)';
COMMENT ON COLUMN geography_groups.valid_to IS 'last year of membership, inclusive (NULL: still a member)';
COMMENT ON COLUMN geography_labels.matched_by IS 'iso | alias | package-alias';

COMMENT ON COLUMN measures.kind IS 'stock | flow | net_flow | share | rate | amount | count | index | area';
COMMENT ON COLUMN measures.base_unit IS 'the unit value_base is expressed in';
COMMENT ON COLUMN qualifiers.bound IS 'point | approx | upper | lower | range';
COMMENT ON COLUMN qualifiers.widen IS 'relative tolerance on the open side (inf: unbounded)';

COMMENT ON COLUMN observations.obs_id IS 'stable id: <package>:<table>/<row>/<column> for a cell, <package>:<statement id> for a figure of the text';
COMMENT ON COLUMN observations.package IS 'source package (publication) id';
COMMENT ON COLUMN observations.origin_kind IS 'table: a cell of a printed table; statement: a figure of the running text';
COMMENT ON COLUMN observations.table_id IS 'printed table id (source_tables.table_id)';
COMMENT ON COLUMN observations.row_label IS 'printed row label';
COMMENT ON COLUMN observations.col_label IS 'printed column label';
COMMENT ON COLUMN observations.part IS 'packed-cell part name or pair label';
COMMENT ON COLUMN observations.statement_id IS 'statement id in statements.csv';
COMMENT ON COLUMN observations.file IS 'transcribed file, relative to the project root';
COMMENT ON COLUMN observations.line IS '1-based line in file';
COMMENT ON COLUMN observations.col IS '1-based column in file';
COMMENT ON COLUMN observations.cell_text IS 'the whole printed cell or value text';
COMMENT ON COLUMN observations.value_text IS 'the piece of the cell this figure was read from, as printed';
COMMENT ON COLUMN observations.label IS 'statement label, or ''table title: row | column'' for a cell';
COMMENT ON COLUMN observations.section IS 'section of the publication';
COMMENT ON COLUMN observations.measure IS 'measure code (measures.measure)';
COMMENT ON COLUMN observations.measure_kind IS 'stock | flow | net_flow | share | rate | amount | count | index | area';
COMMENT ON COLUMN observations.ref_area IS 'the country the figure is about (ISO 3166-1 alpha-3)';
COMMENT ON COLUMN observations.direction IS 'in | out | net, seen from ref_area';
COMMENT ON COLUMN observations.counterpart IS 'partner country or group code (geography.code)';
COMMENT ON COLUMN observations.counterpart_label IS 'partner country or group as printed';
COMMENT ON COLUMN observations.origin IS 'for flows: the origin, derived from ref_area, direction and counterpart';
COMMENT ON COLUMN observations.destination IS 'for flows: the destination, derived from ref_area, direction and counterpart';
COMMENT ON COLUMN observations.breakdown IS 'key=value pairs joined by '';'' (sex=F, area=urban); the empty string is the total';
COMMENT ON COLUMN observations.period_text IS 'the period as printed';
COMMENT ON COLUMN observations.period_start IS 'first day of the period';
COMMENT ON COLUMN observations.period_end IS 'last day of the period (equal to period_start for an instant)';
COMMENT ON COLUMN observations.value IS 'the number in the printed unit, scale words applied (1.15 million -> 1150000)';
COMMENT ON COLUMN observations.value_low IS 'lower end of a printed range (16 to 25), in the printed unit';
COMMENT ON COLUMN observations.value_high IS 'upper end of a printed range, in the printed unit';
COMMENT ON COLUMN observations.decimals IS 'decimals printed (for the rounding tolerance)';
COMMENT ON COLUMN observations.unit IS 'the unit as printed, or assumed (see unit_assumed)';
COMMENT ON COLUMN observations.unit_assumed IS 'true when no unit was printed and the table''s assumed unit applies';
COMMENT ON COLUMN observations.multiplier IS 'factor from unit to base_unit';
COMMENT ON COLUMN observations.base_unit IS 'base unit: persons, USD, ratio, km2, cases, count, rank';
COMMENT ON COLUMN observations.value_base IS 'value * multiplier, in base_unit';
COMMENT ON COLUMN observations.rounding_base IS 'half of the last printed digit, in base_unit';
COMMENT ON COLUMN observations.obs_status IS 'SDMX OBS_STATUS: A normal, E estimated, P provisional, M missing, L not available';
COMMENT ON COLUMN observations.missing IS 'nil | missing | not-available, when the cell printed a marker (-, blank, N/A)';
COMMENT ON COLUMN observations.is_estimate IS 'printed as an estimate';
COMMENT ON COLUMN observations.is_partial IS 'covers part of the period only (9 months)';
COMMENT ON COLUMN observations.is_provisional IS 'printed as provisional';
COMMENT ON COLUMN observations.is_cumulative IS 'cumulated over the period (since 2001, by 2005)';
COMMENT ON COLUMN observations.is_unofficial IS 'printed as unofficial';
COMMENT ON COLUMN observations.qualifier IS 'qualifier word as printed (about, up to, over); see qualifiers';
COMMENT ON COLUMN observations.citation IS 'cited source id (citations.citation)';
COMMENT ON COLUMN observations.citation_year IS 'publication year of the cited source';
COMMENT ON COLUMN observations.reporter IS 'country whose statistical system recorded the figure (ISO alpha-3)';
COMMENT ON COLUMN observations.footnote IS 'footnote mark attached to the figure';
COMMENT ON COLUMN observations.numerator_ref IS 'for shares and rates: obs_id of the numerator (measure:<code> when it is not printed)';
COMMENT ON COLUMN observations.denominator_ref IS 'for shares and rates: obs_id of the denominator (measure:<code> when it is not printed)';
COMMENT ON COLUMN observations.part_of_ref IS 'obs_id of a printed total this figure is printed as a part of';

COMMENT ON COLUMN corrections.original IS 'the value as printed (observations.value_text)';
COMMENT ON COLUMN corrections.corrected IS 'the corrected value, in the printed unit';
