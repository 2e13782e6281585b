// The layer rule (docs/architecture.md): folders are the stages of one flow, and a module imports only
// from its own stage or an earlier one. `npm run layers` checks it; CI runs it in .ci/run.
/** The stages in flow order; export and report are one rank (neither imports the other). */
const STAGES = [
  ["core", "^pipelines/core/"],
  ["reference", "^pipelines/reference/"],
  ["parse", "^pipelines/parse/"],
  ["import", "^pipelines/import/"],
  ["manifest", "^pipelines/manifest/"],
  ["normalize", "^pipelines/normalize/"],
  ["bulk", "^pipelines/bulk/"],
  ["load", "^pipelines/load/"],
  ["checks", "^checks/"],
  ["export", "^pipelines/export/"],
  ["report", "^pipelines/report/"],
  ["cli", "^pipelines/cli/"],
];
const RANK = { export: 9, report: 9 };
const rank = (name, i) => RANK[name] ?? i;

const laterStage = STAGES.flatMap(([name, path], i) => {
  const later = STAGES.filter(([other], j) => other !== name && rank(other, j) >= rank(name, i)).map(([, p]) => p);
  if (later.length === 0) return [];
  return {
    name: `no-later-stage-from-${name}`,
    comment: `${name} imports only from earlier stages (core -> reference -> parse -> import -> manifest -> normalize -> bulk -> load -> checks -> export/report -> cli) and schemas/`,
    severity: "error",
    from: { path },
    to: { path: `(${later.join("|")})` },
  };
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import cycle ties modules together: move the shared piece down to an earlier stage",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...laterStage,
    {
      name: "no-command-from-library",
      comment: "a command (pipelines/cli/) is an entry point: library code never imports one",
      severity: "error",
      from: { pathNot: "^(pipelines/cli|test|bench)/" },
      to: { path: "^pipelines/cli/" },
    },
    {
      name: "schemas-are-a-contract",
      comment: "schemas/ is the contract every stage may import; it imports no stage (its generator, an entry point, reads the check kinds' params)",
      severity: "error",
      from: { path: "^schemas/", pathNot: "^schemas/generate\\.ts$" },
      to: { path: "^(pipelines|checks)/" },
    },
    {
      name: "not-to-tests",
      comment: "product code never imports test/ or bench/ (they may import anything)",
      severity: "error",
      from: { path: "^(pipelines|checks|schemas)/" },
      to: { path: "^(test|bench)/" },
    },
  ],
  options: {
    // TypeScript 7 has no JavaScript API for dependency-cruiser; swc parses the .ts files, type-only imports included.
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|warehouse|sources|exports)/" },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
