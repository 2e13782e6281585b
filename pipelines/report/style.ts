// The report page's style sheet, inlined into its <style> (the page loads nothing): a printable,
// screen-first layout with one colour per severity.
export const STYLE = `
:root{--ink:#1d2733;--muted:#5b6675;--rule:#d5dbe2;--soft:#f4f6f8;--navy:#1f3b73;--error:#b3261e;--warning:#9a5b00;--info:#1f5fa8;--ok:#2f7d4f;--waived:#6b7280}
*{box-sizing:border-box}
html{background:#eef1f4}
body{margin:0;color:var(--ink);font:14px/1.5 "Source Sans 3","Segoe UI","Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif;font-variant-numeric:tabular-nums}
.wrap{max-width:1180px;margin:0 auto;padding:0 28px}
.masthead{background:var(--navy);color:#fff;padding:26px 0 22px;border-bottom:4px solid #d1822b}
.masthead .kicker{margin:0 0 6px;font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#c9d4e6}
.masthead h1{margin:0;font:600 26px/1.25 Georgia,"DejaVu Serif",serif}
.masthead .meta{margin:8px 0 0;color:#dfe6f1;font-size:13px}
nav.toc{background:#fff;border-bottom:1px solid var(--rule)}
nav.toc ol{list-style:none;margin:0 auto;padding:10px 28px;max-width:1180px;display:flex;flex-wrap:wrap;gap:6px 22px;font-size:13px}
nav.toc a{color:var(--navy);text-decoration:none;font-weight:600}
nav.toc .n{color:var(--muted);font-weight:400}
main{padding:8px 0 40px}
section.part{background:#fff;border:1px solid var(--rule);margin:22px 0;padding:6px 26px 22px}
h2{font:600 20px/1.3 Georgia,"DejaVu Serif",serif;color:var(--navy);margin:18px 0 12px;padding-bottom:8px;border-bottom:2px solid var(--navy)}
h3{font-size:16px;margin:26px 0 6px;color:var(--ink)}
h3 code{font-size:15px}
h4{font-size:14px;margin:0;font-weight:600;line-height:1.4}
p.lead{color:var(--muted);margin:4px 0 12px;max-width:900px}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px;background:var(--soft);padding:1px 4px;border-radius:2px}
.verdict{display:flex;align-items:center;gap:10px;padding:10px 14px;margin:12px 0 16px;border-left:5px solid var(--ok);background:#edf6f0;font-weight:600}
.verdict.fail{border-color:var(--error);background:#fbeceb}
.tiles{display:grid;grid-template-columns:repeat(7,1fr);gap:10px;margin:0 0 14px}
.tile{border:1px solid var(--rule);border-top:4px solid var(--muted);padding:8px 12px 10px;background:#fff}
.tile .v{font-size:26px;font-weight:700;line-height:1.2}
.tile .k{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.tile.error{border-top-color:var(--error)}.tile.error .v{color:var(--error)}
.tile.warning{border-top-color:var(--warning)}.tile.warning .v{color:var(--warning)}
.tile.info{border-top-color:var(--info)}.tile.info .v{color:var(--info)}
.tile.waived{border-top-color:var(--waived)}
.tile.total,.tile.checks{border-top-color:var(--navy)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--rule)}
th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em;border-bottom:2px solid var(--ink);white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
table.checks td{font-size:13px}
.pass{color:var(--ok);font-weight:600}.fail{color:var(--error);font-weight:600}
.badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;padding:1px 7px;border-radius:3px;color:#fff;background:var(--muted);vertical-align:1px;margin-right:6px}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.info{background:var(--info)}
.badge.waived{background:#fff;color:var(--waived);border:1px solid var(--waived)}
.badge.corrected{background:#fff;color:var(--ok);border:1px solid var(--ok)}
.note.correction{border-left-color:var(--ok)}
.tile.corrected{border-top-color:var(--ok)}
.check-head{margin:28px 0 10px;padding:0 0 6px;border-bottom:1px solid var(--rule)}
.check-head p{margin:2px 0 0;color:var(--muted);font-size:13px}
article.finding{border:1px solid var(--rule);border-left:5px solid var(--muted);margin:14px 0;padding:12px 16px 14px;background:#fff;break-inside:avoid}
article.finding.error{border-left-color:var(--error)}article.finding.warning{border-left-color:var(--warning)}article.finding.info{border-left-color:var(--info)}
article.finding.is-waived{border-left-style:double;background:#fcfcfd}
.fid{margin:4px 0 8px;font-size:12px;color:var(--muted)}
.note{margin:8px 0;padding:7px 11px;font-size:13px;background:var(--soft);border-left:3px solid var(--muted)}
.note.explanation{border-left-color:var(--navy);background:#eef2f9}
.note.waiver{border-left-color:var(--waived)}
.note strong{color:var(--ink)}
.body{display:flex;flex-wrap:wrap;gap:14px 22px;align-items:flex-start;margin-top:8px}
.body .values{flex:1 1 540px;min-width:0;overflow-x:auto}
table.values{font-size:12.5px}
table.values td{padding:4px 8px}
table.values td.value{font-weight:700;text-align:right;white-space:nowrap}
table.values td.where{white-space:nowrap;color:var(--muted);font-size:11.5px}
table.values td.src{color:var(--muted);min-width:220px}
.corrected{display:block;font-weight:400;color:var(--ok);font-size:11px}
figure.chart{margin:0;padding:10px 12px 8px;border:1px solid var(--rule);background:#fff;max-width:100%;overflow-x:auto}
figure.chart .chart-title{display:block;font-weight:700;font-size:13.5px;color:var(--ink)}
figure.chart .chart-sub{display:block;font-size:12px;color:var(--muted);margin:1px 0 6px}
figure.chart svg{display:block;max-width:none;height:auto}
figure.chart figcaption{font-size:12px;color:var(--muted);margin-top:4px;max-width:760px}
table.checks td:first-child,table.checks td:last-child{white-space:nowrap}
table.values td.period{white-space:nowrap}
.shared-source{margin:6px 0 4px;font-size:12.5px;color:var(--muted)}
.shared-source span{color:var(--ink)}
figure.chart figcaption.explained{color:var(--ink);background:#eef2f9;border-left:3px solid var(--navy);padding:6px 10px;margin-top:8px;font-size:12.5px}
.series-grid{display:grid;grid-template-columns:1fr;gap:18px}
.passed{color:var(--muted);font-size:13px}
footer{color:var(--muted);font-size:12px;margin:18px 0 0;padding:12px 0;border-top:1px solid var(--rule)}
@media print{html{background:#fff}section.part{border:0;padding:0}nav.toc{display:none}}
`;
